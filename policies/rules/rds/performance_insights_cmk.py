"""Performance Insights data (which holds query text) is encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, require_cmk

NAME = "rds-performance-insights-cmk"
DESCRIPTION = "Performance Insights data is encrypted with a customer-managed KMS key."
SEVERITY = "medium"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_354",)
ROWS = ("3",)
TYPES = frozenset({"aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"})
REMEDIATION = "Set performance_insights_kms_key_id=<data CMK ARN> (Aurora: the same key on every instance)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    # Without Performance Insights there is nothing to encrypt; rds-performance-insights-enabled reports that.
    if args.resource_type in TYPES and as_bool(args.props.get("performanceInsightsEnabled")):
        require_cmk(args.props, report_violation, "performanceInsightsKmsKeyId")
