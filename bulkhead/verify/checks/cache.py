"""ElastiCache (Valkey/Redis): each replication group of each cache (the primary and, with a global
datastore, the DR secondary) encrypted at rest with the data key, TLS-only, RBAC, failover and
snapshots as the stack declared them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, passed, verdict_of
from bulkhead.verify.outputs import DATA_KEY, VerifyOutputs


@dataclass(frozen=True)
class CacheGroup:
    replication_group_id: str
    region: str
    key_arn: str  # the data key in the group's region
    primary: bool

    @property
    def label(self) -> str:
        return f"{self.replication_group_id} ({self.region})"


@dataclass(frozen=True)
class Cache:
    name: str
    groups: tuple[CacheGroup, ...]


def _caches(outputs: VerifyOutputs) -> Targets:
    if not outputs.caches:
        return "no cache in the outputs"
    key = outputs.key(DATA_KEY)
    targets = []
    for cache in outputs.caches:
        groups = [CacheGroup(cache.replication_group_id, outputs.primary_region, key.arn, primary=True)]
        if cache.dr_replication_group_id is not None and outputs.dr_region is not None:
            assert key.replica_arn is not None  # checked when the outputs were read
            groups.append(CacheGroup(cache.dr_replication_group_id, outputs.dr_region, key.replica_arn, primary=False))
        targets.append(Target(cache.name, Cache(cache.name, tuple(groups))))
    return targets


GroupProblems = Callable[[dict[str, Any], CacheGroup], list[str]]


def _each_group(
    ctx: Context, cache: Cache, problems_of: GroupProblems, seen: str, primary_only: bool = False
) -> Verdict:
    groups = [group for group in cache.groups if group.primary or not primary_only]
    problems = []
    for group in groups:
        raw = reads.cache_group(ctx, group.region, group.replication_group_id)
        problems += [f"{group.label}: {p}" for p in problems_of(raw, group)]
    return verdict_of(problems, f"{seen}: " + ", ".join(group.label for group in groups))


def _encryption(ctx: Context, cache: Cache) -> Verdict:
    def problems(raw: dict[str, Any], group: CacheGroup) -> list[str]:
        if not raw.get("AtRestEncryptionEnabled"):
            return ["encryption at rest is off"]
        mismatch = reads.key_mismatch("data at rest", raw.get("KmsKeyId"), group.key_arn, DATA_KEY)
        return [mismatch] if mismatch else []

    return _each_group(ctx, cache, problems, "encrypted at rest with the data key")


def _tls(ctx: Context, cache: Cache) -> Verdict:
    def problems(raw: dict[str, Any], _: CacheGroup) -> list[str]:
        if not raw.get("TransitEncryptionEnabled"):
            return ["encryption in transit is off"]
        mode = raw.get("TransitEncryptionMode")
        # `preferred` also accepts plaintext clients (a migration state): only `required` is TLS-only.
        return [] if mode == "required" else [f"TransitEncryptionMode is {mode!r}, expected 'required'"]

    return _each_group(ctx, cache, problems, "TLS required")


def _authentication(ctx: Context, cache: Cache) -> Verdict:
    def problems(raw: dict[str, Any], _: CacheGroup) -> list[str]:
        return [] if raw.get("UserGroupIds") else ["no RBAC user group: clients connect without a user"]

    return _each_group(ctx, cache, problems, "RBAC user group attached")


def _failover(ctx: Context, cache: Cache) -> Verdict:
    if not ctx.outputs.declared.cache_automatic_failover:
        return passed("not declared for this cache (a single node)")

    def problems(raw: dict[str, Any], _: CacheGroup) -> list[str]:
        found = []
        for field in ("AutomaticFailover", "MultiAZ"):
            if raw.get(field) != "enabled":
                found.append(f"{field} is {raw.get(field)!r}, expected 'enabled'")
        return found

    return _each_group(ctx, cache, problems, "automatic failover and Multi-AZ enabled", primary_only=True)


def _snapshots(ctx: Context, cache: Cache) -> Verdict:
    declared = ctx.outputs.declared.cache_snapshot_retention_days
    assert declared is not None  # required with a cache when the outputs were read

    def problems(raw: dict[str, Any], _: CacheGroup) -> list[str]:
        days = raw.get("SnapshotRetentionLimit") or 0
        return [] if days >= declared else [f"snapshots kept {days} days, the stack declared {declared}"]

    return _each_group(ctx, cache, problems, f"daily snapshots kept >= {declared} days")


CHECKS = (
    Check(
        id="cache.encryption",
        title="Every cache replication group is encrypted at rest with the data key of its region",
        calls=("elasticache:DescribeReplicationGroups",),
        policies=("elasticache-at-rest-encryption", "elasticache-cmk"),
        targets=_caches,
        run=_encryption,
    ),
    Check(
        id="cache.tls",
        title="Every cache replication group requires TLS (transit encryption mode `required`)",
        calls=("elasticache:DescribeReplicationGroups",),
        policies=("elasticache-transit-encryption",),
        targets=_caches,
        run=_tls,
    ),
    Check(
        id="cache.authentication",
        title="Every cache replication group authenticates clients through an RBAC user group",
        calls=("elasticache:DescribeReplicationGroups",),
        policies=("elasticache-authentication", "elasticache-user-access"),
        targets=_caches,
        run=_authentication,
    ),
    Check(
        id="cache.failover",
        title="The primary replication group fails over automatically across AZs where the stack declares it",
        calls=("elasticache:DescribeReplicationGroups",),
        policies=("elasticache-multi-az",),
        targets=_caches,
        run=_failover,
    ),
    Check(
        id="cache.snapshots",
        title="Every cache replication group keeps snapshots at least as long as declared",
        calls=("elasticache:DescribeReplicationGroups",),
        policies=("elasticache-snapshots",),
        targets=_caches,
        run=_snapshots,
    ),
)
