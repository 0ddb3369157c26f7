"""Performance Insights is on for every database instance."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "rds-performance-insights-enabled"
DESCRIPTION = "RDS instances and Aurora cluster instances enable Performance Insights."
SEVERITY = "low"
CATEGORY = "LOG"
CONTROLS = ("CKV_AWS_353",)
ROWS = ("3",)
TYPES = frozenset({"aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"})
REMEDIATION = "Set performance_insights_enabled=True with performance_insights_kms_key_id=<data CMK ARN>."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "performanceInsightsEnabled")
