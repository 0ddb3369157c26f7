"""Poison messages land in a dead-letter queue instead of blocking consumers."""

import json
from collections.abc import Mapping
from typing import Any

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, setting
from policies.support.stack import label, of_type

NAME = "sqs-dead-letter-queue"
DESCRIPTION = (
    "Every SQS queue that is not itself a dead-letter queue has a redrive policy to a DLQ with "
    "maxReceiveCount <= the limit."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("NAG SQS3",)
ROWS = ("76",)
QUEUE = "aws:sqs/queue:Queue"
REDRIVE = "aws:sqs/redrivePolicy:RedrivePolicy"
TYPES = frozenset({QUEUE, REDRIVE})
REMEDIATION = "Set redrive_policy=json.dumps({deadLetterTargetArn: <dlq ARN>, maxReceiveCount: 5})."
CONFIG = {
    "maxReceiveCount": {
        "type": "integer",
        "minimum": 1,
        "default": 10,
        "description": "largest maxReceiveCount",
    }
}


def _redrive(value: Any) -> Mapping[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return {}
    return value if isinstance(value, Mapping) else {}


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    queues = of_type(args.resources, QUEUE)
    policies = {q.urn: _redrive(q.props.get("redrivePolicy")) for q in queues}
    for standalone in of_type(args.resources, REDRIVE):
        queue = next(
            (q for q in queues if standalone.props.get("queueUrl") in (q.props.get("url"), q.props.get("id"))),
            None,
        )
        if queue is not None:
            policies[queue.urn] = _redrive(standalone.props.get("redrivePolicy"))
    targets = {p.get("deadLetterTargetArn") for p in policies.values()}
    limit = setting(args, CONFIG, "maxReceiveCount")
    for queue in queues:
        if queue.props.get("arn") in targets:
            continue
        policy = policies[queue.urn]
        count = policy.get("maxReceiveCount")
        if not policy.get("deadLetterTargetArn") or as_int(count) is None or count > limit:
            report_violation(
                f"{label(queue)} redrivePolicy is {policy or None!r}; send failures to a DLQ with "
                f"maxReceiveCount <= {limit}",
                queue.urn,
            )
