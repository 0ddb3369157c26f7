"""The verify contract: what the program exports for verify is what it deploys, and bad files are refused.

Each shipped stack's plan outputs parse with `VerifyOutputs`, and every value verify compares the live
account with is checked against the plan's own resources (the key ARNs of each purpose, each EKS
cluster's key, logs and endpoint, each secret's rotation and replica, the declared retentions).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from bulkhead.runbooks.outputs import OutputsError, parse_outputs
from bulkhead.verify.outputs import VerifyOutputs
from tests.support import shipped_plan
from tests.verify.environment import (
    BUCKET_LOCK,
    CACHE_GROUP,
    DB_CLUSTER,
    DETECTOR,
    DETECTOR_FEATURE,
    EKS_CLUSTER,
    FLAGS_ENVIRONMENT,
    KEY,
    PROJECT,
    QUEUE,
    REPLICA_KEY,
    SECRET,
    SECRET_ROTATION,
    STANDARD,
    TOPIC,
    TRAIL,
    Environment,
)

STACKS = ("dev", "staging", "prod")


@pytest.fixture(scope="module", params=STACKS)
def stack(request: pytest.FixtureRequest) -> tuple[Environment, VerifyOutputs]:
    env = Environment.from_plan(shipped_plan(request.param))
    return env, parse_outputs(env.outputs, request.param, VerifyOutputs)


def test_keys_are_the_key_rings_keys_and_replicas(stack) -> None:
    env, outputs = stack
    keys = {r.name.rsplit("-", 1)[-1]: r.outputs["arn"] for r in env.of_type(KEY)}
    replicas = {r.inputs["primaryKeyArn"]: r.outputs["arn"] for r in env.of_type(REPLICA_KEY)}
    assert {purpose: key.arn for purpose, key in outputs.keys.items()} == keys
    assert {key.arn: key.replica_arn for key in outputs.keys.values() if key.replica_arn} == replicas


def test_clusters_are_declared_as_deployed(stack) -> None:
    env, outputs = stack
    deployed = {r.inputs["name"]: r for r in env.of_type(EKS_CLUSTER)}
    assert sorted(c.name for c in outputs.clusters) == sorted(deployed)
    for cluster in outputs.clusters:
        record = deployed[cluster.name]
        assert cluster.region == record.region
        assert cluster.kms_key_arn == record.inputs["encryptionConfig"]["provider"]["keyArn"]
        assert cluster.log_types == record.inputs["enabledClusterLogTypes"]
        assert cluster.public_access_cidrs == record.inputs["vpcConfig"].get("publicAccessCidrs", [])
        admins = [r.inputs["principalArn"] for r in env.of_type("aws:eks/accessEntry:AccessEntry", cluster.region)]
        runner = outputs.runner_of(cluster)
        assert sorted([*cluster.admin_role_arns, runner.role_arn]) == sorted(admins)


def test_runners_are_declared_as_deployed(stack) -> None:
    env, outputs = stack
    deployed = {r.inputs["name"]: r for r in env.of_type(PROJECT)}
    assert sorted(r.project_name for r in outputs.runners.values()) == sorted(deployed)
    for runner in outputs.runners.values():
        inputs = deployed[runner.project_name].inputs
        assert deployed[runner.project_name].region == runner.region
        assert inputs["serviceRole"] == runner.role_arn
        assert inputs["vpcConfig"]["subnets"] == runner.subnet_ids
        assert inputs["vpcConfig"]["securityGroupIds"] == [runner.security_group_id]
        logs = outputs.key("logs")
        assert inputs["encryptionKey"] == runner.kms_key_arn
        assert runner.kms_key_arn == (logs.arn if runner.region == outputs.primary_region else logs.replica_arn)
        assert inputs["logsConfig"]["cloudwatchLogs"]["groupName"] == runner.log_group_name


def test_secrets_carry_their_deployed_rotation_and_replica(stack) -> None:
    env, outputs = stack
    records = {r.outputs["arn"]: r for r in env.of_type(SECRET)}
    rotations = {
        r.inputs["secretId"]: r.inputs["rotationRules"]["automaticallyAfterDays"] for r in env.of_type(SECRET_ROTATION)
    }
    for secret in outputs.secrets:
        if secret.arn not in records:  # the master secret RDS manages (no global database): no plan record
            assert secret.name == "database-master" and secret.rotation_days is None and secret.replica_region is None
            continue
        replicas = [replica["region"] for replica in records[secret.arn].inputs.get("replicas") or []]
        assert secret.rotation_days == rotations.get(secret.arn)
        assert ([secret.replica_region] if secret.replica_region else []) == replicas
    assert {s.arn for s in outputs.secrets} >= set(records)


def test_declared_values_are_the_deployed_ones(stack) -> None:
    env, outputs = stack
    clusters = env.of_type(DB_CLUSTER)
    assert {r.inputs["deletionProtection"] for r in clusters} == {outputs.declared.deletion_protection}
    assert {r.inputs["backupRetentionPeriod"] for r in clusters} == {outputs.declared.database_backup_retention_days}
    (primary_cache,) = [r for r in env.of_type(CACHE_GROUP) if "globalReplicationGroupId" not in r.inputs]
    assert primary_cache.inputs["snapshotRetentionLimit"] == outputs.declared.cache_snapshot_retention_days
    assert primary_cache.inputs["automaticFailoverEnabled"] == outputs.declared.cache_automatic_failover


def test_queues_name_the_deployed_queues_and_the_dead_letter_queue_each_redrives_to(stack) -> None:
    env, outputs = stack
    queues = {r.outputs["url"]: r for r in env.of_type(QUEUE)}
    arns = {r.outputs["url"]: r.outputs["arn"] for r in env.of_type(QUEUE)}
    sites = [(q.url, q.dead_letter_url) for q in outputs.queues]
    sites += [(q.dr_url, q.dr_dead_letter_url) for q in outputs.queues if q.dr_url and q.dr_dead_letter_url]
    assert sorted(url for site in sites for url in site) == sorted(queues)
    for url, dead_letter_url in sites:
        redrive = json.loads(queues[url].inputs["redrivePolicy"])
        assert redrive["deadLetterTargetArn"] == arns[dead_letter_url]


def test_alert_topics_are_the_deployed_topics_of_their_region(stack) -> None:
    env, outputs = stack
    topics = {r.outputs["arn"]: r.region for r in env.of_type(TOPIC)}
    assert outputs.alert_topic_arns
    assert all(topics[arn] == region for region, arn in outputs.alert_topic_arns.items())


def test_the_baseline_declares_what_its_owner_deploys(stack) -> None:
    """In prod (the owner) from its own records; staging and dev re-export it (their environment builds the
    owner's records from what they re-export)."""
    env, outputs = stack
    baseline = outputs.account_baseline
    assert baseline is not None
    (trail,) = env.of_type(TRAIL)
    assert trail.outputs["arn"] == baseline.trail_arn and trail.inputs["s3BucketName"] == baseline.audit_bucket
    (lock,) = [r for r in env.of_type(BUCKET_LOCK) if r.inputs["bucket"] == baseline.audit_bucket]
    assert lock.inputs["rule"]["defaultRetention"]["mode"] == baseline.audit_bucket_lock_mode
    for region, detector_id in baseline.detector_ids.items():
        (detector,) = env.of_type(DETECTOR, region)
        features = [f.inputs["name"] for f in env.of_type(DETECTOR_FEATURE, region)]
        assert detector.outputs["id"] == detector_id
        assert sorted(features) == sorted(baseline.detector_features)
    for region, standards in baseline.security_hub_standards.items():
        assert sorted(r.inputs["standardsArn"] for r in env.of_type(STANDARD, region)) == sorted(standards)
    assert outputs.owns_account_baseline == (outputs.environment == "prod")


def test_flags_declare_the_monitors_their_environment_watches(stack) -> None:
    env, outputs = stack
    for flags in (outputs.feature_flags, outputs.standby_feature_flags):
        if flags is None:
            continue
        (environment,) = [r for r in env.of_type(FLAGS_ENVIRONMENT, flags.region)]
        assert [m["alarmArn"] for m in environment.inputs["monitors"]] == flags.monitor_alarm_arns


def _errors(data: dict[str, Any]) -> list[str]:
    with pytest.raises(OutputsError) as excinfo:
        parse_outputs(data, "prod.json", VerifyOutputs)
    return str(excinfo.value).splitlines()


@pytest.fixture
def prod() -> dict[str, Any]:
    return copy.deepcopy(shipped_plan("prod").outputs)


def test_refuses_outputs_without_the_verify_contract(prod) -> None:
    del prod["keys"], prod["declared"]
    assert _errors(prod) == ["prod.json: keys: missing required key", "prod.json: declared: missing required key"]


def test_refuses_stores_without_the_key_they_are_encrypted_with(prod) -> None:
    del prod["keys"]["data"]
    prod["keys"]["backup"]["replica_arn"] = None
    (line,) = _errors(prod)
    assert "keys.data: missing, but the outputs list stores encrypted with it" in line
    assert "keys.backup.replica_arn: null, but the outputs list DR copies encrypted with it" in line


def test_refuses_arns_outside_their_region(prod) -> None:
    prod["keys"]["secrets"]["replica_arn"] = prod["keys"]["secrets"]["arn"]
    prod["clusters"][1]["kms_key_arn"] = prod["keys"]["cluster"]["arn"]
    (line,) = _errors(prod)
    assert "keys.secrets.replica_arn: must be in region us-west-2" in line
    assert "clusters[1].kms_key_arn: must be in region us-west-2" in line


def test_refuses_a_store_without_its_declared_values(prod) -> None:
    prod["declared"]["database_backup_retention_days"] = None
    prod["declared"]["cache_automatic_failover"] = None
    (line,) = _errors(prod)
    assert "declared.database_backup_retention_days: null, but the outputs list a store it applies to" in line
    assert "declared.cache_automatic_failover: null" in line


def test_refuses_a_cluster_without_its_runner_or_a_runner_in_another_region(prod) -> None:
    del prod["runners"]["standby"]
    prod["runners"]["primary"]["region"] = "us-west-2"
    (line,) = _errors(prod)
    assert "runners.standby: missing, but the outputs list a standby cluster" in line
    assert "runners.primary.region: must be the region of its cluster, us-east-1 (got 'us-west-2')" in line


def test_refuses_a_dr_queue_without_its_dead_letter_queue(prod) -> None:
    prod["queues"][0]["dr_dead_letter_url"] = None
    (line,) = _errors(prod)
    assert "queues[0]: dr_url, dr_arn, dr_dead_letter_url must be all set or all null" in line


def test_refuses_an_alerts_topic_outside_the_stacks_regions(prod) -> None:
    prod["alert_topic_arns"]["eu-west-1"] = "arn:aws:sns:eu-west-1:111122223333:mobile-prod-alerts"
    (line,) = _errors(prod)
    assert "alert_topic_arns.eu-west-1: must be one of the stack's regions ['us-east-1', 'us-west-2']" in line
