"""CloudWatch alarms as every Bulkhead alarm is made.

- Actions on ALARM and on OK go to the encrypted alerts topic of the alarm's own region (CloudWatch
  notifies only topics in the alarm's region), so a page is always followed by its all-clear.
- The name says who is woken: `<prefix>-page-...` pages, `<prefix>-ticket-...` opens a ticket; the
  alerts topic's `pages_only` subscriptions filter on that prefix.
- `treat_missing_data` is an explicit choice per metric (a required argument, never the default).
- The description carries the runbook link for the on-call engineer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pulumi
import pulumi_aws as aws

Severity = Literal["page", "ticket"]
SEVERITIES: tuple[Severity, ...] = ("page", "ticket")
# breaching: silence is itself the failure; notBreaching: silence means nothing happened (event counts);
# missing: keep the previous state (metrics that pause legitimately); ignore: never used here.
MissingData = Literal["breaching", "notBreaching", "missing"]
Comparison = Literal[
    "GreaterThanThreshold",
    "GreaterThanOrEqualToThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
]
RUNBOOK_BASE = "docs/observability.md#"
MAX_ALARM_NAME_LENGTH = 255
VALID_PERIODS = (10, 30)  # plus any multiple of 60
MAX_ALARM_WINDOW = 86_400
MAX_INSIGHTS_WINDOW = 3 * 3600


@dataclass(frozen=True)
class AlarmRoute:
    """Where alarms of one region notify.

    Attributes:
        topic_arn: The alerts topic of the region.
        name_prefix: Prefix of every alarm name (the stack prefix, such as `mobile-prod`).
    """

    topic_arn: pulumi.Input[str]
    name_prefix: str

    def alarm_name(self, severity: Severity, what: str) -> str:
        name = f"{self.name_prefix}-{severity}-{what}"
        if len(name) > MAX_ALARM_NAME_LENGTH:
            raise ValueError(f"alarm name: at most {MAX_ALARM_NAME_LENGTH} characters (got {len(name)}: {name!r})")
        return name

    def page_prefix(self) -> str:
        """The name prefix of the alarms that page (what `pages_only` subscriptions match)."""
        return f"{self.name_prefix}-page-"


@dataclass(frozen=True, kw_only=True)
class Metric:
    """One CloudWatch metric series.

    Attributes:
        namespace: Such as AWS/RDS.
        name: The metric name.
        dimensions: Its exact dimension set.
        stat: Average, Maximum, Minimum, Sum, SampleCount or a percentile such as p99.
        period: Seconds: 10, 30 or a multiple of 60.
    """

    namespace: str
    name: str
    dimensions: Mapping[str, pulumi.Input[str]]
    stat: str
    period: int

    def __post_init__(self) -> None:
        if self.period not in VALID_PERIODS and self.period % 60:
            raise ValueError(f"Metric.period: must be 10, 30 or a multiple of 60 seconds (got {self.period})")


@dataclass(frozen=True, kw_only=True)
class Query:
    """One entry of a metric-math or Metrics Insights alarm: a metric, or an expression over the others.

    Attributes:
        id: Lowercase identifier used in expressions.
        metric: The metric. Default: - none (then `expression`).
        expression: Metric math over other ids, or a Metrics Insights query. Default: - none.
        period: Period of an expression that reads metrics itself (Metrics Insights). Default: - none.
        label: Legend text. Default: - the id.
        returns: This entry is the alarm's value (exactly one per alarm). Default: false
    """

    id: str
    metric: Metric | None = None
    expression: pulumi.Input[str] | None = None
    period: int | None = None
    label: str | None = None
    returns: bool = False

    def __post_init__(self) -> None:
        if (self.metric is None) == (self.expression is None):
            raise ValueError(f"Query {self.id!r}: set exactly one of metric and expression")

    def args(self) -> aws.cloudwatch.MetricAlarmMetricQueryArgs:
        metric = None
        if self.metric is not None:
            metric = aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                namespace=self.metric.namespace,
                metric_name=self.metric.name,
                dimensions=dict(self.metric.dimensions),
                stat=self.metric.stat,
                period=self.metric.period,
            )
        return aws.cloudwatch.MetricAlarmMetricQueryArgs(
            id=self.id,
            metric=metric,
            expression=self.expression,
            period=self.period,
            label=self.label,
            return_data=self.returns,
        )


@dataclass(frozen=True, kw_only=True)
class AlarmSpec:
    """What one alarm watches and when it fires.

    Attributes:
        what: The name part after the severity, such as `db-cpu`.
        summary: One line for the notification: what is wrong.
        runbook: Anchor in docs/observability.md with what to do.
        severity: page or ticket.
        threshold: The threshold.
        comparison: How the value is compared with it.
        missing_data: How periods without data count (a deliberate choice per metric).
        evaluation_periods: Periods evaluated. Default: 1
        datapoints_to_alarm: Breaching periods among them that fire. Default: - all of them.
        metric: A single metric. Default: - none (then `queries`).
        queries: Metric math / Metrics Insights entries, one of them `returns`. Default: - none.
        notifies: Notify the topic itself. Only the window alarms of a multi-window composite leave this
            off: the composite notifies for them (each window alone is not actionable). Default: true
    """

    what: str
    summary: str
    runbook: str
    severity: Severity
    threshold: float
    comparison: Comparison
    missing_data: MissingData
    evaluation_periods: int = 1
    datapoints_to_alarm: int | None = None
    metric: Metric | None = None
    queries: Sequence[Query] = field(default_factory=tuple)
    notifies: bool = True

    def __post_init__(self) -> None:
        if (self.metric is None) == (not self.queries):
            raise ValueError(f"AlarmSpec {self.what!r}: set exactly one of metric and queries")
        if self.queries and sum(query.returns for query in self.queries) != 1:
            raise ValueError(f"AlarmSpec {self.what!r}: exactly one query must return the alarm's value")
        if self.evaluation_periods < 1 or not 1 <= (self.datapoints_to_alarm or 1) <= self.evaluation_periods:
            raise ValueError(
                f"AlarmSpec {self.what!r}: need evaluation_periods >= 1 and 1 <= datapoints_to_alarm <= "
                f"evaluation_periods (got {self.evaluation_periods}, {self.datapoints_to_alarm})"
            )
        period = (
            self.metric.period
            if self.metric
            else max(q.period or (q.metric.period if q.metric else 60) for q in self.queries)
        )
        # CloudWatch evaluates at most one day of data for one alarm, and a Metrics Insights query (an
        # expression with its own period) sees only the latest three hours.
        reads_insights = any(q.expression is not None and q.period is not None for q in self.queries)
        window = MAX_INSIGHTS_WINDOW if reads_insights else MAX_ALARM_WINDOW
        if period * self.evaluation_periods > window:
            raise ValueError(
                f"AlarmSpec {self.what!r}: period x evaluation_periods must be <= {window} s"
                f"{' (a Metrics Insights query)' if reads_insights else ''} (got {period} x {self.evaluation_periods})"
            )


def insights(
    metric: str,
    namespace: str,
    dimension: str,
    value: pulumi.Input[str],
    *,
    aggregate: str = "MAX",
    also: tuple[tuple[str, str], ...] = (),
) -> pulumi.Input[str]:
    """A Metrics Insights query: `aggregate` (MAX, SUM) of `metric` over every series whose `dimension` is
    `value` (and whose dimensions in `also` have those fixed values)."""

    def query(resolved: str) -> str:
        conditions = " AND ".join(f"{name} = '{fixed}'" for name, fixed in ((dimension, resolved), *also))
        return f'SELECT {aggregate}({metric}) FROM "{namespace}" WHERE {conditions}'

    if isinstance(value, str):
        return query(value)
    pending: pulumi.Output[str] = pulumi.Output.from_input(value)
    return pending.apply(query)


def description(summary: str, runbook: str) -> str:
    return f"{summary} Runbook: {RUNBOOK_BASE}{runbook}"


def metric_alarm(
    resource_name: str, spec: AlarmSpec, route: AlarmRoute, parent: pulumi.Resource
) -> aws.cloudwatch.MetricAlarm:
    """The alarm of `spec`, notifying `route`'s topic on ALARM and on OK."""
    single = spec.metric
    return aws.cloudwatch.MetricAlarm(
        resource_name,
        name=route.alarm_name(spec.severity, spec.what),
        alarm_description=description(spec.summary, spec.runbook),
        comparison_operator=spec.comparison,
        threshold=spec.threshold,
        evaluation_periods=spec.evaluation_periods,
        datapoints_to_alarm=spec.datapoints_to_alarm,
        treat_missing_data=spec.missing_data,
        namespace=single.namespace if single else None,
        metric_name=single.name if single else None,
        dimensions=dict(single.dimensions) if single else None,
        period=single.period if single else None,
        statistic=single.stat if single and not single.stat.startswith("p") else None,
        extended_statistic=single.stat if single and single.stat.startswith("p") else None,
        metric_queries=[query.args() for query in spec.queries] or None,
        actions_enabled=True,
        alarm_actions=[route.topic_arn] if spec.notifies else [],
        ok_actions=[route.topic_arn] if spec.notifies else [],
        opts=pulumi.ResourceOptions(parent=parent),
    )


