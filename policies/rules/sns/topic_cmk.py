"""SNS topics encrypt messages with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk

NAME = "sns-topic-cmk"
DESCRIPTION = "SNS topics encrypt messages at rest with a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH SNS.1", "CKV_AWS_26", "NAG SNS2")
ROWS = ("X10",)
TYPES = frozenset({"aws:sns/topic:Topic"})
REMEDIATION = "Set kms_master_key_id=<CMK ARN> (the AWS-managed alias/aws/sns key is not a CMK)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsMasterKeyId")
