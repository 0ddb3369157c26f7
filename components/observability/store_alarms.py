"""Alarm specs of the data stores and the cluster: what each watches, its threshold and missing-data choice.

Metric sources (read 2026-11): Aurora User Guide "Amazon CloudWatch metrics for Amazon Aurora"
(cluster-level series aggregate the instances; AuroraReplicaLagMaximum in ms; the global database's
AuroraGlobalDBReplicationLag in ms, published in the secondary's region), ElastiCache User Guide
"Metrics for Valkey and Redis OSS" (per node, `CacheClusterId` = `<replication group>-00<n>`;
GlobalDatastoreReplicationLag in seconds on the secondary region's nodes), CloudWatch User Guide
"Container Insights with enhanced observability metrics for Amazon EKS".

Where AWS may publish a metric with more dimensions than the ones we know (the global lag metrics),
the alarm reads it with a Metrics Insights query over the namespace, which matches every dimension set
that carries the identifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pulumi

from components.observability.alarms import AlarmSpec, Metric, Query, insights
from components.reference.container_insights import METRICS_NAMESPACE as CONTAINER_INSIGHTS

RDS = "AWS/RDS"
ELASTICACHE = "AWS/ElastiCache"
FIVE_MINUTES = 300
MINUTE = 60
MIB = 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class DatabaseThresholds:
    cpu_percent: int
    freeable_memory_mib: int
    connections: int
    replica_lag_ms: int


@dataclass(frozen=True, kw_only=True)
class CacheThresholds:
    engine_cpu_percent: int
    memory_percent: int
    evictions: int


def aurora_specs(
    cluster_identifier: pulumi.Input[str], readers: int, t: DatabaseThresholds, *, what_prefix: str = ""
) -> list[AlarmSpec]:
    """CPU, freeable memory, connections (and reader lag where the cluster has readers) of one cluster.

    `what_prefix` tells a DR secondary's alarms from the primary's (`dr-db-cpu`)."""

    def cluster_metric(name: str, stat: str, period: int = FIVE_MINUTES) -> Metric:
        return Metric(
            namespace=RDS, name=name, dimensions={"DBClusterIdentifier": cluster_identifier}, stat=stat, period=period
        )

    # RDS publishes these every minute while an instance runs; a gap is a reboot or a failover, which the
    # cluster's failure/failover event subscription reports: keep the last state meanwhile.
    specs = [
        AlarmSpec(
            what="db-cpu",
            summary=f"Aurora: an instance above {t.cpu_percent} % CPU for 15 min.",
            runbook="db-cpu",
            severity="page",
            threshold=t.cpu_percent,
            comparison="GreaterThanThreshold",
            missing_data="missing",
            evaluation_periods=3,
            metric=cluster_metric("CPUUtilization", "Maximum"),
        ),
        AlarmSpec(
            what="db-freeable-memory",
            summary=f"Aurora: an instance below {t.freeable_memory_mib} MiB freeable memory for 15 min.",
            runbook="db-freeable-memory",
            severity="page",
            threshold=t.freeable_memory_mib * MIB,
            comparison="LessThanThreshold",
            missing_data="missing",
            evaluation_periods=3,
            metric=cluster_metric("FreeableMemory", "Minimum"),
        ),
        AlarmSpec(
            what="db-connections",
            summary=f"Aurora: an instance above {t.connections} connections for 10 min.",
            runbook="db-connections",
            severity="ticket",
            threshold=t.connections,
            comparison="GreaterThanThreshold",
            missing_data="missing",
            evaluation_periods=2,
            metric=cluster_metric("DatabaseConnections", "Maximum"),
        ),
    ]
    if readers:
        specs.append(
            AlarmSpec(
                what="db-replica-lag",
                summary=f"Aurora: a reader more than {t.replica_lag_ms} ms behind the writer for 5 min.",
                runbook="db-replica-lag",
                severity="ticket",
                threshold=t.replica_lag_ms,
                comparison="GreaterThanThreshold",
                # Published every minute while readers replicate: silence means no reader is replicating.
                missing_data="breaching",
                evaluation_periods=5,
                metric=cluster_metric("AuroraReplicaLagMaximum", "Maximum", MINUTE),
            )
        )
    return [replace(spec, what=f"{what_prefix}{spec.what}") for spec in specs]


def aurora_global_lag_spec(
    dr_cluster_identifier: pulumi.Input[str], rpo_minutes: int, percent_of_rpo: int
) -> AlarmSpec:
    """The global database's replication lag to the DR secondary against the RPO (alarm in the DR region)."""
    threshold_ms = rpo_minutes * 60_000 * percent_of_rpo / 100
    return AlarmSpec(
        what="db-global-lag",
        summary=f"Aurora global database: the DR secondary lags more than {percent_of_rpo} % of the "
        f"{rpo_minutes}-minute RPO.",
        runbook="global-replication-lag",
        severity="page",
        threshold=threshold_ms,
        comparison="GreaterThanThreshold",
        # Published every minute while the secondary replicates: silence means replication stopped.
        missing_data="breaching",
        evaluation_periods=3,
        queries=(
            Query(
                id="lag",
                expression=insights("AuroraGlobalDBReplicationLag", RDS, "DBClusterIdentifier", dr_cluster_identifier),
                period=MINUTE,
                label="replication lag (ms)",
                returns=True,
            ),
        ),
    )


def cache_node_ids(replication_group_id: pulumi.Input[str], nodes: int) -> list[pulumi.Output[str]]:
    """The member clusters of a cluster-mode-disabled replication group: `<id>-001`, `<id>-002`, ..."""
    return [pulumi.Output.concat(replication_group_id, f"-{index:03d}") for index in range(1, nodes + 1)]


