"""Database activity streams (the immutable audit trail) are encrypted with a CMK and asynchronous."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk, require_equal

NAME = "rds-activity-stream"
DESCRIPTION = "Database activity streams use a customer-managed key and async mode."
SEVERITY = "medium"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_246", "custom: async activity stream")
ROWS = ("18",)
TYPES = frozenset({"aws:rds/clusterActivityStream:ClusterActivityStream"})
REMEDIATION = "Set kms_key_id=<data CMK ARN> and mode='async'."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsKeyId")
        require_equal(args.props, report_violation, "mode", "async")
