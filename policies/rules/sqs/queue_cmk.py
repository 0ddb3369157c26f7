"""Queue messages are encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk

NAME = "sqs-queue-cmk"
DESCRIPTION = "SQS queues encrypt messages with a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH SQS.1", "CKV_AWS_27", "CKV2_AWS_73", "NAG SQS2")
ROWS = ("76",)
TYPES = frozenset({"aws:sqs/queue:Queue"})
REMEDIATION = "Set kms_master_key_id=<data CMK ARN> (SQS-managed SSE is not a CMK)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsMasterKeyId")
