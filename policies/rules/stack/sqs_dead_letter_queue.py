"""Poison messages land in a dead-letter queue instead of blocking consumers, and only there."""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy import PolicyResource, StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, as_int, as_list, keyed, plain, setting
from policies.support.stack import label, linked, of_type, physical_name, same_place

NAME = "sqs-dead-letter-queue"
DESCRIPTION = (
    "Every SQS queue that is not itself a dead-letter queue has a redrive policy with maxReceiveCount <= the "
    "limit to a dead-letter queue of the stack in its region, FIFO for a FIFO queue; each dead-letter queue "
    "has a redrive-allow policy `byQueue` that names the queues using it."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("NAG SQS3",)
ROWS = ("76",)
QUEUE = "aws:sqs/queue:Queue"
REDRIVE = "aws:sqs/redrivePolicy:RedrivePolicy"
REDRIVE_ALLOW = "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy"
TYPES = frozenset({QUEUE, REDRIVE, REDRIVE_ALLOW})
REMEDIATION = (
    "Set redrive_policy=json.dumps({deadLetterTargetArn: <DLQ ARN in the same region>, maxReceiveCount: 5}) and "
    "on the DLQ an aws.sqs.RedriveAllowPolicy with {redrivePermission: 'byQueue', sourceQueueArns: [<queue ARN>]}."
)
CONFIG = {
    "maxReceiveCount": {
        "type": "integer",
        "minimum": 1,
        "default": 10,
        "description": "largest maxReceiveCount",
    }
}


def _document(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return {}
    return plain(value) if isinstance(value, Mapping) else {}


def _attached(
    resources: Sequence[PolicyResource], queues: Sequence[PolicyResource], resource_type: str, key: str
) -> dict[str, dict[str, Any]]:
    """Per queue URN: its inline document under `key`, replaced by a standalone resource's in its region."""
    documents = {q.urn: _document(q.props.get(key)) for q in queues}
    for standalone in of_type(resources, resource_type):
        for queue in queues:
            if linked(standalone, standalone.props.get("queueUrl"), queue, "url"):
                documents[queue.urn] = _document(standalone.props.get(key))
    return documents


def _fifo(queue: PolicyResource) -> bool:
    name = physical_name(queue) or ""
    return as_bool(queue.props.get("fifoQueue")) is True or name.endswith(".fifo")


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    queues = of_type(args.resources, QUEUE)
    redrives = _attached(args.resources, queues, REDRIVE, "redrivePolicy")
    allows = _attached(args.resources, queues, REDRIVE_ALLOW, "redriveAllowPolicy")
    targets = {policy.get("deadLetterTargetArn") for policy in redrives.values()}
    limit = setting(args, CONFIG, "maxReceiveCount")
    sources: dict[str, list[str]] = {}  # dead-letter queue URN -> ARNs of the queues redriving to it
    for queue in queues:
        if queue.props.get("arn") in targets:
            continue  # a dead-letter queue
        policy = redrives[queue.urn]
        target, count = policy.get("deadLetterTargetArn"), as_int(policy.get("maxReceiveCount"))
        if not target or count is None or count > limit:
            report_violation(
                keyed(
                    f"{label(queue)} redrivePolicy is {policy or None!r}; send failures to a DLQ with "
                    f"maxReceiveCount <= {limit}",
                    "redrivePolicy",
                    policy or None,
                ),
                queue.urn,
            )
            continue
        dlq = next((q for q in queues if q.props.get("arn") == target and same_place(q, queue)), None)
        if dlq is None:
            report_violation(
                keyed(
                    f"{label(queue)} redrivePolicy.deadLetterTargetArn is {target!r}, no queue of this stack in the "
                    "queue's region; AWS requires the DLQ in the same account and region: create it beside the queue",
                    "redrivePolicy.deadLetterTargetArn",
                    target,
                ),
                queue.urn,
            )
        elif _fifo(queue) != _fifo(dlq):
            report_violation(
                keyed(
                    f"{label(queue)} is {'a FIFO' if _fifo(queue) else 'a standard'} queue but its DLQ {dlq.name} is "
                    "not; AWS requires both of the same kind: make them match",
                    "redrivePolicy.deadLetterTargetArn",
                    target,
                ),
                queue.urn,
            )
        else:
            sources.setdefault(dlq.urn, []).append(queue.props.get("arn"))
    for dlq in queues:
        if dlq.urn not in sources:
            continue
        allow = allows[dlq.urn]
        allowed = set(as_list(allow.get("sourceQueueArns")))
        if allow.get("redrivePermission") != "byQueue" or not set(sources[dlq.urn]) <= allowed:
            report_violation(
                keyed(
                    f"{label(dlq)} redriveAllowPolicy is {allow or None!r}; without byQueue any queue of the account "
                    f"may use it: set {{redrivePermission: byQueue, sourceQueueArns: {sorted(sources[dlq.urn])}}}",
                    "redriveAllowPolicy",
                    allow or None,
                ),
                dlq.urn,
            )
