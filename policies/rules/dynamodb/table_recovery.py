"""DynamoDB tables can be restored to any second and cannot be deleted by accident."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "dynamodb-table-recovery"
DESCRIPTION = "DynamoDB tables enable point-in-time recovery and deletion protection."
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("SH DynamoDB.2", "SH DynamoDB.6", "CKV_AWS_28")
ROWS = ("X3",)
TYPES = frozenset({"aws:dynamodb/table:Table"})
REMEDIATION = "Set point_in_time_recovery={enabled: True} and deletion_protection_enabled=True."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "pointInTimeRecovery.enabled")
        require_true(args.props, report_violation, "deletionProtectionEnabled")
