"""AWS Backup for the stack's data stores: vault on a CMK, plan, selection, copies, alerts, restore tests.

- The vault (and its DR-region twin for copies) is encrypted with the backup CMK and never force-destroyed;
  with `vault_lock` it is locked in compliance mode, so no one (root included) can delete a recovery
  point before its retention ends.
- The plan has a snapshot rule on `schedule`, copied to the DR vault when `dr_copy` is set, and a
  continuous rule (point-in-time restore, at most 35 days) where `continuous_backup` is on.
- The selection names every protected resource ARN explicitly: nothing depends on tags someone can
  forget or remove.
- Job outcomes go to an SNS topic encrypted with a CMK (subscribers keep the failures with a filter
  policy on `State`, see docs/dr.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.reference.schedules import MINUTES_PER_DAY, ScheduleError, max_interval_minutes
from components.support.firewall import closed_security_group
from components.support.iam import document, service_trust, statement
from components.support.key_policies import USE_ACTIONS
from components.support.validation import require_between

DEFAULT_SCHEDULE = "cron(0 5 ? * * *)"
DEFAULT_RETENTION_DAYS = 35
MAX_CONTINUOUS_RETENTION_DAYS = 35  # AWS Backup's limit for continuous (PITR) recovery points
MAX_RETENTION_DAYS = 36500
MIN_LOCK_CHANGEABLE_FOR_DAYS = 3  # AWS refuses a shorter grace time for a compliance-mode lock
MAX_VAULT_NAME_LENGTH = 50
# Each rule's windows: a job may start up to an hour late and must complete within a day. The runbooks'
# freshness checks add them to the schedule's longest gap (they are exported with the stack outputs).
RULE_START_WINDOW_MINUTES = 60
RULE_COMPLETION_WINDOW_MINUTES = 24 * 60
DEFAULT_RESTORE_TEST_SCHEDULE = "cron(0 6 ? * SAT *)"
RESTORE_TEST_RESOURCE_TYPE = "Aurora"
RESTORE_TEST_SELECTION_WINDOW_DAYS = 7
RESTORE_TEST_START_WINDOW_HOURS = 24
# The policies AWS Backup itself documents for its service role; no narrower managed form exists.
MANAGED_POLICY_ARNS = {
    "backup": "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    "restore": "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
}
# BACKUP_JOB_COMPLETED carries failed, aborted and expired jobs too (State != COMPLETED); the
# *_FAILED variants for backup and restore jobs are deprecated and never fire.
NOTIFIED_EVENTS = ("BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED")
_VAULT_NAME = re.compile(r"^[A-Za-z0-9_-]{2,50}\Z")


@dataclass(frozen=True, kw_only=True)
class DrCopyArgs:
    """A vault in the DR region that receives a copy of every snapshot recovery point.

    Attributes:
        provider: Provider of the DR region.
        kms_key_arn: CMK of the DR vault in that region (the DR replica of the backup key).
        retention_days: Days a copy is kept. Default: 35
    """

    provider: pulumi.ProviderResource
    kms_key_arn: pulumi.Input[str]
    retention_days: int = DEFAULT_RETENTION_DAYS

    def __post_init__(self) -> None:
        require_between("DrCopyArgs.retention_days", self.retention_days, 1, MAX_RETENTION_DAYS)


@dataclass(frozen=True, kw_only=True)
class RestoreTestingArgs:
    """A scheduled AWS Backup restore test of the latest Aurora snapshots (proves they restore, and how fast).

    The restored clusters land in `subnet_ids` behind a security group with no rules: AWS Backup
    would otherwise infer the default VPC, which a well-run account does not have.

    Attributes:
        resource_arns: The Aurora clusters to test (up to 30).
        vpc_id: VPC of the restored clusters.
        subnet_ids: Isolated subnets (at least two AZs) of the restored clusters.
        schedule: AWS cron expression of the test runs. Default: cron(0 6 ? * SAT *) (weekly)
    """

    resource_arns: Sequence[pulumi.Input[str]]
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]
    schedule: str = DEFAULT_RESTORE_TEST_SCHEDULE

    def __post_init__(self) -> None:
        if not 1 <= len(self.resource_arns) <= 30:
            raise ValueError(
                f"RestoreTestingArgs.resource_arns: must name 1 to 30 resources (got {len(self.resource_arns)})"
            )
        if len(self.subnet_ids) < 2:
            raise ValueError(
                f"RestoreTestingArgs.subnet_ids: must list subnets in at least 2 AZs (got {len(self.subnet_ids)})"
            )
        _check_schedule("RestoreTestingArgs.schedule", self.schedule, max_minutes=None)


@dataclass(frozen=True, kw_only=True)
class BackupArgs:
    """Inputs for `Backup`.

    Attributes:
        account_id: The account that owns the vault (scopes the SNS topic policy).
        kms_key_arn: CMK of the vault and of the notification topic (the `backup` key; its policy
            must let `backup.amazonaws.com` use it).
        resource_arns: ARNs of every resource to protect (at least one).
        encryption_key_arns: CMKs that encrypt the protected resources; the backup role may use
            exactly these and the vault keys. Default: - the vault keys only.
        schedule: AWS cron expression of the snapshot rule; at least daily.
            Default: cron(0 5 ? * * *)
        retention_days: Days a snapshot recovery point is kept, 1-36500. Default: 35
        continuous_backup: Add a continuous backup rule (point-in-time restore) kept
            min(retention_days, 35) days. Default: true
        vault_lock_changeable_for_days: Lock the vaults in compliance mode; this many days (>= 3) of
            grace before the lock can no longer be removed. Default: - no vault lock.
        dr_copy: Copy every snapshot to a vault in the DR region. Default: - no copies.
        restore_testing: Scheduled restore tests. Default: - none.
    """

    account_id: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]
    resource_arns: Sequence[pulumi.Input[str]]
    encryption_key_arns: Sequence[pulumi.Input[str]] = ()
    schedule: str = DEFAULT_SCHEDULE
    retention_days: int = DEFAULT_RETENTION_DAYS
    continuous_backup: bool = True
    vault_lock_changeable_for_days: int | None = None
    dr_copy: DrCopyArgs | None = None
    restore_testing: RestoreTestingArgs | None = None

    def __post_init__(self) -> None:
        if not self.resource_arns:
            raise ValueError("BackupArgs.resource_arns: must name at least one resource to protect (got none)")
        require_between("BackupArgs.retention_days", self.retention_days, 1, MAX_RETENTION_DAYS)
        _check_schedule("BackupArgs.schedule", self.schedule, max_minutes=MINUTES_PER_DAY)
        if self.vault_lock_changeable_for_days is not None:
            require_between(
                "BackupArgs.vault_lock_changeable_for_days",
                self.vault_lock_changeable_for_days,
                MIN_LOCK_CHANGEABLE_FOR_DAYS,
                MAX_RETENTION_DAYS,
            )

    @property
    def continuous_retention_days(self) -> int:
        return min(self.retention_days, MAX_CONTINUOUS_RETENTION_DAYS)


@dataclass(frozen=True)
class LockRetention:
    """The retention bounds a vault's compliance-mode lock admits (exactly the retentions its rules use)."""

    min_retention_days: int
    max_retention_days: int


