"""Read-only view of an Aurora global database: members, writer region, failover state, health, lag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bulkhead.runbooks.aws import AwsCallError, ClientFactory, Clock, StoreNotFound, call
from bulkhead.runbooks.metrics import latest_maximum
from bulkhead.runbooks.outputs import arn_region

# `FailoverState.Status` values while a switchover/failover has been accepted but not finished.
FAILOVER_IN_PROGRESS = frozenset({"pending", "failing-over"})
# DB cluster statuses in which the writer cannot serve: only these justify a failover that may lose data.
WRITER_DOWN_STATUSES = frozenset(
    {
        "missing",
        "inaccessible-encryption-credentials",
        "inaccessible-encryption-credentials-recoverable",
        "stopped",
        "stopping",
        "deleting",
    }
)
LAG_METRIC = "AuroraGlobalDBReplicationLag"  # milliseconds, published per secondary cluster


def cluster_identifier(cluster_arn: str) -> str:
    return cluster_arn.rsplit(":cluster:", 1)[-1]


@dataclass(frozen=True)
class AuroraMember:
    cluster_arn: str
    is_writer: bool
    synchronization: str | None

    @property
    def region(self) -> str:
        return arn_region(self.cluster_arn)


@dataclass(frozen=True)
class AuroraGlobalState:
    identifier: str
    status: str
    members: tuple[AuroraMember, ...]
    failover_status: str | None
    failover_to_arn: str | None

    @property
    def writer(self) -> AuroraMember | None:
        return next((m for m in self.members if m.is_writer), None)

    @property
    def writer_region(self) -> str | None:
        return self.writer.region if self.writer else None

    @property
    def failover_in_progress(self) -> bool:
        return self.failover_status in FAILOVER_IN_PROGRESS

    def member(self, cluster_arn: str) -> AuroraMember | None:
        return next((m for m in self.members if m.cluster_arn == cluster_arn), None)


def _state(raw: dict[str, Any]) -> AuroraGlobalState:
    failover = raw.get("FailoverState") or {}
    return AuroraGlobalState(
        identifier=raw["GlobalClusterIdentifier"],
        status=raw.get("Status", "unknown"),
        members=tuple(
            AuroraMember(m["DBClusterArn"], bool(m.get("IsWriter")), m.get("SynchronizationStatus"))
            for m in raw.get("GlobalClusterMembers", [])
        ),
        failover_status=failover.get("Status"),
        failover_to_arn=failover.get("ToDbClusterArn"),
    )


def describe_global_cluster(clients: ClientFactory, region: str, identifier: str) -> AuroraGlobalState:
    response = call(clients("rds", region), "describe_global_clusters", GlobalClusterIdentifier=identifier)
    # Match on the identifier rather than trusting the server-side filter (emulators ignore it).
    for raw in response.get("GlobalClusters", []):
        if raw["GlobalClusterIdentifier"].lower() == identifier.lower():
            return _state(raw)
    raise StoreNotFound(f"Aurora global cluster {identifier!r} not found (queried in {region})")


def writer_problem(clients: ClientFactory, state: AuroraGlobalState) -> str | None:
    """Why the current writer is down (a failover may lose data), or None when a switchover can run.

    Only hard evidence counts as down: the regional endpoint does not answer (or answers 5xx), the
    cluster is gone, or it is in a status that cannot serve writes. Anything else, including an
    unfamiliar status, keeps the no-data-loss switchover; an error that says nothing about health
    (AccessDenied, throttling) is raised so the step fails instead of guessing.
    """
    writer = state.writer
    if writer is None:
        return "global cluster has no writer member"
    identifier = cluster_identifier(writer.cluster_arn)
    try:
        clusters = call(clients("rds", writer.region), "describe_db_clusters", DBClusterIdentifier=identifier).get(
            "DBClusters", []
        )
    except AwsCallError as exc:
        if exc.unreachable or exc.code == "DBClusterNotFoundFault":
            return f"writer cluster {identifier} unreachable: {exc}"
        raise
    status = clusters[0].get("Status") if clusters else "missing"
    if status in WRITER_DOWN_STATUSES:
        return f"writer cluster {identifier} in {writer.region} has status {status!r}"
    return None


def replication_lag_seconds(clients: ClientFactory, clock: Clock, member: AuroraMember) -> float | None:
    """Latest maximum `AuroraGlobalDBReplicationLag` of a secondary, or None when CloudWatch has none."""
    milliseconds = latest_maximum(
        clients,
        clock,
        member.region,
        "AWS/RDS",
        LAG_METRIC,
        {"DBClusterIdentifier": cluster_identifier(member.cluster_arn)},
    )
    return None if milliseconds is None else milliseconds / 1000.0
