"""The newest CloudWatch datapoint of a metric: how the DR runbooks read replication lag."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from bulkhead.runbooks.aws import ClientFactory, Clock, call

# Lag metrics are published every minute; an older datapoint no longer describes the current lag.
LOOKBACK = timedelta(minutes=5)
PERIOD_SECONDS = 60


def latest_maximum(
    clients: ClientFactory,
    clock: Clock,
    region: str,
    namespace: str,
    metric: str,
    dimensions: Mapping[str, str],
) -> float | None:
    """Maximum of the newest one-minute datapoint within `LOOKBACK`, or None when CloudWatch has none."""
    now = clock.now()
    response = call(
        clients("cloudwatch", region),
        "get_metric_statistics",
        Namespace=namespace,
        MetricName=metric,
        Dimensions=[{"Name": name, "Value": value} for name, value in dimensions.items()],
        StartTime=now - LOOKBACK,
        EndTime=now,
        Period=PERIOD_SECONDS,
        Statistics=["Maximum"],
    )
    points = sorted(response.get("Datapoints", []), key=lambda p: p["Timestamp"])
    return points[-1]["Maximum"] if points else None
