"""The backup component under recording mocks: vaults, lock, plan rules, selection, role, alerts, tests."""

import json

import pytest

from components.data.backup import (
    MANAGED_POLICY_ARNS,
    NOTIFIED_EVENTS,
    Backup,
    BackupArgs,
    DrCopyArgs,
    RestoreTestingArgs,
)
from tests.support import (
    ACCOUNT_ID,
    DR_REGION,
    PRIMARY_REGION,
    in_provider,
    policy_document,
    provider,
    record,
)

BACKUP_KEY = f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-backup"
DR_BACKUP_KEY = f"arn:aws:kms:{DR_REGION}:{ACCOUNT_ID}:key/mrk-backup"
DATA_KEY = f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-data"
CLUSTER_ARN = f"arn:aws:rds:{PRIMARY_REGION}:{ACCOUNT_ID}:cluster:mobile-prod-db"
SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
OTHER_ARN = f"arn:aws:rds:{PRIMARY_REGION}:{ACCOUNT_ID}:cluster:mobile-prod-reports"


def build_backup(*, dr_copy: bool = False, restore_testing: bool = False, **overrides):
    def build():
        primary = provider()
        dr = (
            DrCopyArgs(
                provider=provider(DR_REGION, "test-aws-dr"),
                kms_key_arn=DR_BACKUP_KEY,
                retention_days=30,
            )
            if dr_copy
            else None
        )
        testing = (
            RestoreTestingArgs(resource_arns=[CLUSTER_ARN], vpc_id="vpc-0123456789abcdef0", subnet_ids=SUBNETS)
            if restore_testing
            else None
        )
        fields = {
            "account_id": ACCOUNT_ID,
            "kms_key_arn": BACKUP_KEY,
            "resource_arns": [CLUSTER_ARN, OTHER_ARN],
            "encryption_key_arns": [DATA_KEY],
            "dr_copy": dr,
            "restore_testing": testing,
            **overrides,
        }
        Backup("mobile-prod-backup", BackupArgs(**fields), opts=in_provider(primary))

    return record(build)


def rules_by_name(recorded) -> dict:
    plan = recorded.one("aws:backup/plan:Plan")
    return {rule["ruleName"]: rule for rule in plan.inputs["rules"]}


def test_vault_is_on_the_backup_cmk_and_never_force_destroyed():
    vault = build_backup().one("aws:backup/vault:Vault")
    assert vault.inputs["kmsKeyArn"] == BACKUP_KEY
    assert vault.inputs["forceDestroy"] is False
    assert vault.region == PRIMARY_REGION


def test_selection_names_every_protected_arn_explicitly_on_the_backup_role():
    recorded = build_backup()
    selection = recorded.one("aws:backup/selection:Selection")
    assert selection.inputs["resources"] == [CLUSTER_ARN, OTHER_ARN]
    assert "selectionTags" not in selection.inputs
    role = recorded.one("aws:iam/role:Role")
    assert selection.inputs["iamRoleArn"] == role.outputs["arn"]
    assert selection.inputs["planId"] == recorded.one("aws:backup/plan:Plan").outputs["id"]


def test_snapshot_rule_keeps_retention_and_continuous_rule_is_capped_at_35_days():
    rules = rules_by_name(build_backup(retention_days=90))
    assert rules["snapshots"]["schedule"] == "cron(0 5 ? * * *)"
    assert rules["snapshots"]["lifecycle"] == {"deleteAfter": 90}
    assert "enableContinuousBackup" not in rules["snapshots"]
    assert rules["continuous"]["enableContinuousBackup"] is True
    assert rules["continuous"]["lifecycle"] == {"deleteAfter": 35}


def test_no_continuous_rule_when_continuous_backup_is_off():
    assert set(rules_by_name(build_backup(continuous_backup=False))) == {"snapshots"}


