"""Read-only view of an ElastiCache global datastore: status, members and the primary region."""

from __future__ import annotations

from dataclasses import dataclass

from bulkhead.runbooks.aws import ClientFactory, StoreNotFound, call


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
