"""Every alarm reaches someone, through an encrypted topic of this stack, on ALARM and on OK."""

import re
from collections.abc import Mapping

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.alarms import ALARM_TYPES, COMPOSITE_ALARM, alarms_of
from policies.support.appconfig_facts import MAX_MONITORS
from policies.support.props import as_list, cmk_problem
from policies.support.stack import label, of_type

NAME = "cloudwatch-alarm-actions"
DESCRIPTION = (
    "Every CloudWatch alarm has actions enabled and notifies, on ALARM and on OK, CMK-encrypted SNS topics of "
    "this stack; an alarm without actions passes only as one window of a multi-window composite (an AND of "
    "alarms: no window alone is actionable) that notifies, or as a composite that only gathers this stack's "
    "alarms (any of more than five) for an AppConfig environment's monitors, which must be one alarm when "
    "there are more than five (each gathered alarm notifies by itself). Every EventBridge target that is an SNS "
    "topic is such a topic."
)
SEVERITY = "high"
CATEGORY = "LOG"
CONTROLS = ("custom: alarms notify an encrypted topic",)
ROWS = ("22",)
TOPIC = "aws:sns/topic:Topic"
EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget"
APPCONFIG_ENVIRONMENT = "aws:appconfig/environment:Environment"
TYPES = frozenset({*ALARM_TYPES, TOPIC, EVENT_TARGET, APPCONFIG_ENVIRONMENT})
ANY_OF = re.compile(r'ALARM\("([^"]+)"\)')
REMEDIATION = (
    "Set actions_enabled=True, alarm_actions and ok_actions to the region's alerts topic (kms_master_key_id=<CMK>), "
    "or make the alarm one window of a multi-window (AND) composite alarm that does (or the composite gathering "
    "notifying alarms for an AppConfig environment's monitors)."
)


def _topic_problem(topics, arn) -> str | None:
    topic = topics.get(arn)
    if topic is None:
        return f"names {arn!r}, not an SNS topic of this stack"
    if cmk_problem(topic.props.get("kmsMasterKeyId")):
        return f"names {topic.name}, which is not encrypted with a CMK"
    return None


def _rollout_gatherers(resources, alarms) -> set[str]:
    """ARNs of composites that AppConfig environments watch and whose rule is only `ALARM("<arn>") OR ...`
    over more than MAX_MONITORS alarms of this stack: silent by design, as each alarm they gather notifies by
    itself (and is checked here like any other)."""
    watched = {
        str(monitor.get("alarmArn"))
        for environment in of_type(resources, APPCONFIG_ENVIRONMENT)
        for monitor in as_list(environment.props.get("monitors"))
        if isinstance(monitor, Mapping)
    }
    own = {str(a.props.get("arn")) for a in alarms if a.props.get("arn")}
    gatherers = set()
    for composite in (a for a in alarms if a.resource_type == COMPOSITE_ALARM and str(a.props.get("arn")) in watched):
        rule = str(composite.props.get("alarmRule") or "")
        gathered = ANY_OF.findall(rule)
        exact = rule == " OR ".join(f'ALARM("{child}")' for child in gathered)
        # A gatherer exists only because there are more alarms than an environment may watch: a composite
        # of fewer (a service's health composite) must notify by itself.
        if exact and len(set(gathered)) > MAX_MONITORS and set(gathered) <= own:
            gatherers.add(str(composite.props.get("arn")))
    return gatherers


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
    gatherers = _rollout_gatherers(args.resources, alarms)
    for alarm in alarms:
        problems = []
        if alarm.props.get("actionsEnabled") is False:
            problems.append("actionsEnabled is false")
        for field in ("alarmActions", "okActions"):
            actions = as_list(alarm.props.get(field))
            if not actions:
                arn = alarm.props.get("arn")
                if arn is None or (str(arn) not in conjunctions and str(arn) not in gatherers):
                    problems.append(
                        f"{field} is empty and it is no window of a multi-window composite nor a composite "
                        "gathering this stack's alarms for AppConfig"
                    )
                continue
            problems += [f"{field} {p}" for p in (_topic_problem(topics, action) for action in actions) if p]
        if problems:
            report_violation(
                f"{label(alarm)}: {', '.join(problems)}; notify the region's encrypted alerts topic", alarm.urn
            )