def composite_alarm(
    resource_name: str,
    *,
    route: AlarmRoute,
    severity: Severity,
    what: str,
    summary: str,
    runbook: str,
    rule: pulumi.Input[str],
    parent: pulumi.Resource,
) -> aws.cloudwatch.CompositeAlarm:
    """A composite alarm over other alarms (`rule` in CloudWatch's ALARM(...) AND/OR syntax)."""
    return aws.cloudwatch.CompositeAlarm(
        resource_name,
        alarm_name=route.alarm_name(severity, what),
        alarm_description=description(summary, runbook),
        alarm_rule=rule,
        actions_enabled=True,
        alarm_actions=[route.topic_arn],
        ok_actions=[route.topic_arn],
        opts=pulumi.ResourceOptions(parent=parent),
    )


def any_in_alarm(alarms: Sequence[aws.cloudwatch.MetricAlarm | aws.cloudwatch.CompositeAlarm]) -> pulumi.Output[str]:
    """`ALARM("a") OR ALARM("b") ...` over the alarms' ARNs."""
    return pulumi.Output.all(*[alarm.arn for alarm in alarms]).apply(
        lambda arns: " OR ".join(f"ALARM({json.dumps(arn)})" for arn in arns)
    )


def all_in_alarm(alarms: Sequence[aws.cloudwatch.MetricAlarm]) -> pulumi.Output[str]:
    return pulumi.Output.all(*[alarm.arn for alarm in alarms]).apply(
        lambda arns: " AND ".join(f"ALARM({json.dumps(arn)})" for arn in arns)
    )
