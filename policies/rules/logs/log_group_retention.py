"""Log groups keep logs long enough (audit logs a year), and not forever by accident."""

from fnmatch import fnmatchcase

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, get, setting, violation

NAME = "logs-log-group-retention"
DESCRIPTION = "CloudWatch log groups set a retention: >= 30 days for application logs, >= 365 for audit logs."
SEVERITY = "low"
CATEGORY = "LOG"
CONTROLS = ("CKV_AWS_66", "CKV_AWS_338", "NAG R5-CloudWatchLogGroupRetentionPeriod")
ROWS = ("69",)
TYPES = frozenset({"aws:cloudwatch/logGroup:LogGroup"})
REMEDIATION = "Set retention_in_days to at least the minimum (audit logs: auditMinDays)."
CONFIG = {
    "minDays": {"type": "integer", "minimum": 1, "default": 30, "description": "minimum retention"},
    "auditMinDays": {
        "type": "integer",
        "minimum": 1,
        "default": 365,
        "description": "minimum for audit logs",
    },
    "auditNames": {
        "type": "array",
        "items": {"type": "string"},
        "default": ["*audit*", "*cloudtrail*", "*flow-log*", "/aws/eks/*/cluster"],
        "description": "globs (resource or log group name) that mark audit log groups",
    },
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    names = (args.name, str(get(args.props, "name") or ""))
    audit = any(fnmatchcase(n, p) for n in names for p in setting(args, CONFIG, "auditNames"))
    minimum = setting(args, CONFIG, "auditMinDays" if audit else "minDays")
    days = get(args.props, "retentionInDays")
    if as_int(days) is None or days < minimum:
        kind = "audit log group" if audit else "log group"
        report_violation(violation("retentionInDays", days, f"set it to >= {minimum} for this {kind}"))
