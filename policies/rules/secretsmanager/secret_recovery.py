"""A deleted secret can be recovered, and the DR region holds a replica where required."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, require_int_between, setting, violation

NAME = "secretsmanager-secret-recovery"
DESCRIPTION = (
    "Secrets keep a recovery window (>= 7 days, never immediate deletion) and, where required, "
    "a replica in the DR region."
)
SEVERITY = "medium"
CATEGORY = "BDR"
CONTROLS = ("custom: recovery window", "custom: DR replica")
ROWS = ("56",)
TYPES = frozenset({"aws:secretsmanager/secret:Secret"})
REMEDIATION = "Set recovery_window_in_days between 7 and 30, and replicas=[{region: <DR region>, kms_key_id: ...}]."
CONFIG = {
    "minRecoveryDays": {
        "type": "integer",
        "minimum": 7,
        "maximum": 30,
        "default": 7,
        "description": "minimum recovery window",
    },
    "requireReplica": {
        "type": "boolean",
        "default": False,
        "description": "require a replica in another region",
    },
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    require_int_between(
        args.props, report_violation, "recoveryWindowInDays", setting(args, CONFIG, "minRecoveryDays"), 30
    )
    if setting(args, CONFIG, "requireReplica"):
        replicas = as_list(get(args.props, "replicas"))
        if not any(get(r, "region") for r in replicas):
            report_violation(violation("replicas", get(args.props, "replicas"), "add a replica in the DR region"))
