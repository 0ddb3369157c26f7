import json

import pytest

from components.foundation.keys import KEY_PURPOSES, KeyRing, KeyRingArgs
from components.support.key_policies import ADMIN_ACTIONS
from tests.support import ACCOUNT_ID, DR_REGION, PRIMARY_REGION, in_provider, provider, record

ADMINS = ("arn:aws:iam::111122223333:role/platform-deployer",)


def build_ring(replicated: bool = False, **overrides):
    def build():
        primary = provider()
        dr = provider(DR_REGION, "test-aws-dr") if replicated else None
        KeyRing(
            "ring",
            KeyRingArgs(
                account_id=ACCOUNT_ID,
                region=PRIMARY_REGION,
                admin_role_arns=ADMINS,
                replica_region=DR_REGION if replicated else None,
                replica_provider=dr,
                **overrides,
            ),
            opts=in_provider(primary),
        )

    return record(build)


def test_one_key_per_purpose_with_rotation_every_year():
    keys = build_ring().of_type("aws:kms/key:Key")
    assert sorted(key.name for key in keys) == sorted(f"ring-{purpose}" for purpose in KEY_PURPOSES)
    for key in keys:
        assert key.inputs["enableKeyRotation"] is True
        assert key.inputs["rotationPeriodInDays"] == 365
        assert key.inputs["multiRegion"] is False


def test_key_policies_name_no_unconditioned_star_principal():
    for key in build_ring().of_type("aws:kms/key:Key"):
        for stmt in json.loads(key.inputs["policy"])["Statement"]:
            principal = stmt["Principal"]
            assert principal != "*" and principal.get("AWS") != "*"
            if principal.get("AWS") == f"arn:aws:iam::{ACCOUNT_ID}:root":
                assert stmt["Condition"], f"root delegation without condition in {key.name}: {stmt['Sid']}"


def test_administrators_cannot_disable_rotation_but_can_replicate():
    key = build_ring().one("aws:kms/key:Key", "-data")
    admin = next(s for s in json.loads(key.inputs["policy"])["Statement"] if s["Sid"] == "KeyAdministration")
    assert admin["Principal"] == {"AWS": list(ADMINS)}
    assert "kms:DisableKeyRotation" not in admin["Action"]
    assert "kms:ReplicateKey" in admin["Action"]
    assert sorted(ADMIN_ACTIONS) == admin["Action"]


def test_logs_key_lets_cloudwatch_logs_of_its_region_only():
    key = build_ring().one("aws:kms/key:Key", "-logs")
    logs = next(s for s in json.loads(key.inputs["policy"])["Statement"] if s["Sid"].startswith("CloudWatchLogs"))
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"] == (
        f"arn:aws:logs:us-east-1:{ACCOUNT_ID}:log-group:*"
    )


def test_service_principals_are_conditioned_on_the_source_account():
    ring = build_ring(service_principals={"data": ["events.rds.amazonaws.com"]})
    key = ring.one("aws:kms/key:Key", "-data")
    stmt = next(s for s in json.loads(key.inputs["policy"])["Statement"] if s["Sid"] == "ServiceUseEventsRds")
    assert stmt["Principal"] == {"Service": "events.rds.amazonaws.com"}
    assert stmt["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"]
    assert stmt["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}


def test_deletion_window_is_applied():
    for key in build_ring(deletion_window_days=14).of_type("aws:kms/key:Key"):
        assert key.inputs["deletionWindowInDays"] == 14


def test_replicated_ring_makes_multi_region_keys_with_replicas_in_the_dr_region():
    ring = build_ring(replicated=True)
    keys = ring.of_type("aws:kms/key:Key")
    replicas = ring.of_type("aws:kms/replicaKey:ReplicaKey")
    assert all(key.inputs["multiRegion"] is True and key.region == PRIMARY_REGION for key in keys)
    assert sorted(r.name for r in replicas) == sorted(f"ring-{p}-replica" for p in KEY_PURPOSES)
    assert {replica.region for replica in replicas} == {DR_REGION}
    by_name = {key.name: key for key in keys}
    for replica in replicas:
        primary = by_name[replica.name.removesuffix("-replica")]
        assert replica.inputs["primaryKeyArn"] == primary.outputs["arn"]
        assert primary.outputs["arn"].startswith(f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-")
    logs_replica = ring.one("aws:kms/replicaKey:ReplicaKey", "-logs-replica")
    assert "logs.us-west-2.amazonaws.com" in logs_replica.inputs["policy"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"deletion_window_days": 3}, "KeyRingArgs.deletion_window_days: must be between 7 and 30 (got 3)"),
        ({"admin_role_arns": ()}, "KeyRingArgs.admin_role_arns: must name at least one role (got none)"),
        (
            {"purposes": ("data", "bogus")},
            "KeyRingArgs.purposes: unknown purpose(s) ['bogus']; allowed: "
            "['data', 'secrets', 'logs', 'cluster', 'backup', 'alerts', 'audit', 'queues', 'releases']",
        ),
        ({"replica_region": "us-west-2"}, "KeyRingArgs.replica_region and replica_provider: set both or neither"),
    ],
)
def test_bad_args_are_rejected_with_a_clear_message(overrides, message):
    args = {"account_id": ACCOUNT_ID, "region": PRIMARY_REGION, "admin_role_arns": ADMINS, **overrides}
    with pytest.raises(ValueError) as caught:
        KeyRingArgs(**args)
    assert str(caught.value) == message


def statements_by_sid(key):
    return {s["Sid"]: s for s in json.loads(key.inputs["policy"])["Statement"]}


def test_alerts_key_lets_this_accounts_alarms_and_eventbridge_publish_into_encrypted_topics():
    statements = statements_by_sid(build_ring().one("aws:kms/key:Key", "-alerts"))
    alarms = statements["CloudWatchAlarmsOfThisAccountPublish"]
    assert alarms["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert alarms["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"]
    assert alarms["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}
    events = statements["EventBridgeRulesPublish"]
    assert events["Principal"] == {"Service": "events.amazonaws.com"} and "Condition" not in events
    assert "CloudTrailEncryptsLogFiles" not in statements


def test_audit_key_lets_only_this_accounts_trails_encrypt_log_files():
    statements = statements_by_sid(build_ring().one("aws:kms/key:Key", "-audit"))
    encrypt = statements["CloudTrailEncryptsLogFiles"]
    trails = f"arn:aws:cloudtrail:*:{ACCOUNT_ID}:trail/*"
    assert encrypt["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
    assert encrypt["Action"] == ["kms:GenerateDataKey"]
    assert encrypt["Condition"] == {
        "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": trails},
        "ArnLike": {"aws:SourceArn": trails},
    }
    assert statements["CloudTrailDescribesKey"]["Action"] == ["kms:DescribeKey"]
    through_s3 = statements["CloudTrailWritesThroughBucketDefaultEncryption"]["Condition"]
    assert through_s3 == {
        "StringEquals": {"kms:ViaService": f"s3.{PRIMARY_REGION}.amazonaws.com"},
        "ArnLike": {"aws:SourceArn": trails},
    }
    assert "EventBridgeRulesPublish" not in statements
