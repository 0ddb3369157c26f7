"""Automated backups are kept long enough for the environment (point-in-time restore window)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_int_between, setting

NAME = "rds-backup-retention"
DESCRIPTION = "RDS instances and Aurora clusters keep automated backups for the environment's minimum (max 35)."
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("SH RDS.11", "CKV_AWS_133", "NAG RDS13")
ROWS = ("10",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Set backup_retention_period to at least the environment minimum (policy config minDays), <= 35."
CONFIG = {
    "minDays": {
        "type": "integer",
        "minimum": 1,
        "maximum": 35,
        "default": 7,
        "description": "minimum automated backup retention in days",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_int_between(args.props, report_violation, "backupRetentionPeriod", setting(args, CONFIG, "minDays"), 35)
