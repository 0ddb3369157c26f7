"""The shipped stacks' network and keys, from the recorded offline plan of each environment."""

import pytest

from components.foundation.keys import KEY_PURPOSES
from tests.support import plan_modified, shipped_plan

EXPECTED = {
    # environment: (AZs, NAT gateways, interface+gateway endpoints, key deletion window, DR region);
    # staging and prod: S3, the seven of the network, and sqs and appconfigdata for the queues and flags.
    "dev": (2, 1, 0, 7, None),
    "staging": (3, 1, 10, 14, "us-west-2"),
    "prod": (3, 3, 10, 30, "us-west-2"),
}


@pytest.mark.parametrize("environment", EXPECTED)
def test_network_shape_per_environment(environment):
    azs, nats, endpoints, _, _ = EXPECTED[environment]
    plan = shipped_plan(environment)
    vpcs = [vpc for vpc in plan.of_type("aws:ec2/vpc:Vpc") if vpc.region == plan.region]
    assert len(vpcs) == 1
    primary_subnets = [s for s in plan.of_type("aws:ec2/subnet:Subnet") if s.region == plan.region]
    assert len(primary_subnets) == 3 * azs
    assert len({s.inputs["availabilityZone"] for s in primary_subnets}) == azs
    assert len([n for n in plan.of_type("aws:ec2/natGateway:NatGateway") if n.region == plan.region]) == nats
    primary_endpoints = [e for e in plan.of_type("aws:ec2/vpcEndpoint:VpcEndpoint") if e.region == plan.region]
    assert len(primary_endpoints) == endpoints


@pytest.mark.parametrize("environment", EXPECTED)
def test_every_flow_log_goes_to_an_encrypted_log_group(environment):
    plan = shipped_plan(environment)
    flow_logs = plan.of_type("aws:ec2/flowLog:FlowLog")
    assert len(flow_logs) == len(plan.of_type("aws:ec2/vpc:Vpc"))
    groups = {g.outputs["arn"]: g for g in plan.of_type("aws:cloudwatch/logGroup:LogGroup")}
    key_arns = {k.outputs["arn"] for k in plan.of_type("aws:kms/key:Key")} | {
        k.outputs["arn"] for k in plan.of_type("aws:kms/replicaKey:ReplicaKey")
    }
    for flow_log in flow_logs:
        assert flow_log.inputs["trafficType"] == "ALL"
        assert groups[flow_log.inputs["logDestination"]].inputs["kmsKeyId"] in key_arns


@pytest.mark.parametrize("environment", EXPECTED)
def test_every_default_security_group_is_empty(environment):
    plan = shipped_plan(environment)
    groups = plan.of_type("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert len(groups) == len(plan.of_type("aws:ec2/vpc:Vpc"))
    assert all(g.inputs["ingress"] == [] and g.inputs["egress"] == [] for g in groups)


@pytest.mark.parametrize("environment", EXPECTED)
def test_keys_per_environment(environment):
    _, _, _, window, dr_region = EXPECTED[environment]
    plan = shipped_plan(environment)
    keys = [k for k in plan.of_type("aws:kms/key:Key") if k.name.startswith(f"mobile-{environment}-keys-")]
    # The audit key encrypts the account's trail: only the stack that owns it (prod here) has one.
    expected = [p for p in KEY_PURPOSES if p != "audit" or environment == "prod"]
    assert sorted(k.name.rsplit("-", 1)[1] for k in keys) == sorted(expected)
    for key in keys:
        assert key.inputs["enableKeyRotation"] is True
        assert key.inputs["deletionWindowInDays"] == window
        assert key.inputs["multiRegion"] is (dr_region is not None)
    replicas = plan.of_type("aws:kms/replicaKey:ReplicaKey")
    if dr_region is None:
        assert replicas == []
    else:
        assert {r.region for r in replicas} == {dr_region}
        assert len(replicas) >= len(KEY_PURPOSES) - 1


@pytest.mark.parametrize("environment", EXPECTED)
def test_every_aws_resource_has_an_explicit_region_provider(environment):
    plan = shipped_plan(environment)
    providers = {p.urn: p.inputs["region"] for p in plan.of_type("pulumi:providers:aws")}
    for resource in plan.resources:
        if resource.custom and resource.type.startswith("aws:"):
            assert resource.provider in providers, f"{resource.name} uses the ambient default provider"
            assert resource.region == resource.inputs.get("region", providers[resource.provider])


def test_keys_wait_for_the_autoscaling_service_role_when_the_stack_creates_it(tmp_path):
    plan = plan_modified(
        tmp_path, "dev", lambda settings: settings["keys"].update(create_autoscaling_service_role=True)
    )
    [role] = plan.of_type("aws:iam/serviceLinkedRole:ServiceLinkedRole")
    assert role.inputs["awsServiceName"] == "autoscaling.amazonaws.com"
    for key in plan.of_type("aws:kms/key:Key"):
        assert role.urn in key.dependencies, f"{key.name} may be created before the role its policy names"


def test_shipped_stacks_expect_the_autoscaling_service_role_to_exist():
    for environment in EXPECTED:
        assert shipped_plan(environment).of_type("aws:iam/serviceLinkedRole:ServiceLinkedRole") == []
