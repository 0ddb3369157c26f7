"""Backups and DR of the shipped stacks, from the recorded plan: what each strategy creates, and where."""

import json
from pathlib import Path

import pytest

from bulkhead.plan.posture import compute_posture, failures
from bulkhead.runbooks.outputs import parse_outputs
from infra.wiring.workloads import in_dr_registry
from tests.settings.support import shipped_stack
from tests.support import ACCOUNT_ID, DR_REGION, PRIMARY_REGION, plan_modified, shipped_plan

VAULT = "aws:backup/vault:Vault"
LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
RDS_CLUSTER = "aws:rds/cluster:Cluster"
CACHE_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
EKS = "aws:eks/cluster:Cluster"
VPC = "aws:ec2/vpc:Vpc"
ENVIRONMENTS = ("dev", "staging", "prod")
# environment -> (DR strategy, DR VPC, Aurora secondary, cache secondary, standby cluster, vault locks)
EXPECTED = {
    "dev": ("none", 0, 0, 0, 0, 0),
    "staging": ("backup-restore", 0, 0, 0, 0, 0),
    "prod": ("warm-standby", 1, 1, 1, 1, 2),
}


def in_region(plan, resource_type, region):
    return [record for record in plan.of_type(resource_type) if record.region == region]


def snapshot_rule(plan):
    (backup_plan,) = plan.of_type("aws:backup/plan:Plan")
    return next(rule for rule in backup_plan.inputs["rules"] if rule["ruleName"] == "snapshots")


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_dr_resources_per_strategy(environment):
    strategy, vpcs, databases, caches, clusters, locks = EXPECTED[environment]
    plan = shipped_plan(environment)
    assert plan.outputs["dr_strategy"] == strategy
    assert len(in_region(plan, VPC, DR_REGION)) == vpcs
    assert len(in_region(plan, RDS_CLUSTER, DR_REGION)) == databases
    assert len(in_region(plan, CACHE_GROUP, DR_REGION)) == caches
    assert len(in_region(plan, EKS, DR_REGION)) == clusters
    assert len(plan.of_type(LOCK)) == locks


def test_dev_keeps_everything_in_its_region():
    plan = shipped_plan("dev")
    assert {r.region for r in plan.resources if r.custom and r.region} == {PRIMARY_REGION}
    assert "copyActions" not in snapshot_rule(plan)
    assert plan.of_type("aws:ecr/replicationConfiguration:ReplicationConfiguration") == []