def test_without_dr_copy_there_is_one_vault_and_no_copy_action():
    recorded = build_backup()
    assert len(recorded.of_type("aws:backup/vault:Vault")) == 1
    assert "copyActions" not in rules_by_name(recorded)["snapshots"]


def test_dr_copy_goes_to_a_vault_in_the_dr_region_on_the_dr_key_with_its_own_lifecycle():
    recorded = build_backup(dr_copy=True)
    dr_vault = recorded.one("aws:backup/vault:Vault", "-dr-vault")
    assert dr_vault.region == DR_REGION
    assert dr_vault.inputs["kmsKeyArn"] == DR_BACKUP_KEY
    assert dr_vault.outputs["arn"].startswith(f"arn:aws:backup:{DR_REGION}:{ACCOUNT_ID}:backup-vault:")
    rules = rules_by_name(recorded)
    assert rules["snapshots"]["copyActions"] == [
        {"destinationVaultArn": dr_vault.outputs["arn"], "lifecycle": {"deleteAfter": 30}}
    ]
    assert "copyActions" not in rules["continuous"]


def test_vault_lock_is_compliance_mode_on_both_vaults_with_bounds_of_the_retentions_in_use():
    recorded = build_backup(dr_copy=True, vault_lock_changeable_for_days=3, retention_days=60)
    locks = {lock.name: lock for lock in recorded.of_type("aws:backup/vaultLockConfiguration:VaultLockConfiguration")}
    primary = locks["mobile-prod-backup-vault-lock"]
    assert primary.inputs["changeableForDays"] == 3  # set = compliance mode
    assert (primary.inputs["minRetentionDays"], primary.inputs["maxRetentionDays"]) == (35, 60)
    assert primary.region == PRIMARY_REGION
    dr = locks["mobile-prod-backup-dr-vault-lock"]
    assert (dr.inputs["minRetentionDays"], dr.inputs["maxRetentionDays"]) == (30, 30)
    assert dr.region == DR_REGION


def test_no_vault_lock_unless_asked():
    assert build_backup().of_type("aws:backup/vaultLockConfiguration:VaultLockConfiguration") == []


def test_backup_role_trusts_backup_and_uses_exactly_the_named_keys():
    recorded = build_backup(dr_copy=True)
    role = recorded.one("aws:iam/role:Role")
    trust = policy_document(role, "assumeRolePolicy")["Statement"]
    assert [s["Principal"] for s in trust] == [{"Service": "backup.amazonaws.com"}]
    attached = sorted(
        a.inputs["policyArn"] for a in recorded.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    )
    assert attached == sorted(MANAGED_POLICY_ARNS.values())
    statements = policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]
    for stmt in statements:
        assert stmt["Resource"] == [BACKUP_KEY, DATA_KEY, DR_BACKUP_KEY]
    grants = next(s for s in statements if s["Action"] == ["kms:CreateGrant"])
    assert grants["Condition"] == {"Bool": {"kms:GrantIsForAWSResource": "true"}}


