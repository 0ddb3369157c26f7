"""PostgreSQL logs are exported to CloudWatch Logs."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "rds-log-exports"
DESCRIPTION = "PostgreSQL clusters export the postgresql log (instances also the upgrade log) to CloudWatch."
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH RDS.37", "SH RDS.9", "SH RDS.36", "CKV_AWS_324", "CKV_AWS_129", "NAG R5-RDSLoggingEnabled")
ROWS = ("17",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Set enabled_cloudwatch_logs_exports=['postgresql'] (instances: ['postgresql', 'upgrade'])."
REQUIRED = {
    "aws:rds/cluster:Cluster": ("postgresql",),
    "aws:rds/instance:Instance": ("postgresql", "upgrade"),
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES or "postgres" not in str(args.props.get("engine", "")):
        return
    value = get(args.props, "enabledCloudwatchLogsExports")
    missing = [log for log in REQUIRED[args.resource_type] if log not in as_list(value)]
    if missing:
        report_violation(violation("enabledCloudwatchLogsExports", value, f"add {missing}"))