@pytest.mark.parametrize("environment", ["staging", "prod"])
def test_backups_are_copied_to_a_dr_vault_on_the_dr_replica_of_the_backup_key(environment):
    plan = shipped_plan(environment)
    (dr_vault,) = in_region(plan, VAULT, DR_REGION)
    replica_keys = {k.outputs["arn"]: k for k in plan.of_type("aws:kms/replicaKey:ReplicaKey")}
    assert replica_keys[dr_vault.inputs["kmsKeyArn"]].name.endswith("-backup-replica")
    assert [copy["destinationVaultArn"] for copy in snapshot_rule(plan)["copyActions"]] == [dr_vault.outputs["arn"]]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_aurora_cluster_of_the_primary_region_is_selected_by_arn(environment):
    plan = shipped_plan(environment)
    (selection,) = plan.of_type("aws:backup/selection:Selection")
    primary_clusters = {c.outputs["arn"] for c in in_region(plan, RDS_CLUSTER, PRIMARY_REGION)}
    assert primary_clusters and set(selection.inputs["resources"]) == primary_clusters
    assert plan.outputs["backup"]["protected_resource_arns"] == selection.inputs["resources"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_backup_key_lets_aws_backup_publish_to_its_encrypted_topic(environment):
    plan = shipped_plan(environment)
    key = next(k for k in plan.of_type("aws:kms/key:Key") if k.name.endswith("-backup"))
    services = [s["Principal"] for s in json.loads(key.inputs["policy"])["Statement"] if "Service" in s["Principal"]]
    assert {"Service": "backup.amazonaws.com"} in services
    (topic,) = [t for t in plan.of_type("aws:sns/topic:Topic") if t.name.endswith("-backup-events")]
    assert topic.inputs["kmsMasterKeyId"] == key.outputs["arn"]


def test_prod_locks_both_vaults_in_compliance_mode_and_tests_restores():
    plan = shipped_plan("prod")
    locks = plan.of_type(LOCK)
    assert sorted(lock.region for lock in locks) == [PRIMARY_REGION, DR_REGION]
    assert all(lock.inputs["changeableForDays"] == 3 and lock.inputs["minRetentionDays"] == 35 for lock in locks)
    (selection,) = plan.of_type("aws:backup/restoreTestingSelection:RestoreTestingSelection")
    assert selection.inputs["protectedResourceArns"] == plan.outputs["backup"]["protected_resource_arns"]
    continuous = [r for r in plan.of_type("aws:backup/plan:Plan")[0].inputs["rules"] if r.get("enableContinuousBackup")]
    assert [rule["lifecycle"]["deleteAfter"] for rule in continuous] == [35]


def test_prod_secondaries_join_the_primaries_global_groups():
    plan = shipped_plan("prod")
    (primary_db,) = in_region(plan, RDS_CLUSTER, PRIMARY_REGION)
    (dr_db,) = in_region(plan, RDS_CLUSTER, DR_REGION)
    assert dr_db.inputs["globalClusterIdentifier"] == primary_db.inputs["globalClusterIdentifier"]
    dr_subnets = {s.outputs["id"] for s in in_region(plan, "aws:ec2/subnet:Subnet", DR_REGION)}
    dr_group = next(g for g in in_region(plan, "aws:rds/subnetGroup:SubnetGroup", DR_REGION))
    assert set(dr_group.inputs["subnetIds"]) <= dr_subnets
    (dr_cache,) = in_region(plan, CACHE_GROUP, DR_REGION)
    (global_cache,) = plan.of_type("aws:elasticache/globalReplicationGroup:GlobalReplicationGroup")
    assert dr_cache.inputs["globalReplicationGroupId"] == global_cache.outputs["globalReplicationGroupId"]


def test_prod_standby_cluster_is_scaled_down_and_pulls_from_the_dr_registry():
    plan = shipped_plan("prod")
    node_groups = {g.region: g for g in plan.of_type("aws:eks/nodeGroup:NodeGroup")}
    assert node_groups[DR_REGION].inputs["scalingConfig"]["minSize"] == 2
    assert (
        node_groups[DR_REGION].inputs["scalingConfig"]["minSize"]
        < node_groups[PRIMARY_REGION].inputs["scalingConfig"]["minSize"]
    )
    images = [
        container["image"]
        for d in plan.of_type("kubernetes:apps/v1:Deployment")
        if "::bulkhead-kubernetes-standby::" in d.urn  # the standby cluster's Kubernetes layer
        for container in d.inputs["spec"]["template"]["spec"]["containers"]
    ]
    assert images and all(f".dkr.ecr.{PRIMARY_REGION}." not in image for image in images)
    dr_registry = f"{ACCOUNT_ID}.dkr.ecr.{DR_REGION}.amazonaws.com/mobile/"
    assert any(image.startswith(dr_registry) for image in images)


@pytest.mark.parametrize("environment", ["staging", "prod"])
def test_every_dr_region_resource_goes_through_the_explicit_dr_provider(environment):
    plan = shipped_plan(environment)
    (dr_provider,) = [r for r in plan.resources if r.type == "pulumi:providers:aws" and r.region == DR_REGION]
    in_dr = [r for r in plan.resources if r.custom and r.region == DR_REGION and r.type.startswith("aws:")]
    assert in_dr and all(r.provider == dr_provider.urn for r in in_dr)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_shipped_stacks_meet_their_dr_targets(environment):
    assert failures(compute_posture(shipped_plan(environment))) == []


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_outputs_satisfy_the_runbooks_contract(environment):
    plan = shipped_plan(environment)
    outputs = parse_outputs(plan.outputs)
    assert outputs.backup.vault_arn.startswith(f"arn:aws:backup:{PRIMARY_REGION}:")
    assert outputs.backup.schedule == snapshot_rule(plan)["schedule"]
    # The lock bounds `backup verify` expects are those the plan configures.
    declared = {lock for lock in (outputs.backup.vault_lock, outputs.backup.dr_vault_lock) if lock is not None}
    assert {(lock.min_retention_days, lock.max_retention_days) for lock in declared} == {
        (record.inputs["minRetentionDays"], record.inputs["maxRetentionDays"]) for record in plan.of_type(LOCK)
    }
    if environment == "prod":
        assert outputs.databases[0].dr_cluster_arn.startswith(f"arn:aws:rds:{DR_REGION}:")
        assert outputs.caches[0].dr_replication_group_id
        assert outputs.backup.vault_lock is not None and outputs.backup.dr_vault_lock is not None


def test_pilot_light_replicates_the_data_into_a_dr_network_without_compute(tmp_path: Path):
    def to_pilot_light(settings):
        settings["dr"].update(strategy="pilot-light", network={"cidr_block": "10.120.0.0/16", "nat_gateways": "single"})
        settings["cache"]["node_type"] = "cache.r7g.large"  # global datastores refuse burstable nodes
        # RDS cannot manage a global cluster's secret: the blueprint deploys AWS's rotation function for it.
        settings["database"]["master_secret_rotation"] = {"every_days": 30}

    plan = plan_modified(tmp_path, "staging", to_pilot_light)
    assert plan.outputs["dr_strategy"] == "pilot-light"
    assert len(in_region(plan, VPC, DR_REGION)) == 1
    assert len(in_region(plan, RDS_CLUSTER, DR_REGION)) == 1
    assert len(in_region(plan, CACHE_GROUP, DR_REGION)) == 1
    assert in_region(plan, EKS, DR_REGION) == []
    posture = compute_posture(plan)
    assert posture.dr_compute == "network-only"
    assert {store.achieved.rto_minutes for store in posture.stores} == {5 + 45}
    assert failures(posture) == []


def test_a_stack_that_misses_its_target_fails_with_the_exact_message(tmp_path: Path):
    plan = plan_modified(tmp_path, "dev", lambda settings: settings["dr"].update(rpo_minutes=1))
    posture = compute_posture(plan)
    assert failures(posture) == [
        "database mobile-dev-db-cluster: RPO 5 min (RDS automated backups, point-in-time restore in "
        "us-east-1 (7 days)) misses the target of 1 min"
    ]


def test_standby_images_move_to_the_dr_registry_and_others_stay():
    services = shipped_stack("prod").services
    others = [
        services[0].model_copy(update={"image": services[0].image.model_copy(update={"repository": repository})})
        for repository in (
            "public.ecr.aws/acme/api",
            f"{ACCOUNT_ID}.dkr.ecr.{PRIMARY_REGION}.amazonaws.com/shared/api",
        )
    ]
    moved = in_dr_registry(
        (services[0], *others), primary_region=PRIMARY_REGION, dr_region=DR_REGION, repository_prefix="mobile"
    )
    assert moved[0].image.repository == f"{ACCOUNT_ID}.dkr.ecr.{DR_REGION}.amazonaws.com/mobile/api"
    assert moved[0].image.digest == services[0].image.digest
    assert [service.image.repository for service in moved[1:]] == [o.image.repository for o in others]


def test_prod_standby_services_reach_the_dr_secondaries_only_through_their_grants_and_ports():
    plan = shipped_plan("prod")
    rules = plan.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    standby = [r for r in rules if r.name.endswith("-from-standby-nodes")]
    primary = [r for r in rules if r.name.endswith("-from-cluster-nodes")]
    assert sorted((r.region, r.inputs["fromPort"]) for r in standby) == [(DR_REGION, 5432), (DR_REGION, 6379)]
    assert len({r.inputs["referencedSecurityGroupId"] for r in standby}) == 1
    assert {r.inputs["referencedSecurityGroupId"] for r in standby}.isdisjoint(
        r.inputs["referencedSecurityGroupId"] for r in primary
    )
    grants = [r.name for r in plan.of_type("aws:iam/rolePolicy:RolePolicy") if r.name.endswith("-dr-cluster-api-role")]
    assert any("-db-connect-" in name for name in grants)


def test_exactly_one_shipped_stack_per_account_owns_the_registry_replication():
    # ECR has one replication configuration per registry: staging and prod share the example account,
    # so only prod's stack may own it (staging sets dr.image_replication: false).
    owners = {
        environment: len(shipped_plan(environment).of_type("aws:ecr/replicationConfiguration:ReplicationConfiguration"))
        for environment in ENVIRONMENTS
    }
    assert owners == {"dev": 0, "staging": 0, "prod": 1}
    templates = shipped_plan("staging").of_type("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")
    assert templates == []