def test_job_outcomes_go_to_a_cmk_encrypted_topic_that_only_backup_of_this_account_publishes_to():
    recorded = build_backup()
    topic = recorded.one("aws:sns/topic:Topic")
    assert topic.inputs["kmsMasterKeyId"] == BACKUP_KEY
    notifications = recorded.one("aws:backup/vaultNotifications:VaultNotifications")
    assert notifications.inputs["snsTopicArn"] == topic.outputs["arn"]
    assert notifications.inputs["backupVaultEvents"] == list(NOTIFIED_EVENTS)
    statements = policy_document(recorded.one("aws:sns/topicPolicy:TopicPolicy"))["Statement"]
    publish = next(s for s in statements if s["Effect"] == "Allow")
    assert publish["Principal"] == {"Service": "backup.amazonaws.com"}
    assert publish["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}
    deny = next(s for s in statements if s["Effect"] == "Deny")
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_restore_testing_plan_tests_the_latest_snapshot_of_the_vault_weekly():
    recorded = build_backup(restore_testing=True)
    plan = recorded.one("aws:backup/restoreTestingPlan:RestoreTestingPlan")
    assert plan.inputs["name"] == "mobile_prod_backup_restore_test"
    assert plan.inputs["scheduleExpression"] == "cron(0 6 ? * SAT *)"
    selection = plan.inputs["recoveryPointSelection"]
    assert selection["includeVaults"] == [recorded.one("aws:backup/vault:Vault").outputs["arn"]]
    assert selection["algorithm"] == "LATEST_WITHIN_WINDOW"
    tested = recorded.one("aws:backup/restoreTestingSelection:RestoreTestingSelection")
    assert tested.inputs["protectedResourceType"] == "Aurora"
    assert tested.inputs["protectedResourceArns"] == [CLUSTER_ARN]
    assert tested.inputs["restoreTestingPlanName"] == "mobile_prod_backup_restore_test"


def test_restored_clusters_land_in_the_given_subnets_behind_a_group_with_no_rules():
    recorded = build_backup(restore_testing=True)
    subnets = recorded.one("aws:rds/subnetGroup:SubnetGroup")
    assert subnets.inputs["subnetIds"] == SUBNETS
    group = recorded.one("aws:ec2/securityGroup:SecurityGroup")
    assert group.inputs["vpcId"] == "vpc-0123456789abcdef0"
    assert recorded.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") == []
    overrides = recorded.one("aws:backup/restoreTestingSelection:RestoreTestingSelection").inputs[
        "restoreMetadataOverrides"
    ]
    assert overrides == {
        "dbsubnetgroupname": subnets.outputs["name"],
        "vpcsecuritygroupids": json.dumps([group.outputs["id"]]),
    }


def test_no_restore_testing_unless_asked():
    assert build_backup().of_type("aws:backup/restoreTestingPlan:RestoreTestingPlan") == []


def test_every_child_is_parented_to_the_component():
    recorded = build_backup(dr_copy=True, restore_testing=True, vault_lock_changeable_for_days=3)
    component = recorded.one("bulkhead:backup:Backup")
    custom = [r for r in recorded.records if r.custom and not r.type.startswith("pulumi:providers:")]
    assert custom and all(r.parent == component.urn for r in custom)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"resource_arns": []},
            "BackupArgs.resource_arns: must name at least one resource to protect (got none)",
        ),
        ({"retention_days": 0}, "BackupArgs.retention_days: must be between 1 and 36500 (got 0)"),
        (
            {"schedule": "cron(0 5 ? * SAT *)"},
            "BackupArgs.schedule: must run at least every 1440 minutes (got 'cron(0 5 ? * SAT "
            "*)', up to 10080 minutes apart)",
        ),
        (
            {"schedule": "rate(1 day)"},
            "BackupArgs.schedule: 'rate(1 day)': must be an AWS cron expression such as 'cron(0 5 ? * * *)'",
        ),
        (
            {"vault_lock_changeable_for_days": 1},
            "BackupArgs.vault_lock_changeable_for_days: must be between 3 and 36500 (got 1)",
        ),
    ],
)
def test_bad_args_name_field_value_and_range(overrides, message):
    fields = {
        "account_id": ACCOUNT_ID,
        "kms_key_arn": BACKUP_KEY,
        "resource_arns": [CLUSTER_ARN],
        **overrides,
    }
    with pytest.raises(ValueError) as caught:
        BackupArgs(**fields)
    assert str(caught.value) == message


def test_restore_testing_accepts_at_most_30_resources():
    with pytest.raises(ValueError, match=r"RestoreTestingArgs.resource_arns: must name 1 to 30 resources \(got 31\)"):
        RestoreTestingArgs(resource_arns=[CLUSTER_ARN] * 31, vpc_id="vpc-0123456789abcdef0", subnet_ids=SUBNETS)