def _worst_node(metric: str, stat: str, node_ids: Sequence[pulumi.Input[str]], label: str) -> tuple[Query, ...]:
    """One query per node and the maximum over them (a node that publishes nothing is left out)."""
    nodes = tuple(
        Query(
            id=f"n{index}",
            metric=Metric(
                namespace=ELASTICACHE, name=metric, dimensions={"CacheClusterId": node}, stat=stat, period=FIVE_MINUTES
            ),
        )
        for index, node in enumerate(node_ids, start=1)
    )
    worst = Query(id="worst", expression=f"MAX([{', '.join(q.id for q in nodes)}])", label=label, returns=True)
    return (*nodes, worst)


def cache_specs(
    replication_group_id: pulumi.Input[str], nodes: int, t: CacheThresholds, *, what_prefix: str = ""
) -> list[AlarmSpec]:
    """Engine CPU, memory and evictions of the worst node of one replication group."""
    node_ids = cache_node_ids(replication_group_id, nodes)
    # Published every minute per node; a gap is a node replacement or failover, which the automatic
    # failover handles: keep the last state meanwhile.
    specs = [
        AlarmSpec(
            what="cache-engine-cpu",
            summary=f"Cache: a node's engine thread above {t.engine_cpu_percent} % CPU for 15 min.",
            runbook="cache-engine-cpu",
            severity="page",
            threshold=t.engine_cpu_percent,
            comparison="GreaterThanThreshold",
            missing_data="missing",
            evaluation_periods=3,
            queries=_worst_node("EngineCPUUtilization", "Maximum", node_ids, "busiest node (%)"),
        ),
        AlarmSpec(
            what="cache-memory",
            summary=f"Cache: a node above {t.memory_percent} % of its memory for 15 min.",
            runbook="cache-memory",
            severity="page",
            threshold=t.memory_percent,
            comparison="GreaterThanThreshold",
            missing_data="missing",
            evaluation_periods=3,
            queries=_worst_node("DatabaseMemoryUsagePercentage", "Maximum", node_ids, "fullest node (%)"),
        ),
        AlarmSpec(
            what="cache-evictions",
            summary=f"Cache: a node evicted more than {t.evictions} keys in 5 min.",
            runbook="cache-evictions",
            severity="ticket",
            threshold=t.evictions,
            comparison="GreaterThanThreshold",
            missing_data="notBreaching",  # a count: no datapoint, no eviction
            queries=_worst_node("Evictions", "Sum", node_ids, "evictions on the worst node"),
        ),
    ]
    return [replace(spec, what=f"{what_prefix}{spec.what}") for spec in specs]


def cache_global_lag_spec(
    dr_replication_group_id: pulumi.Input[str], dr_nodes: int, rpo_minutes: int, percent_of_rpo: int
) -> AlarmSpec:
    """The global datastore's lag to the DR secondary against the RPO (alarm in the DR region)."""
    threshold_seconds = rpo_minutes * 60 * percent_of_rpo / 100
    return AlarmSpec(
        what="cache-global-lag",
        summary=f"Cache global datastore: the DR secondary lags more than {percent_of_rpo} % of the "
        f"{rpo_minutes}-minute RPO.",
        runbook="global-replication-lag",
        severity="page",
        threshold=threshold_seconds,
        comparison="GreaterThanThreshold",
        missing_data="breaching",  # the secondary's primary publishes it every minute while replicating
        evaluation_periods=3,
        queries=_worst_node(
            "GlobalDatastoreReplicationLag", "Maximum", cache_node_ids(dr_replication_group_id, dr_nodes), "lag (s)"
        ),
    )


def cluster_specs(cluster_name: pulumi.Input[str], *, min_nodes: int, pending_pods_minutes: int) -> list[AlarmSpec]:
    """Node capacity and unschedulable pods of one EKS cluster (Container Insights)."""

    def cluster_metric(name: str, stat: str) -> Metric:
        return Metric(
            namespace=CONTAINER_INSIGHTS, name=name, dimensions={"ClusterName": cluster_name}, stat=stat, period=MINUTE
        )

    return [
        AlarmSpec(
            what="cluster-nodes-below-minimum",
            summary=f"Cluster: fewer than {min_nodes} ready nodes for 5 min (the node group's minimum).",
            runbook="cluster-capacity",
            severity="page",
            threshold=min_nodes,
            comparison="LessThanThreshold",
            missing_data="breaching",  # published every minute by the agent on every node
            evaluation_periods=5,
            metric=cluster_metric("cluster_node_count", "Minimum"),
        ),
        AlarmSpec(
            what="cluster-failed-nodes",
            summary="Cluster: a node not ready for 5 min.",
            runbook="cluster-capacity",
            severity="ticket",
            threshold=0,
            comparison="GreaterThanThreshold",
            missing_data="notBreaching",  # silence is the node-count alarm's business
            evaluation_periods=5,
            metric=cluster_metric("cluster_failed_node_count", "Maximum"),
        ),
        AlarmSpec(
            what="cluster-pending-pods",
            summary=f"Cluster: pods pending (unschedulable) for {pending_pods_minutes} min.",
            runbook="pending-pods",
            severity="page",
            threshold=0,
            comparison="GreaterThanThreshold",
            missing_data="notBreaching",  # published only while pods exist in that phase
            evaluation_periods=pending_pods_minutes,
            queries=(
                Query(
                    id="pending",
                    expression=insights("pod_status_pending", CONTAINER_INSIGHTS, "ClusterName", cluster_name),
                    period=MINUTE,
                    label="pending pods",
                    returns=True,
                ),
            ),
        ),
    ]
