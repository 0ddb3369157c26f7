"""Enhanced Monitoring (OS metrics) is on, with a role to publish them."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, require_set, violation

NAME = "rds-enhanced-monitoring"
DESCRIPTION = "RDS instances and Aurora cluster instances publish Enhanced Monitoring metrics."
SEVERITY = "low"
CATEGORY = "LOG"
CONTROLS = ("SH RDS.6", "CKV_AWS_118", "NAG R5-RDSEnhancedMonitoringEnabled")
ROWS = ("16",)
TYPES = frozenset({"aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"})
REMEDIATION = "Set monitoring_interval to 1, 5, 10, 15, 30 or 60 and monitoring_role_arn to the monitoring role."
INTERVALS = (1, 5, 10, 15, 30, 60)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    interval = get(args.props, "monitoringInterval")
    if interval not in INTERVALS:
        report_violation(violation("monitoringInterval", interval, f"set it to one of {list(INTERVALS)}"))
    require_set(args.props, report_violation, "monitoringRoleArn", "the Enhanced Monitoring role ARN")
