"""Read-only view of an ElastiCache global datastore: status, members, the primary region, lag."""

from __future__ import annotations

from dataclasses import dataclass

from bulkhead.runbooks.aws import ClientFactory, Clock, StoreNotFound, call
from bulkhead.runbooks.metrics import latest_maximum

# `GlobalDatastoreReplicationLag` (AWS/ElastiCache, unit Seconds): "the lag between the secondary
# Region's primary node and the primary Region's primary node; for cluster mode enabled, the maximum
# delay among the shards" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html).
# Like every engine metric there, it is "calculated at the cache node level": its dimension is the node's
# `CacheClusterId` (one per node of a replication group, e.g. `prod-sessions-dr-001`), not the replication
# group or the global datastore (dimension sets {CacheClusterId} and {CacheClusterId, CacheNodeId} in
# AWS's metric catalog, as generated into aws-cdk-lib/aws-elasticache/lib/elasticache-canned-metrics).
LAG_METRIC = "GlobalDatastoreReplicationLag"


@dataclass(frozen=True)
class CacheMember:
    replication_group_id: str
    region: str
    role: str  # "primary" | "secondary" (lower-cased; the API documents no casing)
    status: str | None


@dataclass(frozen=True)
class CacheGlobalState:
    identifier: str
    status: str
    members: tuple[CacheMember, ...]

    @property
    def primary(self) -> CacheMember | None:
        return next((m for m in self.members if m.role == "primary"), None)

    @property
    def primary_region(self) -> str | None:
        return self.primary.region if self.primary else None

    def member(self, replication_group_id: str) -> CacheMember | None:
        return next((m for m in self.members if m.replication_group_id == replication_group_id), None)


def describe_global_datastore(clients: ClientFactory, region: str, identifier: str) -> CacheGlobalState:
    response = call(
        clients("elasticache", region),
        "describe_global_replication_groups",
        GlobalReplicationGroupId=identifier,
        ShowMemberInfo=True,
    )
    for raw in response.get("GlobalReplicationGroups", []):
        if raw["GlobalReplicationGroupId"] == identifier:
            return CacheGlobalState(
                identifier=identifier,
                status=raw.get("Status", "unknown"),
                members=tuple(
                    CacheMember(
                        m["ReplicationGroupId"],
                        m["ReplicationGroupRegion"],
                        m.get("Role", "").lower(),
                        m.get("Status"),
                    )
                    for m in raw.get("Members", [])
                ),
            )
    raise StoreNotFound(f"ElastiCache global datastore {identifier!r} not found (queried in {region})")


def replication_lag_seconds(clients: ClientFactory, clock: Clock, member: CacheMember) -> float | None:
    """Largest latest `GlobalDatastoreReplicationLag` among a secondary group's nodes, None if none has one.

    The lag is measured at the group's primary node (one per shard), and which node is primary changes
    with in-region failovers, so every member cluster is asked, in the secondary's region where the
    metric is published, and the largest value wins.
    """
    response = call(
        clients("elasticache", member.region),
        "describe_replication_groups",
        ReplicationGroupId=member.replication_group_id,
    )
    group = next(
        (g for g in response.get("ReplicationGroups", []) if g["ReplicationGroupId"] == member.replication_group_id),
        None,
    )
    if group is None:
        raise StoreNotFound(f"replication group {member.replication_group_id!r} not found (queried in {member.region})")
    lags = (
        latest_maximum(clients, clock, member.region, "AWS/ElastiCache", LAG_METRIC, {"CacheClusterId": cluster_id})
        for cluster_id in group.get("MemberClusters", [])
    )
    return max((lag for lag in lags if lag is not None), default=None)
