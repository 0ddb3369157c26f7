"""The environment's CloudWatch dashboard: the same SLOs and signals the alarms watch, on one page.

Rows: per exposed service its 5xx ratio against the error budget and its p99 latency against the
objective; running pods per service; the cluster's nodes and pending pods; the database and the cache;
the DR replication lag against the RPO. Each graph shows its alarm threshold as a horizontal line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pulumi
import pulumi_aws as aws

from components.observability.alarms import insights
from components.observability.store_alarms import ELASTICACHE, RDS
from components.reference.container_insights import METRICS_NAMESPACE as CONTAINER_INSIGHTS

WIDTH = 12
HEIGHT = 6
ALB = "AWS/ApplicationELB"


@dataclass(frozen=True, kw_only=True)
class ServicePanel:
    """One service on the dashboard.

    Attributes:
        name: The service.
        namespace: Its Kubernetes namespace.
        error_budget: Allowed 5xx ratio (1 - availability objective). Default: - not exposed.
        latency_p99_seconds: The latency objective. Default: - not exposed.
        load_balancer: ALB ARN suffix. Default: - not exposed.
        target_group: Target group ARN suffix. Default: - not exposed.
    """

    name: str
    namespace: str
    error_budget: float | None = None
    latency_p99_seconds: float | None = None
    load_balancer: pulumi.Input[str] | None = None
    target_group: pulumi.Input[str] | None = None

    @property
    def exposed(self) -> bool:
        return self.load_balancer is not None and self.target_group is not None


@dataclass(frozen=True, kw_only=True)
class DashboardArgs:
    """Inputs for `Dashboard`.

    Attributes:
        dashboard_name: The dashboard's name.
        region: The primary region (the widgets' default region).
        cluster_name: The EKS cluster. Default: - no cluster row.
        services: The services. Default: - none.
        database_cluster_identifier: The Aurora cluster. Default: - no database row.
        cache_replication_group_id: The cache. Default: - no cache row.
        cache_nodes: Nodes of the cache. Default: 1
        dr_region: The DR region of the replication lag row. Default: - no DR row.
        dr_database_cluster_identifier: The DR secondary. Default: - none.
        dr_cache_replication_group_id: The DR cache secondary. Default: - none.
        dr_cache_nodes: Nodes of the DR cache secondary. Default: 1
        rpo_seconds: The RPO (a line on the lag graphs). Default: - none.
    """

    dashboard_name: str
    region: str
    cluster_name: pulumi.Input[str] | None = None
    services: Sequence[ServicePanel] = field(default_factory=tuple)
    database_cluster_identifier: pulumi.Input[str] | None = None
    cache_replication_group_id: pulumi.Input[str] | None = None
    cache_nodes: int = 1
    dr_region: str | None = None
    dr_database_cluster_identifier: pulumi.Input[str] | None = None
    dr_cache_replication_group_id: pulumi.Input[str] | None = None
    dr_cache_nodes: int = 1
    rpo_seconds: int | None = None


def _graph(title: str, metrics: list, region: str, *, line: float | None = None, label: str = "") -> dict[str, Any]:
    properties: dict[str, Any] = {
        "title": title,
        "view": "timeSeries",
        "region": region,
        "metrics": metrics,
        "period": 300,
    }
    if line is not None:
        properties["annotations"] = {"horizontal": [{"label": label, "value": line}]}
    return {"type": "metric", "width": WIDTH, "height": HEIGHT, "properties": properties}


def _insights(metric: str, namespace: str, dimension: str, value: str, label: str) -> list[dict[str, str]]:
    """A Metrics Insights query as a dashboard series (the same query the alarms read)."""
    return [{"expression": str(insights(metric, namespace, dimension, value)), "label": label}]


def _service_widgets(service: ServicePanel, region: str, cluster_name: Any) -> list[dict[str, Any]]:
    widgets = []
    if service.exposed:
        dims = ["LoadBalancer", service.load_balancer, "TargetGroup", service.target_group]
        widgets.append(
            _graph(
                f"{service.name}: 5xx ratio",
                [
                    [ALB, "HTTPCode_Target_5XX_Count", *dims, {"id": "errors", "stat": "Sum", "visible": False}],
                    [ALB, "RequestCount", *dims, {"id": "requests", "stat": "Sum", "visible": False}],
                    [{"expression": "IF(requests > 0, FILL(errors, 0) / requests, 0)", "label": "5xx ratio"}],
                ],
                region,
                line=service.error_budget,
                label="error budget",
            )
        )
        widgets.append(
            _graph(
                f"{service.name}: p99 latency (s)",
                [[ALB, "TargetResponseTime", *dims, {"stat": "p99"}]],
                region,
                line=service.latency_p99_seconds,
                label="objective",
            )
        )
    if cluster_name is not None:
        widgets.append(
            _graph(
                f"{service.name}: running pods",
                [
                    [
                        CONTAINER_INSIGHTS,
                        "service_number_of_running_pods",
                        "ClusterName",
                        cluster_name,
                        "Namespace",
                        service.namespace,
                        "Service",
                        service.name,
                        {"stat": "Minimum"},
                    ]
                ],
                region,
            )
        )
    return widgets


def dashboard_body(args: DashboardArgs, resolved: Mapping[str, Any]) -> str:
    """The dashboard JSON, once the identifiers (`resolved`, by DashboardArgs field) are known."""
    region, cluster = args.region, resolved.get("cluster_name")
    widgets: list[dict[str, Any]] = []
    for service in resolved["services"]:
        widgets += _service_widgets(service, region, cluster)
    if cluster is not None:
        widgets.append(
            _graph(
                "cluster: nodes and pending pods",
                [
                    [CONTAINER_INSIGHTS, "cluster_node_count", "ClusterName", cluster, {"stat": "Minimum"}],
                    [CONTAINER_INSIGHTS, "cluster_failed_node_count", "ClusterName", cluster, {"stat": "Maximum"}],
                    _insights("pod_status_pending", CONTAINER_INSIGHTS, "ClusterName", cluster, "pending pods"),
                ],
                region,
            )
        )
    database = resolved.get("database_cluster_identifier")
    if database is not None:
        dims = ["DBClusterIdentifier", database]
        widgets.append(
            _graph(
                "database: CPU (%) and connections",
                [
                    [RDS, "CPUUtilization", *dims, {"stat": "Maximum"}],
                    [RDS, "DatabaseConnections", *dims, {"stat": "Maximum", "yAxis": "right"}],
                ],
                region,
            )
        )
    cache = resolved.get("cache_replication_group_id")
    if cache is not None:
        widgets.append(
            _graph(
                "cache: engine CPU and memory (%)",
                [
                    [ELASTICACHE, metric, "CacheClusterId", node, {"stat": "Maximum"}]
                    for node in _node_ids(cache, args.cache_nodes)
                    for metric in ("EngineCPUUtilization", "DatabaseMemoryUsagePercentage")
                ],
                region,
            )
        )
    if args.dr_region is not None and args.rpo_seconds is not None:
        lag_metrics: list[Any] = []
        dr_database = resolved.get("dr_database_cluster_identifier")
        if dr_database is not None:
            lag_metrics.append(
                _insights("AuroraGlobalDBReplicationLag", RDS, "DBClusterIdentifier", dr_database, "database lag (ms)")
            )
        dr_cache = resolved.get("dr_cache_replication_group_id")
        if dr_cache is not None:
            lag_metrics += [
                [
                    ELASTICACHE,
                    "GlobalDatastoreReplicationLag",
                    "CacheClusterId",
                    node,
                    {"stat": "Maximum", "yAxis": "right"},
                ]
                for node in _node_ids(dr_cache, args.dr_cache_nodes)
            ]
        if lag_metrics:
            widgets.append(
                _graph(
                    f"DR replication lag ({args.dr_region})",
                    lag_metrics,
                    args.dr_region,
                    line=args.rpo_seconds * 1000,
                    label="RPO (ms)",
                )
            )
    for index, widget in enumerate(widgets):
        widget["x"], widget["y"] = (index % 2) * WIDTH, (index // 2) * HEIGHT
    return json.dumps({"widgets": widgets}, sort_keys=True)


def _resolved(service: ServicePanel) -> pulumi.Output[ServicePanel]:
    """The panel with its load balancer and target group suffixes known (the body is plain JSON)."""
    return pulumi.Output.all(service.load_balancer, service.target_group).apply(
        lambda ids: replace(service, load_balancer=ids[0], target_group=ids[1])
    )


def _node_ids(replication_group_id: str, nodes: int) -> list[str]:
    return [f"{replication_group_id}-{index:03d}" for index in range(1, nodes + 1)]


class Dashboard(pulumi.ComponentResource):
    """The environment's SLO dashboard (in the primary region)."""

    def __init__(self, name: str, args: DashboardArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:Dashboard", name, None, opts)
        inputs = {
            "cluster_name": args.cluster_name,
            "database_cluster_identifier": args.database_cluster_identifier,
            "cache_replication_group_id": args.cache_replication_group_id,
            "dr_database_cluster_identifier": args.dr_database_cluster_identifier,
            "dr_cache_replication_group_id": args.dr_cache_replication_group_id,
            "services": [_resolved(service) for service in args.services],
        }
        body = pulumi.Output.all(**inputs).apply(lambda resolved: dashboard_body(args, resolved))
        self.dashboard = aws.cloudwatch.Dashboard(
            f"{name}-dashboard",
            dashboard_name=args.dashboard_name,
            dashboard_body=body,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"dashboard_name": self.dashboard.dashboard_name})
