"""Replication lag from CloudWatch: discover the metric's dimension sets, then read the newest datapoints.

CloudWatch answers a statistics query only for the exact dimension set a metric was published with,
and the runbooks must not guess that set (AWS may add a dimension such as the source region). So each
lag is read in two steps: `ListMetrics` (filtered on the store's own dimension, recently active only)
lists the sets that exist, then `GetMetricStatistics` reads each set, and the largest newest value wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bulkhead.runbooks.aws import ClientFactory, call, paginate
from bulkhead.runbooks.clock import Clock

# Lag metrics are published every minute; an older datapoint no longer describes the current lag.
LOOKBACK = timedelta(minutes=5)
PERIOD_SECONDS = 60
RECENTLY_ACTIVE = "PT3H"  # the only value ListMetrics accepts: published within the last three hours

Dimensions = list[dict[str, str]]


@dataclass(frozen=True)
class LagReading:
    """The newest lag of one replica, or why there is none."""

    region: str
    metrics: tuple[str, ...]  # the metrics asked, in order; the last one gave the reading
    seconds: float | None = None
    at: datetime | None = None
    series: int = 0  # dimension sets ListMetrics found, over the metrics asked

    @property
    def metric(self) -> str:
        return self.metrics[-1]

    def describe(self) -> str:
        if self.seconds is None:
            names = " or ".join(self.metrics)
            minutes = int(LOOKBACK.total_seconds() // 60)
            if self.series == 0:
                return f"no {names} metric published for {self.region} (ListMetrics, last 3 hours)"
            return f"no {names} datapoint for {self.region} in the last {minutes} minutes"
        stamp = f", datapoint of {self.at:%H:%M} UTC" if self.at else ""
        return f"{self.seconds:.1f} s ({self.metric} in {self.region}{stamp})"


def dimension_sets(
    clients: ClientFactory, region: str, namespace: str, metric: str, having: Mapping[str, str]
) -> list[Dimensions]:
    """Every dimension set `metric` was recently published with that contains the `having` dimensions."""
    having_filter = [{"Name": name, "Value": value} for name, value in having.items()]
    metrics = paginate(
        clients("cloudwatch", region),
        "list_metrics",
        "Metrics",
        Namespace=namespace,
        MetricName=metric,
        RecentlyActive=RECENTLY_ACTIVE,
        **({"Dimensions": having_filter} if having_filter else {}),
    )
    return [list(m.get("Dimensions", [])) for m in metrics]


def _newest(
    clients: ClientFactory, clock: Clock, region: str, namespace: str, metric: str, dimensions: Dimensions
) -> dict[str, Any] | None:
    now = clock.now()
    response = call(
        clients("cloudwatch", region),
        "get_metric_statistics",
        Namespace=namespace,
        MetricName=metric,
        Dimensions=dimensions,
        StartTime=now - LOOKBACK,
        EndTime=now,
        Period=PERIOD_SECONDS,
        Statistics=["Maximum"],
    )
    return max(response.get("Datapoints", []), key=lambda point: point["Timestamp"], default=None)


def read_lag(
    clients: ClientFactory,
    clock: Clock,
    region: str,
    namespace: str,
    metrics: Sequence[str],
    find_sets: Callable[[str], list[Dimensions]],
    *,
    seconds_per_unit: float = 1.0,
) -> LagReading:
    """The largest newest datapoint over the dimension sets `find_sets(metric)` of the first of `metrics`
    (a preferred metric, then fallbacks) that has a datapoint within `LOOKBACK`."""
    reading, listed = LagReading(region, tuple(metrics[:1])), 0
    for index, metric in enumerate(metrics):
        sets = find_sets(metric)
        listed += len(sets)
        reading = LagReading(region, tuple(metrics[: index + 1]), series=listed)
        points = [p for p in (_newest(clients, clock, region, namespace, metric, s) for s in sets) if p is not None]
        if points:
            largest = max(points, key=lambda point: point["Maximum"])
            return LagReading(
                region, reading.metrics, largest["Maximum"] * seconds_per_unit, largest["Timestamp"], listed
            )
    return reading
