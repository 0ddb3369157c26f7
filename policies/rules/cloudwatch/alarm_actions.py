"""Every alarm reaches someone, through an encrypted topic of this stack, on ALARM and on OK."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.alarms import ALARM_TYPES, COMPOSITE_ALARM, alarms_of
from policies.support.props import as_list, cmk_problem
from policies.support.stack import label, of_type

NAME = "cloudwatch-alarm-actions"
DESCRIPTION = (
    "Every CloudWatch alarm has actions enabled and notifies, on ALARM and on OK, CMK-encrypted SNS topics of "
    "this stack; an alarm without actions passes only as one window of a multi-window composite (an AND of "
    "alarms: no window alone is actionable) that notifies. Every EventBridge target that is an SNS topic is "
    "such a topic."
)
SEVERITY = "high"
CATEGORY = "LOG"
CONTROLS = ("custom: alarms notify an encrypted topic",)
ROWS = ("22",)
TOPIC = "aws:sns/topic:Topic"
EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget"
TYPES = frozenset({*ALARM_TYPES, TOPIC, EVENT_TARGET})
REMEDIATION = (
    "Set actions_enabled=True, alarm_actions and ok_actions to the region's alerts topic (kms_master_key_id=<CMK>), "
    "or make the alarm one window of a multi-window (AND) composite alarm that does."
)


def _topic_problem(topics, arn) -> str | None:
    topic = topics.get(arn)
    if topic is None:
        return f"names {arn!r}, not an SNS topic of this stack"
    if cmk_problem(topic.props.get("kmsMasterKeyId")):
        return f"names {topic.name}, which is not encrypted with a CMK"
    return None


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    topics = {t.props.get("arn"): t for t in of_type(args.resources, TOPIC) if t.props.get("arn")}
    for target in of_type(args.resources, EVENT_TARGET):
        arn = target.props.get("arn")
        problem = _topic_problem(topics, arn) if str(arn).startswith("arn:aws:sns:") else None
        if problem:
            report_violation(f"{label(target)}: arn {problem}; target the region's encrypted alerts topic", target.urn)
    alarms = alarms_of(args.resources)
    # Rules of composites that fire only when all their inputs do (each input alone is not actionable).
    conjunctions = " ".join(
        rule
        for rule in (str(a.props.get("alarmRule") or "") for a in alarms if a.resource_type == COMPOSITE_ALARM)
        if " AND " in rule and " OR " not in rule
    )
    for alarm in alarms:
        problems = []
        if alarm.props.get("actionsEnabled") is False:
            problems.append("actionsEnabled is false")
        for field in ("alarmActions", "okActions"):
            actions = as_list(alarm.props.get(field))
            if not actions:
                if alarm.props.get("arn") is None or str(alarm.props.get("arn")) not in conjunctions:
                    problems.append(f"{field} is empty and it is no window of a multi-window composite")
                continue
            problems += [f"{field} {p}" for p in (_topic_problem(topics, action) for action in actions) if p]
        if problems:
            report_violation(
                f"{label(alarm)}: {', '.join(problems)}; notify the region's encrypted alerts topic", alarm.urn
            )
