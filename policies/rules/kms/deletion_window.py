"""Scheduling a key for deletion leaves enough time to notice and cancel."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_int_between, setting

NAME = "kms-deletion-window"
DESCRIPTION = "KMS keys and replica keys wait the environment's minimum before deletion (30 days in prod)."
SEVERITY = "medium"
CATEGORY = "BDR"
CONTROLS = ("SH KMS.3", "CIS 4.7 (monitor)")
ROWS = ("51",)
TYPES = frozenset({"aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"})
REMEDIATION = "Set deletion_window_in_days to the environment minimum (policy config minDays), max 30."
CONFIG = {
    "minDays": {
        "type": "integer",
        "minimum": 7,
        "maximum": 30,
        "default": 7,
        "description": "minimum key deletion window in days",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_int_between(args.props, report_violation, "deletionWindowInDays", setting(args, CONFIG, "minDays"), 30)
