"""Service level objectives of one service, and its composite "service healthy" alarm.

Availability is the share of requests the load balancer got back without a 5xx from the service's
targets (HTTPCode_Target_5XX_Count / RequestCount, per target group). Its error budget is burnt at
a rate: 1.0 spends exactly the 30-day budget in 30 days. Two multi-window pairs (each alarm = the
burn rate over a long window AND over a short one, so it fires fast and clears fast):

| pair | long / short window | burn rate | budget spent before it fires | severity |
|------|---------------------|-----------|------------------------------|----------|
| fast | 1 h / 5 min         | 14.4      | 2 %                          | page     |
| slow | 6 h / 30 min        | 6         | 5 %                          | ticket   |

Latency: the p99 of TargetResponseTime over 5-minute periods, three in a row above the objective.
No healthy target: HealthyHostCount below 1 (the load balancer answers 503 itself, which no target-group
metric counts). Running pods: Container Insights' service_number_of_running_pods below the floor.

The composite "service healthy" alarm is in ALARM when any of those is: the front door's failover and
release safety (feature-flag rollbacks) watch its ARN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pulumi

from components.observability.alarm_set import AlarmSet, AlarmSetArgs
from components.observability.alarms import (
    AlarmRoute,
    AlarmSpec,
    Metric,
    Query,
    all_in_alarm,
    any_in_alarm,
    composite_alarm,
)
from components.reference.container_insights import METRICS_NAMESPACE as CONTAINER_INSIGHTS
from components.support.validation import require_between

ALB = "AWS/ApplicationELB"
LOAD_BALANCER_SUFFIX = re.compile(r"^app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}\Z")
TARGET_GROUP_SUFFIX = re.compile(r"^targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}\Z")
LATENCY_PERIOD_SECONDS = 300
LATENCY_PERIODS = 3
HEALTH_PERIOD_SECONDS = 60
HEALTH_PERIODS = 3


@dataclass(frozen=True)
class BurnWindow:
    """One multi-window pair of the error-budget alarms."""

    name: str
    long_seconds: int
    short_seconds: int
    severity: str


FAST = BurnWindow("fast-burn", 3600, 300, "page")
SLOW = BurnWindow("slow-burn", 6 * 3600, 1800, "ticket")


@dataclass(frozen=True, kw_only=True)
class ServiceEndpoint:
    """Where one exposed service takes traffic in one region, as the ALB's CloudWatch dimensions.

    Attributes:
        region: The load balancer's region.
        load_balancer: The load balancer's ARN suffix, `app/<name>/<16 hex>` (`LoadBalancer` dimension).
        target_group: The service's target group ARN suffix, `targetgroup/<name>/<16 hex>`.
    """

    region: str
    load_balancer: pulumi.Input[str]
    target_group: pulumi.Input[str]

    def __post_init__(self) -> None:
        for field, value, pattern in (
            ("load_balancer", self.load_balancer, LOAD_BALANCER_SUFFIX),
            ("target_group", self.target_group, TARGET_GROUP_SUFFIX),
        ):
            if isinstance(value, str) and not pattern.match(value):
                raise ValueError(
                    f"ServiceEndpoint.{field}: must be an ARN suffix matching {pattern.pattern} (got {value!r})"
                )

    @property
    def dimensions(self) -> dict[str, pulumi.Input[str]]:
        return {"LoadBalancer": self.load_balancer, "TargetGroup": self.target_group}


@dataclass(frozen=True, kw_only=True)
class Objective:
    """An availability and a latency objective over 30 days.

    Attributes:
        availability_percent: 90-99.999.
        latency_p99_ms: 10-60000.
        fast_burn_rate: Burn rate of the paging pair. Default: 14.4
        slow_burn_rate: Burn rate of the ticket pair. Default: 6.0
    """

    availability_percent: float
    latency_p99_ms: int
    fast_burn_rate: float = 14.4
    slow_burn_rate: float = 6.0

    def __post_init__(self) -> None:
        if not 90 <= self.availability_percent <= 99.999:
            raise ValueError(f"Objective.availability_percent: must be 90-99.999 (got {self.availability_percent})")
        require_between("Objective.latency_p99_ms", self.latency_p99_ms, 10, 60_000)
        if not 1 <= self.slow_burn_rate <= self.fast_burn_rate:
            raise ValueError(
                "Objective: need 1 <= slow_burn_rate <= fast_burn_rate "
                f"(got {self.slow_burn_rate}, {self.fast_burn_rate})"
            )

    @property
    def error_budget(self) -> float:
        """The share of requests that may fail: 0.001 for 99.9 %."""
        return round(1 - self.availability_percent / 100, 8)

    def burn_rate(self, window: BurnWindow) -> float:
        return self.fast_burn_rate if window is FAST else self.slow_burn_rate


def error_ratio_window(
    service: str, endpoint: ServiceEndpoint, objective: Objective, window: BurnWindow, seconds: int
) -> AlarmSpec:
    """The 5xx ratio over one window above `burn rate x error budget` (one half of a pair)."""
    label = "long" if seconds == window.long_seconds else "short"

    def count(metric: str) -> Metric:
        return Metric(namespace=ALB, name=metric, dimensions=endpoint.dimensions, stat="Sum", period=seconds)

    return AlarmSpec(
        what=f"{service}-{window.name}-{label}",
        summary=f"{service}: 5xx ratio over {seconds // 60} min burns the error budget faster than "
        f"{objective.burn_rate(window)}x (objective {objective.availability_percent} %).",
        runbook="availability-burn-rate",
        severity=window.severity,  # type: ignore[arg-type]
        threshold=round(objective.burn_rate(window) * objective.error_budget, 8),
        comparison="GreaterThanThreshold",
        # No requests in a window means no failed ones: availability is unaffected (no traffic is the
        # healthy-target and running-pod alarms' business).
        missing_data="notBreaching",
        queries=(
            Query(id="errors", metric=count("HTTPCode_Target_5XX_Count")),
            Query(id="requests", metric=count("RequestCount")),
            # The ALB publishes 5xx counts only when there were some: a missing count is zero.
            Query(
                id="ratio",
                expression="IF(requests > 0, FILL(errors, 0) / requests, 0)",
                label="5xx ratio",
                returns=True,
            ),
        ),
        notifies=False,
    )


def latency_spec(service: str, endpoint: ServiceEndpoint, objective: Objective) -> AlarmSpec:
    return AlarmSpec(
        what=f"{service}-latency-p99",
        summary=f"{service}: p99 response time above {objective.latency_p99_ms} ms for "
        f"{LATENCY_PERIODS * LATENCY_PERIOD_SECONDS // 60} min.",
        runbook="latency-p99",
        severity="page",
        threshold=objective.latency_p99_ms / 1000,  # TargetResponseTime is in seconds
        comparison="GreaterThanThreshold",
        missing_data="notBreaching",  # no requests, no response times
        evaluation_periods=LATENCY_PERIODS,
        metric=Metric(
            namespace=ALB,
            name="TargetResponseTime",
            dimensions=endpoint.dimensions,
            stat="p99",
            period=LATENCY_PERIOD_SECONDS,
        ),
    )


def healthy_targets_spec(service: str, endpoint: ServiceEndpoint) -> AlarmSpec:
    return AlarmSpec(
        what=f"{service}-no-healthy-targets",
        summary=f"{service}: the load balancer has no healthy target (clients get 503).",
        runbook="no-healthy-targets",
        severity="page",
        threshold=1,
        comparison="LessThanThreshold",
        # Published every minute while the target group serves: silence means it no longer does.
        missing_data="breaching",
        evaluation_periods=HEALTH_PERIODS,
        metric=Metric(
            namespace=ALB,
            name="HealthyHostCount",
            dimensions=endpoint.dimensions,
            stat="Minimum",
            period=HEALTH_PERIOD_SECONDS,
        ),
    )


def running_pods_spec(service: str, *, cluster_name: pulumi.Input[str], namespace: str, min_pods: int) -> AlarmSpec:
    return AlarmSpec(
        what=f"{service}-pods-below-floor",
        summary=f"{service}: fewer than {min_pods} running pods.",
        runbook="pods-below-floor",
        severity="page",
        threshold=min_pods,
        comparison="LessThanThreshold",
        # Container Insights publishes it every minute: silence means the service (or the agent) is gone.
        missing_data="breaching",
        evaluation_periods=HEALTH_PERIODS,
        metric=Metric(
            namespace=CONTAINER_INSIGHTS,
            name="service_number_of_running_pods",
            dimensions={"ClusterName": cluster_name, "Namespace": namespace, "Service": service},
            stat="Minimum",
            period=HEALTH_PERIOD_SECONDS,
        ),
    )


@dataclass(frozen=True, kw_only=True)
class ServiceHealthArgs:
    """Inputs for `ServiceHealth`.

    Attributes:
        service: The service (workload) name.
        route: The alerts topic and alarm prefix of the region.
        cluster_name: The EKS cluster running it (Container Insights' ClusterName).
        namespace: Its Kubernetes namespace.
        min_pods: Running pods below which it is unhealthy, >= 1 (its replica floor).
        objective: Its availability and latency objective. Default: - none (a service without an
            endpoint has no request-based objective).
        endpoint: Its load balancer dimensions in this region. Default: - not exposed (or the front door
            is not wired yet): only the running-pods alarm makes up its health.
    """

    service: str
    route: AlarmRoute
    cluster_name: pulumi.Input[str]
    namespace: str
    min_pods: int
    objective: Objective | None = None
    endpoint: ServiceEndpoint | None = None

    def __post_init__(self) -> None:
        require_between("ServiceHealthArgs.min_pods", self.min_pods, 1, 1000)
        if self.endpoint is not None and self.objective is None:
            raise ValueError(f"ServiceHealthArgs.objective: required with an endpoint ({self.service})")


class ServiceHealth(pulumi.ComponentResource):
    """The SLO alarms of one service in one region and its composite "service healthy" alarm."""

    health_alarm_arn: pulumi.Output[str]

    def __init__(self, name: str, args: ServiceHealthArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:ServiceHealth", name, None, opts)
        service, route = args.service, args.route
        pods = running_pods_spec(
            service, cluster_name=args.cluster_name, namespace=args.namespace, min_pods=args.min_pods
        )
        specs = [pods]
        if args.endpoint is not None and args.objective is not None:
            windows = [
                error_ratio_window(service, args.endpoint, args.objective, window, seconds)
                for window in (FAST, SLOW)
                for seconds in (window.long_seconds, window.short_seconds)
            ]
            specs += [*windows, latency_spec(service, args.endpoint, args.objective)]
            specs.append(healthy_targets_spec(service, args.endpoint))
        alarms = AlarmSet(
            f"{name}-alarms", AlarmSetArgs(route=route, specs=specs), opts=pulumi.ResourceOptions(parent=self)
        )
        signals = [alarms.alarms[pods.what]]
        if args.endpoint is not None and args.objective is not None:
            burns = [self._burn_alarm(name, route, alarms, service, window, args.objective) for window in (FAST, SLOW)]
            signals += [
                burns[0],
                alarms.alarms[f"{service}-latency-p99"],
                alarms.alarms[f"{service}-no-healthy-targets"],
            ]
        health = composite_alarm(
            f"{name}-composite",
            route=route,
            severity="ticket",
            what=f"{service}-unhealthy",
            summary=f"{service}: unhealthy (one of its SLO, target or pod alarms is in ALARM).",
            runbook="service-unhealthy",
            rule=any_in_alarm(signals),
            parent=self,
        )
        self.health_alarm_arn = health.arn
        self.register_outputs({"health_alarm_arn": self.health_alarm_arn})

    def _burn_alarm(
        self, name: str, route: AlarmRoute, alarms: AlarmSet, service: str, window: BurnWindow, objective: Objective
    ):
        """The pair: in ALARM while both its long and its short window are."""
        pair = [alarms.alarms[f"{service}-{window.name}-{label}"] for label in ("long", "short")]
        return composite_alarm(
            f"{name}-{window.name}",
            route=route,
            severity=window.severity,  # type: ignore[arg-type]
            what=f"{service}-{window.name}",
            summary=f"{service}: burning the error budget at {objective.burn_rate(window)}x over "
            f"{window.long_seconds // 60} min and still over the last {window.short_seconds // 60} min "
            f"(objective {objective.availability_percent} %).",
            runbook="availability-burn-rate",
            rule=all_in_alarm(pair),
            parent=self,
        )
