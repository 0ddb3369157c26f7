"""A message in a dead-letter queue is seen: an alarm with an action watches every DLQ."""

import json
from collections.abc import Mapping
from typing import Any

from pulumi_policy import PolicyResource, StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, keyed, plain
from policies.support.stack import label, of_type, physical_name, same_place

NAME = "sqs-dead-letter-queue-alarm"
DESCRIPTION = (
    "Every SQS dead-letter queue (the target of a redrive policy) is watched by a CloudWatch alarm in its "
    "region on AWS/SQS ApproximateNumberOfMessagesVisible of that queue that fires on the first message and "
    "notifies someone (at least one alarm action)."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("custom: dead-letter queue alarm",)
ROWS = ("76",)
QUEUE = "aws:sqs/queue:Queue"
REDRIVE = "aws:sqs/redrivePolicy:RedrivePolicy"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TYPES = frozenset({QUEUE, REDRIVE, ALARM})
REMEDIATION = (
    "Create an aws.cloudwatch.MetricAlarm: namespace AWS/SQS, metric_name ApproximateNumberOfMessagesVisible, "
    "dimensions {QueueName: <DLQ name>}, comparison GreaterThanThreshold, threshold 0, alarm_actions "
    "[<alerts topic ARN>]."
)
# The comparisons that fire on the first message: > 0, or >= 1.
FIRST_MESSAGE = {"GreaterThanThreshold": 0, "GreaterThanOrEqualToThreshold": 1}


def _target(value: Any) -> str | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return None
    return plain(value).get("deadLetterTargetArn") if isinstance(value, Mapping) else None


def _watches(alarm: PolicyResource, queue: PolicyResource) -> bool:
    props = alarm.props
    comparison, threshold = props.get("comparisonOperator"), props.get("threshold")
    dimensions = props.get("dimensions")
    if not isinstance(dimensions, Mapping):
        dimensions = {}
    return (
        same_place(alarm, queue)
        and props.get("namespace") == "AWS/SQS"
        and props.get("metricName") == "ApproximateNumberOfMessagesVisible"
        and dimensions.get("QueueName") == physical_name(queue)
        and comparison in FIRST_MESSAGE
        and isinstance(threshold, int | float)
        and threshold <= FIRST_MESSAGE[comparison]
        and bool(as_list(props.get("alarmActions")))
    )


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    resources = args.resources
    targets = {_target(r.props.get("redrivePolicy")) for r in of_type(resources, QUEUE, REDRIVE)} - {None}
    alarms = of_type(resources, ALARM)
    for queue in of_type(resources, QUEUE):
        if queue.props.get("arn") in targets and not any(_watches(alarm, queue) for alarm in alarms):
            report_violation(
                keyed(
                    f"{label(queue)} is a dead-letter queue no alarm watches (AWS/SQS "
                    "ApproximateNumberOfMessagesVisible > 0 with an alarm action); poison messages would go "
                    "unnoticed: add the alarm",
                    "alarm",
                ),
                queue.urn,
            )
