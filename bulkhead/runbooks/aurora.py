"""Read-only view of an Aurora global database: members, writer, moves in flight, the primary's health, lag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bulkhead.arns import region_of
from bulkhead.runbooks.aws import AwsCallError, ClientFactory, StoreNotFound, call
from bulkhead.runbooks.clock import Clock
from bulkhead.runbooks.metrics import LagReading, dimension_sets, read_lag

# `FailoverState.Status` of DescribeGlobalClusters: the service model lists pending, failing-over and
# cancelling; the API reference also documents switching-over. While AWS reports any of them, or any
# target in FailoverState, it is moving the writer: the runbooks wait, they never call a second time.
FAILOVER_STATES = frozenset({"pending", "failing-over", "switching-over", "cancelling"})
# `Status` of the global cluster itself while a switchover or failover runs (a plain string in the API).
MOVING_STATUSES = frozenset({"switching-over", "failing-over"})
# DB cluster statuses that prove the writer cannot serve: the cluster has lost its KMS key. Nothing else
# counts, so a busy writer (backing-up, modifying, maintenance, an in-region failover) still gets a
# switchover. `stopped`/`stopping` are absent because a member of a global database cannot be stopped,
# and `deleting` because a cluster must leave its global database before it can be deleted.
WRITER_DOWN_STATUSES = frozenset(
    {"inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable"}
)
# The RPO lag first (how far behind the secondary is in committed transactions), the storage
# replication lag where an engine version does not publish it. Both in milliseconds, in the
# secondary's region.
LAG_METRICS = ("AuroraGlobalDBRPOLag", "AuroraGlobalDBReplicationLag")


def cluster_identifier(cluster_arn: str) -> str:
    return cluster_arn.rsplit(":cluster:", 1)[-1]


@dataclass(frozen=True)
class AuroraMember:
    cluster_arn: str
    is_writer: bool
    synchronization: str | None

    @property
    def region(self) -> str:
        return region_of(self.cluster_arn) or ""


@dataclass(frozen=True)
class AuroraGlobalState:
    identifier: str
    status: str
    members: tuple[AuroraMember, ...]
    failover_status: str | None = None
    failover_from_arn: str | None = None
    failover_to_arn: str | None = None
    data_loss_allowed: bool | None = None

    @property
    def writer(self) -> AuroraMember | None:
        return next((m for m in self.members if m.is_writer), None)

    @property
    def writer_region(self) -> str | None:
        return self.writer.region if self.writer else None

    @property
    def moving(self) -> bool:
        """AWS is switching or failing the writer over (or cancelling that): wait, do not call."""
        return (
            self.status in MOVING_STATUSES
            or self.failover_status in FAILOVER_STATES
            or self.failover_to_arn is not None
        )

    def moving_to(self, cluster_arn: str) -> bool:
        return self.moving and self.failover_status != "cancelling" and self.failover_to_arn == cluster_arn

    def describe_move(self) -> str:
        what = "failover" if self.data_loss_allowed else "switchover"
        status = self.failover_status or self.status
        return f"{what} {status} from {self.failover_from_arn or self.writer_region} to {self.failover_to_arn}"

    def member(self, cluster_arn: str) -> AuroraMember | None:
        return next((m for m in self.members if m.cluster_arn == cluster_arn), None)


def _state(raw: dict[str, Any]) -> AuroraGlobalState:
    failover = raw.get("FailoverState") or {}
    return AuroraGlobalState(
        identifier=raw.get("GlobalClusterIdentifier", ""),
        status=raw.get("Status", "unknown"),
        members=tuple(
            AuroraMember(m.get("DBClusterArn", ""), bool(m.get("IsWriter")), m.get("SynchronizationStatus"))
            for m in raw.get("GlobalClusterMembers", [])
        ),
        failover_status=failover.get("Status"),
        failover_from_arn=failover.get("FromDbClusterArn"),
        failover_to_arn=failover.get("ToDbClusterArn"),
        data_loss_allowed=failover.get("IsDataLossAllowed"),
    )


def describe_global_cluster(clients: ClientFactory, region: str, identifier: str) -> AuroraGlobalState:
    response = call(clients("rds", region), "describe_global_clusters", GlobalClusterIdentifier=identifier)
    # Match on the identifier rather than trusting the server-side filter (emulators ignore it).
    for raw in response.get("GlobalClusters", []):
        if str(raw.get("GlobalClusterIdentifier", "")).lower() == identifier.lower():
            return _state(raw)
    raise StoreNotFound(f"Aurora global cluster {identifier!r} not found (queried in {region})")


def cluster_status(clients: ClientFactory, cluster_arn: str) -> dict[str, Any]:
    """DescribeDBClusters of one cluster, in its own region (StoreNotFound when the answer is empty)."""
    region = region_of(cluster_arn) or ""
    response = call(clients("rds", region), "describe_db_clusters", DBClusterIdentifier=cluster_identifier(cluster_arn))
    clusters = response.get("DBClusters", [])
    if not clusters:
        raise StoreNotFound(f"DB cluster {cluster_identifier(cluster_arn)} not found (queried in {region})")
    return clusters[0]


@dataclass(frozen=True)
class PrimaryProbe:
    """What the writer's own region says about it: "healthy", "down" (hard evidence) or "unknown"."""

    verdict: str
    evidence: str


def probe_primary(clients: ClientFactory, state: AuroraGlobalState) -> PrimaryProbe:
    """Ask the writer's region about the writer. Only an answer from RDS counts as evidence.

    A timeout, a connection error, a 5xx, throttling or AccessDenied from the operator's machine says
    nothing about the database (a broken VPN, DNS or proxy looks the same), so those give "unknown".
    """
    writer = state.writer
    if writer is None:
        return PrimaryProbe("unknown", "the global cluster lists no writer member")
    identifier, region = cluster_identifier(writer.cluster_arn), writer.region
    try:
        status = cluster_status(clients, writer.cluster_arn).get("Status", "unknown")
    except AwsCallError as exc:
        if exc.code == "DBClusterNotFoundFault":
            return PrimaryProbe("down", f"RDS in {region} answers that writer cluster {identifier} does not exist")
        return PrimaryProbe("unknown", f"could not read writer cluster {identifier}: {exc}")
    except StoreNotFound as exc:
        return PrimaryProbe("down", f"RDS in {region} lists no writer cluster: {exc}")
    if status in WRITER_DOWN_STATUSES:
        return PrimaryProbe("down", f"writer cluster {identifier} in {region} reports status {status!r}")
    return PrimaryProbe("healthy", f"writer cluster {identifier} in {region} reports status {status!r}")


def replication_lag(clients: ClientFactory, clock: Clock, member: AuroraMember) -> LagReading:
    """Newest lag of a secondary: `AuroraGlobalDBRPOLag`, else `AuroraGlobalDBReplicationLag` (ms → s)."""
    identifier = cluster_identifier(member.cluster_arn)

    def sets(metric: str) -> list[list[dict[str, str]]]:
        return dimension_sets(clients, member.region, "AWS/RDS", metric, {"DBClusterIdentifier": identifier})

    return read_lag(clients, clock, member.region, "AWS/RDS", LAG_METRICS, sets, seconds_per_unit=0.001)
