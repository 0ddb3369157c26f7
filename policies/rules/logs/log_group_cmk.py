"""Log groups are encrypted with a CMK (logs carry request data and identifiers)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk

NAME = "logs-log-group-cmk"
DESCRIPTION = "CloudWatch log groups are encrypted with a customer-managed KMS key."
SEVERITY = "medium"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_158", "NAG R5-CloudWatchLogGroupEncrypted")
ROWS = ("69",)
TYPES = frozenset({"aws:cloudwatch/logGroup:LogGroup"})
REMEDIATION = "Set kms_key_id=<logs CMK ARN> (its key policy must allow logs.<region>.amazonaws.com)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsKeyId")
