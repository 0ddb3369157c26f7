"""Read-only view of an ElastiCache global datastore: status, members and their roles, groups, lag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bulkhead.runbooks.aws import ClientFactory, StoreNotFound, call
from bulkhead.runbooks.clock import Clock
from bulkhead.runbooks.metrics import LagReading, dimension_sets, read_lag

# `GlobalDatastoreReplicationLag` (AWS/ElastiCache, seconds): the lag between the secondary region's
# primary node and the primary region's primary node. Like the other engine metrics it is published per
# node, under the node's `CacheClusterId` (such as `prod-sessions-dr-001`), in the secondary's region
# (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html). Its dimension
# sets are discovered with ListMetrics and kept when their `CacheClusterId` is a node of the group.
LAG_METRIC = "GlobalDatastoreReplicationLag"


@dataclass(frozen=True)
class CacheMember:
    replication_group_id: str
    region: str
    role: str  # "primary" | "secondary" (lower-cased: the API documents the values, not their casing)
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
        if raw.get("GlobalReplicationGroupId") == identifier:
            return CacheGlobalState(
                identifier=identifier,
                status=raw.get("Status", "unknown"),
                members=tuple(
                    CacheMember(
                        m.get("ReplicationGroupId", ""),
                        m.get("ReplicationGroupRegion", ""),
                        str(m.get("Role", "")).lower(),
                        m.get("Status"),
                    )
                    for m in raw.get("Members", [])
                ),
            )
    raise StoreNotFound(f"ElastiCache global datastore {identifier!r} not found (queried in {region})")


def describe_group(clients: ClientFactory, region: str, replication_group_id: str) -> dict[str, Any]:
    response = call(
        clients("elasticache", region), "describe_replication_groups", ReplicationGroupId=replication_group_id
    )
    for group in response.get("ReplicationGroups", []):
        if group.get("ReplicationGroupId") == replication_group_id:
            return group
    raise StoreNotFound(f"replication group {replication_group_id!r} not found (queried in {region})")


def replication_lag(clients: ClientFactory, clock: Clock, member: CacheMember) -> LagReading:
    """Largest newest `GlobalDatastoreReplicationLag` over a secondary group's nodes.

    Which node of the group publishes the lag changes with in-region failovers, so every node counts.
    """
    nodes = set(describe_group(clients, member.region, member.replication_group_id).get("MemberClusters", []))

    def sets(metric: str) -> list[list[dict[str, str]]]:
        found = dimension_sets(clients, member.region, "AWS/ElastiCache", metric, {})
        return [s for s in found if any(d["Name"] == "CacheClusterId" and d["Value"] in nodes for d in s)]

    return read_lag(clients, clock, member.region, "AWS/ElastiCache", (LAG_METRIC,), sets)
