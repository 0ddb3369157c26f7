"""What a CloudWatch alarm watches, read from its props: its metrics (with dimensions) and expressions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from policies.support.props import as_list, get

METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm"
ALARM_TYPES = (METRIC_ALARM, COMPOSITE_ALARM)


@dataclass(frozen=True)
class Watched:
    """One metric an alarm reads (dimensions as given), or one expression (a Metrics Insights query)."""

    metric: str | None
    dimensions: Mapping[str, Any]
    expression: str | None


def watched(alarm: Any) -> list[Watched]:
    props = alarm.props
    items = []
    if get(props, "metricName"):
        items.append(Watched(get(props, "metricName"), get(props, "dimensions") or {}, None))
    for query in as_list(get(props, "metricQueries")):
        metric = get(query, "metric")
        if metric is not None:
            items.append(Watched(get(metric, "metricName"), get(metric, "dimensions") or {}, None))
        if isinstance(get(query, "expression"), str):
            items.append(Watched(None, {}, get(query, "expression")))
    return items


def watches(alarm: Any, metric: str, dimension: str, matches: Callable[[Any], bool]) -> bool:
    """The alarm reads `metric` of a series whose `dimension` satisfies `matches`, directly or through a
    Metrics Insights query naming both."""
    for item in watched(alarm):
        if item.metric == metric and matches(item.dimensions.get(dimension)):
            return True
        if item.expression and metric in item.expression and dimension in item.expression:
            quoted = [part for part in item.expression.split("'")[1::2]]
            if any(matches(value) for value in quoted):
                return True
    return False


def alarms_of(resources: Iterable[Any]) -> list[Any]:
    return [r for r in resources if r.resource_type in ALARM_TYPES]
