"""Every queue has a policy that denies plaintext requests."""

from pulumi_policy import PolicyResource, StackValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import resource_statements
from policies.support.props import get, keyed
from policies.support.stack import label, linked, of_type
from policies.support.tls import denies_insecure_transport

NAME = "sqs-queue-policy-tls"
DESCRIPTION = (
    "Every SQS queue has a queue policy (inline or an aws:sqs/queuePolicy in its region) with a Deny for "
    "every principal and sqs:* when aws:SecureTransport is false; every queue policy has that Deny."
)
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("NAG SQS4",)
ROWS = ("76",)
QUEUE = "aws:sqs/queue:Queue"
POLICY = "aws:sqs/queuePolicy:QueuePolicy"
TYPES = frozenset({QUEUE, POLICY})
REMEDIATION = (
    "Attach an aws.sqs.QueuePolicy with {Effect: Deny, Principal: '*', Action: 'sqs:*', Resource: <queue ARN>, "
    "Condition: {Bool: {aws:SecureTransport: 'false'}}}."
)


def _tls_only(resource: PolicyResource) -> bool:
    return denies_insecure_transport(resource_statements(resource.resource_type, resource.props))


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    policies = of_type(args.resources, POLICY)
    for policy in policies:
        if not _tls_only(policy):
            report_violation(
                keyed(
                    f"{label(policy)} policy ({'absent' if get(policy.props, 'policy') is None else 'set'}) has no "
                    "Deny for aws:SecureTransport=false; add one covering sqs:*",
                    "policy",
                ),
                policy.urn,
            )
    for queue in of_type(args.resources, QUEUE):
        attached = [p for p in policies if linked(p, p.props.get("queueUrl"), queue, "url")]
        if get(queue.props, "policy") is not None and not _tls_only(queue):
            report_violation(
                keyed(f"{label(queue)} policy has no Deny for aws:SecureTransport=false; add one", "policy"),
                queue.urn,
            )
        elif get(queue.props, "policy") is None and not any(_tls_only(p) for p in attached):
            report_violation(
                keyed(
                    f"{label(queue)} has no queue policy denying aws:SecureTransport=false "
                    f"({len(attached)} attached in its region); attach one",
                    "policy",
                ),
                queue.urn,
            )
