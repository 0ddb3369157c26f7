"""`bulkhead dr status`: replication health and lag of every data store, against the environment's RPO.

A lag that cannot be read is a FAIL, never an OK: without a datapoint nothing shows that a replica is
within the RPO. A file that lists no data store at all fails too: it checked nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from bulkhead.runbooks import aurora, elasticache
from bulkhead.runbooks.aws import AwsCallError, ClientFactory, StoreNotFound
from bulkhead.runbooks.clock import Clock
from bulkhead.runbooks.metrics import LagReading
from bulkhead.runbooks.outputs import CacheOutput, DatabaseOutput, StackOutputs
from bulkhead.runbooks.report import Report, verdict
from bulkhead.runbooks.traffic import traffic_status


@dataclass
class StoreStatus:
    kind: str  # "database" | "cache"
    name: str
    replication: str  # "aurora-global-database" | "elasticache-global-datastore" | "none"
    identifier: str | None = None
    status: str | None = None
    writer_region: str | None = None
    members: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def text_lines(self) -> list[str]:
        head = f"[{verdict(self.problems)}] {self.kind} {self.name}: {self.replication}"
        if self.identifier:
            head += f" {self.identifier}"
        if self.status:  # unknown when the describe call failed
            head += f" status={self.status} writer={self.writer_region}"
        lines = [head]
        for m in self.members:
            lag = "" if m.get("lag_seconds") is None else f" lag={m['lag_seconds']:.1f}s ({m['lag_metric']})"
            lines.append(f"       {m['role']:<9} {m['region']:<14} {m['id']}{lag}")
        lines.extend(f"       note: {note}" for note in self.notes)
        lines.extend(f"       problem: {problem}" for problem in self.problems)
        return lines


def _database_status(
    outputs: StackOutputs, db: DatabaseOutput, clients: ClientFactory, clock: Clock, region: str
) -> StoreStatus:
    result = StoreStatus("database", db.name, "none")
    if db.global_cluster_identifier is None or db.dr_cluster_arn is None:
        result.notes.append("no cross-region replication configured for this environment")
        return result
    result.replication, result.identifier = "aurora-global-database", db.global_cluster_identifier
    try:
        state = aurora.describe_global_cluster(clients, region, db.global_cluster_identifier)
    except (AwsCallError, StoreNotFound) as exc:
        result.problems.append(str(exc))
        return result
    result.status, result.writer_region = state.status, state.writer_region
    if state.status != "available":
        result.problems.append(f"global cluster status is {state.status!r}, expected 'available'")
    if state.writer is None:
        result.problems.append("global cluster has no writer member")
    if state.moving:
        result.problems.append(f"{state.describe_move()} in progress")
    for expected in (db.cluster_arn, db.dr_cluster_arn):
        if state.member(expected) is None:
            result.problems.append(f"cluster {expected} is not a member of the global cluster")
    for member in state.members:
        row: dict[str, Any] = {
            "id": member.cluster_arn,
            "region": member.region,
            "role": "writer" if member.is_writer else "reader",
            "sync": member.synchronization,
            "lag_seconds": None,
            "lag_metric": None,
        }
        result.members.append(row)
        if member.synchronization == "pending-resync":
            result.problems.append(f"{member.cluster_arn} is pending resync")
        if not member.is_writer:
            _add_lag(
                row, result, outputs.rpo_minutes, member.region, partial(aurora.replication_lag, clients, clock, member)
            )
    return result


def _add_lag(
    row: dict[str, Any],
    result: StoreStatus,
    rpo_minutes: int,
    region: str,
    read_lag: Callable[[], LagReading],
) -> None:
    """Record a secondary's lag in its row; a lag above the RPO or one that cannot be read fails."""
    try:
        reading = read_lag()
    except (AwsCallError, StoreNotFound) as exc:
        result.problems.append(f"replication lag of {region} unknown: {exc}")
        return
    if reading.seconds is None:
        result.problems.append(reading.describe())
        return
    row["lag_seconds"], row["lag_metric"] = reading.seconds, reading.metric
    if reading.seconds > rpo_minutes * 60:
        result.problems.append(
            f"replication lag to {region} is {reading.seconds:.1f}s, above the RPO of {rpo_minutes} min"
        )


def _cache_status(
    outputs: StackOutputs, cache: CacheOutput, clients: ClientFactory, clock: Clock, region: str
) -> StoreStatus:
    result = StoreStatus("cache", cache.name, "none")
    if cache.global_replication_group_id is None:
        result.notes.append("no cross-region replication configured for this environment")
        return result
    result.replication, result.identifier = "elasticache-global-datastore", cache.global_replication_group_id
    try:
        state = elasticache.describe_global_datastore(clients, region, cache.global_replication_group_id)
    except (AwsCallError, StoreNotFound) as exc:
        result.problems.append(str(exc))
        return result
    result.status, result.writer_region = state.status, state.primary_region
    if state.status != "available":
        result.problems.append(f"global datastore status is {state.status!r}, expected 'available'")
    if state.primary is None:
        result.problems.append("global datastore has no primary member")
    # The outputs contract sets the DR member's id together with the global datastore's.
    for expected in (cache.replication_group_id, cache.dr_replication_group_id):
        if expected is not None and state.member(expected) is None:
            result.problems.append(f"replication group {expected} is not a member of the global datastore")
    for member in state.members:
        row: dict[str, Any] = {
            "id": member.replication_group_id,
            "region": member.region,
            "role": member.role,
            "sync": member.status,
            "lag_seconds": None,
            "lag_metric": None,
        }
        result.members.append(row)
        if (member.status or "").lower() != "associated":
            result.problems.append(f"member {member.replication_group_id} status is {member.status!r}")
        if member.role != "primary":
            _add_lag(
                row,
                result,
                outputs.rpo_minutes,
                member.region,
                partial(elasticache.replication_lag, clients, clock, member),
            )
    return result


def dr_status(outputs: StackOutputs, clients: ClientFactory, clock: Clock) -> Report:
    """Inspect every store; global APIs are asked in the DR region, the one that must survive an outage."""
    region = outputs.dr_region or outputs.primary_region
    stores = [_database_status(outputs, db, clients, clock, region) for db in outputs.databases]
    stores += [_cache_status(outputs, cache, clients, clock, region) for cache in outputs.caches]
    problems = [f"{s.kind} {s.name}: {p}" for s in stores for p in s.problems]
    if not stores:
        problems.append("the outputs list no database and no cache: nothing was checked")
    items: list = list(stores)
    traffic = traffic_status(outputs, clients, {s.writer_region for s in stores if s.writer_region})
    if traffic is not None:
        items.append(traffic)
        problems += [f"traffic {traffic.name}: {p}" for p in traffic.problems or []]
    return Report("dr status", outputs.environment, clock.now(), items, problems)