def _check_schedule(field: str, expression: str, *, max_minutes: int | None) -> None:
    try:
        interval = max_interval_minutes(expression)
    except ScheduleError as error:
        raise ValueError(f"{field}: {error}") from None
    if max_minutes is not None and interval > max_minutes:
        raise ValueError(
            f"{field}: must run at least every {max_minutes} minutes "
            f"(got {expression!r}, up to {interval} minutes apart)"
        )


class Backup(pulumi.ComponentResource):
    """Vault(s), plan, selection, service role, notifications and restore tests for one stack."""

    vault_name: pulumi.Output[str]
    vault_arn: pulumi.Output[str]
    dr_vault_name: pulumi.Output[str] | None
    dr_vault_arn: pulumi.Output[str] | None
    vault_lock: LockRetention | None
    dr_vault_lock: LockRetention | None
    schedule: str
    continuous_backup: bool
    plan_id: pulumi.Output[str]
    role_arn: pulumi.Output[str]
    topic_arn: pulumi.Output[str]
    protected_resource_arns: list[pulumi.Input[str]]

    def __init__(self, name: str, args: BackupArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:backup:Backup", name, None, opts)
        if not _VAULT_NAME.match(f"{name}-dr-vault"):
            raise ValueError(
                f"Backup name: must give vault names of 2-{MAX_VAULT_NAME_LENGTH} letters, "
                f"digits, '-' or '_' (got {name!r})"
            )
        self._name = name
        self._args = args
        self.protected_resource_arns = list(args.resource_arns)
        self.schedule, self.continuous_backup = args.schedule, args.continuous_backup
        self.vault_lock = self._lock_retention(self._primary_retentions())
        vault = self._create_vault(f"{name}-vault", args.kms_key_arn, self.vault_lock, None)
        self.vault_name, self.vault_arn = vault.name, vault.arn
        self.dr_vault_name = self.dr_vault_arn = self.dr_vault_lock = None
        if args.dr_copy is not None:
            self.dr_vault_lock = self._lock_retention([args.dr_copy.retention_days])
            dr_vault = self._create_vault(
                f"{name}-dr-vault", args.dr_copy.kms_key_arn, self.dr_vault_lock, args.dr_copy.provider
            )
            self.dr_vault_name, self.dr_vault_arn = dr_vault.name, dr_vault.arn
        role = self._create_role()
        self.role_arn = role.arn
        plan = self._create_plan(vault)
        self.plan_id = plan.id
        aws.backup.Selection(
            f"{name}-selection",
            name=f"{name}-data-stores",
            plan_id=plan.id,
            iam_role_arn=role.arn,
            resources=self.protected_resource_arns,
            opts=self._child(),
        )
        self.topic_arn = self._create_notifications(vault)
        if args.restore_testing is not None:
            self._create_restore_testing(vault, role)
        self.register_outputs(
            {
                "vault_name": self.vault_name,
                "vault_arn": self.vault_arn,
                "dr_vault_name": self.dr_vault_name,
                "dr_vault_arn": self.dr_vault_arn,
                "plan_id": self.plan_id,
                "topic_arn": self.topic_arn,
                "protected_resource_arns": self.protected_resource_arns,
            }
        )

    def _child(self, **kwargs) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, **kwargs)

    def _primary_retentions(self) -> list[int]:
        args = self._args
        return [args.retention_days] + ([args.continuous_retention_days] if args.continuous_backup else [])

    def _lock_retention(self, retentions: list[int]) -> LockRetention | None:
        if self._args.vault_lock_changeable_for_days is None:
            return None
        return LockRetention(min_retention_days=min(retentions), max_retention_days=max(retentions))

    def _create_vault(
        self,
        vault_name: str,
        kms_key_arn: pulumi.Input[str],
        lock: LockRetention | None,
        provider: pulumi.ProviderResource | None,
    ) -> aws.backup.Vault:
        opts = self._child(provider=provider)
        vault = aws.backup.Vault(vault_name, name=vault_name, kms_key_arn=kms_key_arn, force_destroy=False, opts=opts)
        if lock is not None:
            # Compliance mode (changeable_for_days set): after the grace time nobody can shorten
            # retention or delete recovery points. The bounds admit exactly the retentions the plan uses.
            aws.backup.VaultLockConfiguration(
                f"{vault_name}-lock",
                backup_vault_name=vault.name,
                changeable_for_days=self._args.vault_lock_changeable_for_days,
                min_retention_days=lock.min_retention_days,
                max_retention_days=lock.max_retention_days,
                opts=opts,
            )
        return vault

    def _create_role(self) -> aws.iam.Role:
        role = aws.iam.Role(
            f"{self._name}-role",
            description=f"{self._name}: AWS Backup service role (backup, copy, restore, restore tests)",
            assume_role_policy=service_trust("backup.amazonaws.com"),
            opts=self._child(),
        )
        for purpose, policy_arn in MANAGED_POLICY_ARNS.items():
            aws.iam.RolePolicyAttachment(
                f"{self._name}-role-{purpose}", role=role.name, policy_arn=policy_arn, opts=self._child()
            )
        aws.iam.RolePolicy(f"{self._name}-role-keys", role=role.id, policy=self._key_policy(), opts=self._child())
        return role

    def _key_policy(self) -> pulumi.Output[str]:
        """Use of exactly the vault keys and the keys of the protected resources (the CMK key policies
        delegate use to IAM, and the managed policies alone do not cover customer-managed keys)."""
        args = self._args
        keys: list[pulumi.Input[str]] = [args.kms_key_arn, *args.encryption_key_arns]
        if args.dr_copy is not None:
            keys.append(args.dr_copy.kms_key_arn)
        return document(
            [
                statement("UseBackupAndDataKeys", USE_ACTIONS, keys),
                statement(
                    "GrantsForAwsResourcesOnly",
                    ("kms:CreateGrant",),
                    keys,
                    conditions={"Bool": {"kms:GrantIsForAWSResource": "true"}},
                ),
            ]
        )

    def _create_plan(self, vault: aws.backup.Vault) -> aws.backup.Plan:
        args = self._args
        copy_actions = None
        if args.dr_copy is not None:
            copy_actions = [
                aws.backup.PlanRuleCopyActionArgs(
                    destination_vault_arn=self.dr_vault_arn,
                    lifecycle=aws.backup.PlanRuleCopyActionLifecycleArgs(delete_after=args.dr_copy.retention_days),
                )
            ]
        rules = [
            aws.backup.PlanRuleArgs(
                rule_name="snapshots",
                target_vault_name=vault.name,
                schedule=args.schedule,
                start_window=RULE_START_WINDOW_MINUTES,
                completion_window=RULE_COMPLETION_WINDOW_MINUTES,
                lifecycle=aws.backup.PlanRuleLifecycleArgs(delete_after=args.retention_days),
                copy_actions=copy_actions,
            )
        ]
        if args.continuous_backup:
            # A continuous recovery point restores to any second of its window; it stays in-region
            # (copies to the DR region come from the snapshot rule).
            rules.append(
                aws.backup.PlanRuleArgs(
                    rule_name="continuous",
                    target_vault_name=vault.name,
                    schedule=args.schedule,
                    enable_continuous_backup=True,
                    start_window=RULE_START_WINDOW_MINUTES,
                    completion_window=RULE_COMPLETION_WINDOW_MINUTES,
                    lifecycle=aws.backup.PlanRuleLifecycleArgs(delete_after=args.continuous_retention_days),
                )
            )
        return aws.backup.Plan(f"{self._name}-plan", name=f"{self._name}-plan", rules=rules, opts=self._child())

    def _create_notifications(self, vault: aws.backup.Vault) -> pulumi.Output[str]:
        topic = aws.sns.Topic(f"{self._name}-events", kms_master_key_id=self._args.kms_key_arn, opts=self._child())
        aws.sns.TopicPolicy(
            f"{self._name}-events-policy",
            arn=topic.arn,
            policy=document(
                [
                    statement(
                        "BackupPublishesFromThisAccount",
                        ("SNS:Publish",),
                        [topic.arn],
                        principals={"Service": "backup.amazonaws.com"},
                        conditions={"StringEquals": {"aws:SourceAccount": self._args.account_id}},
                    ),
                    statement(
                        "DenyInsecureTransport",
                        ("SNS:Publish", "SNS:Subscribe"),
                        [topic.arn],
                        principals={"AWS": "*"},
                        conditions={"Bool": {"aws:SecureTransport": "false"}},
                        effect="Deny",
                    ),
                ]
            ),
            opts=self._child(),
        )
        aws.backup.VaultNotifications(
            f"{self._name}-vault-notifications",
            backup_vault_name=vault.name,
            sns_topic_arn=topic.arn,
            backup_vault_events=list(NOTIFIED_EVENTS),
            opts=self._child(),
        )
        return topic.arn

    def _create_restore_testing(self, vault: aws.backup.Vault, role: aws.iam.Role) -> None:
        testing = self._args.restore_testing
        assert testing is not None  # guarded by the caller
        plan_name = re.sub(r"[^A-Za-z0-9]", "_", f"{self._name}_restore_test")[:MAX_VAULT_NAME_LENGTH]
        plan = aws.backup.RestoreTestingPlan(
            f"{self._name}-restore-test",
            name=plan_name,
            schedule_expression=testing.schedule,
            start_window_hours=RESTORE_TEST_START_WINDOW_HOURS,
            recovery_point_selection=aws.backup.RestoreTestingPlanRecoveryPointSelectionArgs(
                algorithm="LATEST_WITHIN_WINDOW",
                include_vaults=[vault.arn],
                recovery_point_types=["SNAPSHOT"],
                selection_window_days=RESTORE_TEST_SELECTION_WINDOW_DAYS,
            ),
            opts=self._child(),
        )
        subnets = aws.rds.SubnetGroup(
            f"{self._name}-restore-test-subnets",
            subnet_ids=list(testing.subnet_ids),
            description=f"{self._name}: clusters restored by restore tests",
            opts=self._child(),
        )
        closed = closed_security_group(
            f"{self._name}-restore-test-sg",
            vpc_id=testing.vpc_id,
            description=f"{self._name}: clusters restored by restore tests (no access)",
            parent=self,
        )
        aws.backup.RestoreTestingSelection(
            f"{self._name}-restore-test-selection",
            name=f"{plan_name[:40]}_aurora",
            restore_testing_plan_name=plan.name,
            protected_resource_type=RESTORE_TEST_RESOURCE_TYPE,
            protected_resource_arns=list(testing.resource_arns),
            iam_role_arn=role.arn,
            restore_metadata_overrides={
                "dbsubnetgroupname": subnets.name,
                "vpcsecuritygroupids": closed.id.apply(lambda group_id: json.dumps([group_id])),
            },
            opts=self._child(),
        )
