"""EventBridge rules that send AWS events (failed backups, high-severity findings) to the alerts topic.

Each event reaches the topic reshaped like an alarm notification: `AlarmName` (with the severity, so
`pages_only` subscriptions filter it like an alarm), a description with the runbook link, and the
event's source, type, account, region, time and detail.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.observability.alarms import AlarmRoute, Severity, description

MAX_RULE_NAME_LENGTH = 64
INPUT_PATHS = {
    "source": "$.source",
    "detailType": "$.detail-type",
    "account": "$.account",
    "region": "$.region",
    "time": "$.time",
    "detail": "$.detail",
}


@dataclass(frozen=True, kw_only=True)
class EventRoute:
    """Events of one kind to the alerts topic.

    Attributes:
        what: The rule's name part after the severity, such as `backup-job-failed`.
        summary: What the event means.
        runbook: Anchor in docs/observability.md.
        severity: page or ticket.
        pattern: The EventBridge event pattern.
    """

    what: str
    summary: str
    runbook: str
    severity: Severity
    pattern: Mapping[str, Any]


def input_template(name: str, summary: str, runbook: str) -> str:
    """The message: constant fields as JSON strings, the event's fields as EventBridge placeholders."""
    constants = {
        "AlarmName": name,
        "AlarmDescription": description(summary, runbook),
        "NewStateValue": "ALARM",
    }
    fields = [f"{json.dumps(key)}: {json.dumps(value)}" for key, value in constants.items()]
    fields += [f'"{key}": "<{key}>"' for key in INPUT_PATHS if key != "detail"]
    fields.append('"detail": <detail>')  # an object: unquoted, EventBridge inserts it as JSON
    return "{" + ", ".join(fields) + "}"


def route_events(
    resource_name: str, spec: EventRoute, route: AlarmRoute, parent: pulumi.Resource
) -> aws.cloudwatch.EventRule:
    """The rule and its target (the alerts topic of the rule's region)."""
    name = route.alarm_name(spec.severity, spec.what)
    if len(name) > MAX_RULE_NAME_LENGTH:
        raise ValueError(f"event rule name: at most {MAX_RULE_NAME_LENGTH} characters (got {name!r})")
    rule = aws.cloudwatch.EventRule(
        resource_name,
        name=name,
        description=spec.summary,
        event_pattern=json.dumps(spec.pattern, sort_keys=True),
        state="ENABLED",
        opts=pulumi.ResourceOptions(parent=parent),
    )
    aws.cloudwatch.EventTarget(
        f"{resource_name}-target",
        rule=rule.name,
        target_id="alerts-topic",
        arn=route.topic_arn,
        input_transformer=aws.cloudwatch.EventTargetInputTransformerArgs(
            input_paths=INPUT_PATHS,
            input_template=input_template(name, spec.summary, spec.runbook),
        ),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return rule


# What the stack routes to the alerts topic, by source (EventBridge event reference of each service).
BACKUP_FAILURES = (
    EventRoute(
        what="backup-job-failed",
        summary="AWS Backup: a backup job failed, was aborted or expired.",
        runbook="backup-failed",
        severity="page",
        pattern={
            "source": ["aws.backup"],
            "detail-type": ["Backup Job State Change"],
            "detail": {"state": ["FAILED", "ABORTED", "EXPIRED"]},
        },
    ),
    EventRoute(
        what="backup-copy-failed",
        summary="AWS Backup: copying a recovery point to the DR vault failed.",
        runbook="backup-failed",
        severity="page",
        pattern={
            "source": ["aws.backup"],
            "detail-type": ["Copy Job State Change"],
            "detail": {"state": ["FAILED"]},
        },
    ),
    EventRoute(
        what="restore-test-failed",
        summary="AWS Backup: a restore (the weekly restore test) failed: the RTO is not proven.",
        runbook="restore-test-failed",
        severity="ticket",
        pattern={
            "source": ["aws.backup"],
            "detail-type": ["Restore Job State Change"],
            "detail": {"status": ["FAILED", "ABORTED"]},
        },
    ),
)

HIGH_SEVERITY_FINDINGS = (
    EventRoute(
        what="guardduty-finding",
        summary="GuardDuty: a high- or critical-severity finding.",
        runbook="security-finding",
        severity="page",
        # GuardDuty severities: 7.0-8.9 high, 9.0-10.0 critical.
        pattern={
            "source": ["aws.guardduty"],
            "detail-type": ["GuardDuty Finding"],
            "detail": {"severity": [{"numeric": [">=", 7]}]},
        },
    ),
    EventRoute(
        what="securityhub-finding",
        summary="Security Hub: a new high- or critical-severity finding (FSBP or CIS control failed).",
        runbook="security-finding",
        severity="ticket",
        pattern={
            "source": ["aws.securityhub"],
            "detail-type": ["Security Hub Findings - Imported"],
            "detail": {
                "findings": {
                    "Severity": {"Label": ["HIGH", "CRITICAL"]},
                    "Workflow": {"Status": ["NEW"]},
                    "RecordState": ["ACTIVE"],
                }
            },
        },
    ),
    EventRoute(
        what="inspector-finding",
        summary="Inspector: an image or dependency with a high- or critical-severity vulnerability.",
        runbook="image-vulnerability",
        severity="ticket",
        pattern={
            "source": ["aws.inspector2"],
            "detail-type": ["Inspector2 Finding"],
            "detail": {"severity": ["HIGH", "CRITICAL"], "status": ["ACTIVE"]},
        },
    ),
)


@dataclass(frozen=True, kw_only=True)
class EventRouteSetArgs:
    """Inputs for `EventRouteSet`.

    Attributes:
        route: The alerts topic and name prefix of the region.
        routes: The kinds of events to route, each with a unique `what`.
    """

    route: AlarmRoute
    routes: tuple[EventRoute, ...]


class EventRouteSet(pulumi.ComponentResource):
    """One EventBridge rule (and target) per kind of event, all to the region's alerts topic."""

    def __init__(self, name: str, args: EventRouteSetArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:EventRouteSet", name, None, opts)
        rules = {spec.what: route_events(f"{name}-{spec.what}", spec, args.route, self) for spec in args.routes}
        self.register_outputs({"rule_arns": {what: rule.arn for what, rule in rules.items()}})
