"""The DR site component: the DR network and image replication, each in its explicit region."""

import json

import pytest

from components.foundation.network import NetworkArgs
from components.resilience.dr_site import DrSite, DrSiteArgs, ImageReplicationArgs
from tests.support import (
    ACCOUNT_ID,
    DR_REGION,
    PRIMARY_REGION,
    in_provider,
    policy_document,
    provider,
    record,
)

DR_KEY = f"arn:aws:kms:{DR_REGION}:{ACCOUNT_ID}:key/mrk-cluster"
DR_LOGS_KEY = f"arn:aws:kms:{DR_REGION}:{ACCOUNT_ID}:key/mrk-logs"


def dr_network(region=DR_REGION) -> NetworkArgs:
    return NetworkArgs(
        cidr_block="10.130.0.0/16",
        az_count=2,
        region=region,
        account_id=ACCOUNT_ID,
        logs_kms_key_arn=DR_LOGS_KEY,
        nat_per_az=False,
        vpc_endpoints=False,
    )


def build_site(*, network: bool = True, images: bool = True):
    def build():
        primary = provider()
        dr = provider(DR_REGION, "test-aws-dr")
        replication = (
            ImageReplicationArgs(
                source_provider=primary,
                source_region=PRIMARY_REGION,
                account_id=ACCOUNT_ID,
                repository_prefix="mobile",
                kms_key_arn=DR_KEY,
            )
            if images
            else None
        )
        DrSite(
            "mobile-prod-dr",
            DrSiteArgs(region=DR_REGION, network=dr_network() if network else None, image_replication=replication),
            opts=in_provider(dr),
        )

    return record(build)


def test_dr_network_is_a_full_network_in_the_dr_region():
    recorded = build_site()
    vpc = recorded.one("aws:ec2/vpc:Vpc")
    assert vpc.region == DR_REGION and vpc.inputs["cidrBlock"] == "10.130.0.0/16"
    assert recorded.one("aws:ec2/flowLog:FlowLog").region == DR_REGION
    assert {s.region for s in recorded.of_type("aws:ec2/subnet:Subnet")} == {DR_REGION}
    network = recorded.one("bulkhead:network:Network")
    assert network.parent == recorded.one("bulkhead:dr:DrSite").urn


def test_every_dr_resource_but_the_source_rule_is_in_the_dr_region():
    recorded = build_site()
    regions = {
        r.type: r.region
        for r in recorded.records
        if r.custom
        and r.type.startswith("aws:")
        and r.type != "aws:iam/role:Role"
        and r.type != "aws:iam/rolePolicy:RolePolicy"
    }
    assert regions.pop("aws:ecr/replicationConfiguration:ReplicationConfiguration") == PRIMARY_REGION
    assert set(regions.values()) == {DR_REGION}


def test_replication_sends_the_prefixed_repositories_to_the_dr_region():
    rule = (
        build_site()
        .one("aws:ecr/replicationConfiguration:ReplicationConfiguration")
        .inputs["replicationConfiguration"]["rules"]
    )
    assert rule == [
        {
            "destinations": [{"region": DR_REGION, "registryId": ACCOUNT_ID}],
            "repositoryFilters": [{"filter": "mobile", "filterType": "PREFIX_MATCH"}],
        }
    ]


def test_replicated_repositories_are_created_cmk_encrypted_and_immutable():
    template = build_site().one("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    assert template.inputs["appliedFors"] == ["REPLICATION"]
    assert template.inputs["prefix"] == "mobile"
    assert template.inputs["imageTagMutability"] == "IMMUTABLE"
    assert template.inputs["encryptionConfigurations"] == [{"encryptionType": "KMS", "kmsKey": DR_KEY}]
    assert json.loads(template.inputs["lifecyclePolicy"])["rules"][0]["selection"]["tagStatus"] == "untagged"


def test_template_role_is_scoped_to_the_prefix_and_the_dr_key():
    recorded = build_site()
    role = recorded.one("aws:iam/role:Role", "-ecr-template-role")
    trust = policy_document(role, "assumeRolePolicy")["Statement"][0]
    assert trust["Principal"] == {"Service": "ecr.amazonaws.com"}
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}
    statements = policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy", "-ecr-template-role-policy"))[
        "Statement"
    ]
    assert [s["Resource"] for s in statements] == [
        [f"arn:aws:ecr:{DR_REGION}:{ACCOUNT_ID}:repository/mobile/*"],
        [DR_KEY],
    ]
    assert all("*" not in action for s in statements for action in s["Action"])


def test_backup_restore_site_has_images_but_no_network():
    recorded = build_site(network=False)
    assert recorded.of_type("aws:ec2/vpc:Vpc") == []
    assert len(recorded.of_type("aws:ecr/replicationConfiguration:ReplicationConfiguration")) == 1


def test_rejects_a_network_outside_the_dr_region():
    with pytest.raises(
        ValueError, match=r"DrSiteArgs.network.region: must be the DR region us-west-2 \(got us-east-1\)"
    ):
        DrSiteArgs(region=DR_REGION, network=dr_network(PRIMARY_REGION))


def test_rejects_a_repository_prefix_ecr_would_not_accept():
    with pytest.raises(ValueError, match=r"repository_prefix: must be a lowercase ECR namespace .* \(got 'Mobile/'\)"):
        ImageReplicationArgs(
            source_provider=None,
            source_region=PRIMARY_REGION,
            account_id=ACCOUNT_ID,
            repository_prefix="Mobile/",
            kms_key_arn=DR_KEY,
        )
