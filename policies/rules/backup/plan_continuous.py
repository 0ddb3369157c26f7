"""Backups support point-in-time restore (continuous backup) where the environment's RPO needs it."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, required_switch, setting, violation

NAME = "backup-plan-continuous"
DESCRIPTION = "AWS Backup plans include a continuous-backup (PITR) rule where required."
SEVERITY = "medium"
CATEGORY = "BDR"
CONTROLS = ("custom: continuous backup",)
ROWS = ("61",)
TYPES = frozenset({"aws:backup/plan:Plan"})
REMEDIATION = "Set enable_continuous_backup=True on a rule (retention <= 35 days)."
CONFIG = {"required": required_switch("require a continuous-backup rule")}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES or not setting(args, CONFIG, "required"):
        return
    rules = as_list(get(args.props, "rules"))
    if not any(get(r, "enableContinuousBackup") is True for r in rules):
        report_violation(
            violation(
                "rules[].enableContinuousBackup",
                [get(r, "enableContinuousBackup") for r in rules],
                "set it to true on one rule",
            )
        )
