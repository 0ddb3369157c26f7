"""Queue policies deny plaintext requests."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import resource_statements
from policies.support.props import get
from policies.support.tls import denies_insecure_transport

NAME = "sqs-queue-policy-tls"
DESCRIPTION = "SQS queue policies deny requests where aws:SecureTransport is false."
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("NAG SQS4",)
ROWS = ("76",)
TYPES = frozenset({"aws:sqs/queuePolicy:QueuePolicy"})
REMEDIATION = (
    "Add {Effect: Deny, Principal: '*', Action: 'sqs:*', Resource: <queue ARN>, "
    "Condition: {Bool: {aws:SecureTransport: 'false'}}}."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES and not denies_insecure_transport(
        resource_statements(args.resource_type, args.props)
    ):
        report_violation(
            f"policy ({'absent' if get(args.props, 'policy') is None else 'set'}) has no Deny for "
            "aws:SecureTransport=false; add one covering sqs:*"
        )
