"""Queue messages are encrypted with a CMK of the queue's own region."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import cmk_problem, get, require_cmk, violation

NAME = "sqs-queue-cmk"
DESCRIPTION = (
    "SQS queues encrypt messages with a customer-managed KMS key in the queue's region (never SQS-managed "
    "SSE, never a key of another region, which SQS cannot use)."
)
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH SQS.1", "CKV_AWS_27", "CKV2_AWS_73", "NAG SQS2")
ROWS = ("76",)
TYPES = frozenset({"aws:sqs/queue:Queue"})
REMEDIATION = (
    "Set kms_master_key_id=<ARN of a CMK (or its replica) in the queue's region> and leave "
    "sqs_managed_sse_enabled unset (SQS-managed SSE is not a CMK)."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    key = get(args.props, "kmsMasterKeyId")
    require_cmk(args.props, report_violation, "kmsMasterKeyId")
    region = args.provider.props.get("region") if args.provider else None
    if cmk_problem(key) is None and region and key.split(":")[3] != region:
        report_violation(
            violation("kmsMasterKeyId", key, f"use the key (or its replica) in {region}, the queue's region")
        )
