"""The DR posture of a recorded plan: the RPO and RTO each data store achieves, against the targets.

For every data store the plan creates (Aurora clusters and ElastiCache replication groups in the
primary region) this module lists the protections the recorded resources give it (global
replication, point-in-time restore, AWS Backup snapshots and their copies in the DR region,
snapshots, recreation) with the RPO and RTO each achieves, picks the best one for the scenario the
targets are about, and compares it with `rpo_minutes` / `rto_minutes` from the stack outputs.

Scenario: with a DR region the targets are about losing the primary region, so only protections
that survive it count; without one (strategy `none`) they are about losing the data store itself.

Every duration below is an assumption, stated once, named, and listed in docs/dr.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from bulkhead.arns import region_of
from bulkhead.plan.model import Plan, ResourceRecord
from bulkhead.plan.traffic_path import TrafficPath, traffic_path
from components.reference.schedules import ScheduleError, max_interval_minutes

# --- Assumptions (minutes) -------------------------------------------------------------------------
# Aurora global database: storage-level replication, typical lag well under a second (AWS); counted
# as one minute, the granularity of the targets.
AURORA_GLOBAL_RPO_MINUTES = 1
# Promote the DR secondary (managed switchover, or failover when the primary is down): AWS reports
# about a minute; five allow for detection and the runbook's checks.
AURORA_GLOBAL_FAILOVER_MINUTES = 5
# ElastiCache global datastore: asynchronous replication, typical lag under a second (AWS).
ELASTICACHE_GLOBAL_RPO_MINUTES = 1
# Promote the secondary replication group of a global datastore: under a minute (AWS) plus checks.
ELASTICACHE_GLOBAL_PROMOTION_MINUTES = 5
# Point-in-time restore: RDS ships transaction logs to S3 every 5 minutes, so the latest restorable
# time lags by at most 5 minutes.
PITR_RPO_MINUTES = 5
# Restore an Aurora cluster (snapshot or point in time) and create its instances; grows with the
# volume; assumes under 1 TiB.
AURORA_RESTORE_MINUTES = 90
# Create a replication group (from a snapshot, or empty).
ELASTICACHE_RESTORE_MINUTES = 30
# ElastiCache takes one automatic snapshot a day.
ELASTICACHE_SNAPSHOT_INTERVAL_MINUTES = 24 * 60
# Pilot light: the DR network stands; create the EKS cluster (~15), its nodes (~10), roll out the
# services (~20) before traffic moves.
PILOT_LIGHT_COMPUTE_MINUTES = 45
# Backup and restore: nothing stands; `pulumi up` of network, cluster and services in the DR region.
REBUILD_REGION_MINUTES = 90
# ----------------------------------------------------------------------------------------------------

DATABASE_TYPE = "aws:rds/cluster:Cluster"
QUEUE_TYPE = "aws:sqs/queue:Queue"
CACHE_TYPE = "aws:elasticache/replicationGroup:ReplicationGroup"
GLOBAL_CACHE_TYPE = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup"
SELECTION_TYPE = "aws:backup/selection:Selection"
BACKUP_PLAN_TYPE = "aws:backup/plan:Plan"
EKS_CLUSTER_TYPE = "aws:eks/cluster:Cluster"
VPC_TYPE = "aws:ec2/vpc:Vpc"
# Strategies that promise the data is replicated: every store, caches included, must keep its data.
REPLICATING_STRATEGIES = ("pilot-light", "warm-standby")
REGION_LOSS, STORE_LOSS = "region-loss", "store-loss"


@dataclass(frozen=True)
class Protection:
    """One way a store's data comes back, and how much data and time it costs."""

    mechanism: str
    description: str
    survives_region_loss: bool
    rpo_minutes: int | None  # None: the contents are not retained (the store comes back empty)
    rto_minutes: int


@dataclass(frozen=True)
class StorePosture:
    kind: str  # database | cache
    name: str
    urn: str
    protections: tuple[Protection, ...]
    achieved: Protection | None  # the best protection for the scenario; None: nothing recovers it
    must_retain_data: bool  # False: a cache of a non-replicating strategy; only its RTO is checked


@dataclass(frozen=True)
class QueuePosture:
    """A work queue and what happens to the messages in it when the region is lost (SQS never replicates)."""

    name: str
    region: str
    retention_seconds: int | None
    dr_queue: bool  # the DR region has a queue of the same name (a running standby sends to and consumes it)
    in_flight: str  # what happens to messages in flight at failover, in words


@dataclass(frozen=True)
class IdentityPosture:
    """The user pool's answer to the scenario (docs/dr.md, "Identity").

    Cognito user pools are regional and keep no backup: under strategy `regional` nothing recovers the
    directory outside its region, so a region loss (or the pool's deletion) is not recovered at all.
    `None` targets are an accepted loss, written in the stack; `None` achieved values mean "not recovered".
    """

    strategy: str
    region: str
    rpo_target_minutes: int | None
    rto_target_minutes: int | None
    rpo_minutes: int | None
    rto_minutes: int | None
    token_grace_minutes: int  # access tokens already issued keep working this long
    description: str


@dataclass(frozen=True)
class Posture:
    environment: str
    strategy: str
    scenario: str
    primary_region: str
    dr_region: str | None
    dr_compute: str  # running | network-only | none
    rpo_target_minutes: int
    rto_target_minutes: int | None  # None: best effort
    stores: tuple[StorePosture, ...]
    queues: tuple[QueuePosture, ...] = ()
    traffic: TrafficPath | None = None  # region loss with a public API only
    identity: IdentityPosture | None = None  # a stack with a user pool only
    achieved_rto_minutes: int | None = None  # slowest store, then the traffic path; None without traffic

    @property
    def data_store_rto_minutes(self) -> int:
        return max((store.achieved.rto_minutes for store in self.stores if store.achieved), default=0)


def compute_posture(plan: Plan) -> Posture:
    """The posture of every data store in `plan` (see the module docstring for the rules)."""
    strategy = plan.outputs.get("dr_strategy")
    if strategy is None:
        raise ValueError("plan outputs: dr_strategy is missing (exported by infra/wiring/resilience.py)")
    scenario = REGION_LOSS if plan.dr_region else STORE_LOSS
    dr_compute = _dr_compute(plan)
    provisioning = {"running": 0, "network-only": PILOT_LIGHT_COMPUTE_MINUTES, "none": REBUILD_REGION_MINUTES}
    context = _Context(plan, provisioning[dr_compute] if scenario == REGION_LOSS else 0)
    stores = [
        _store("database", record, _database_protections(record, context), True, scenario)
        for record in _primary(plan, DATABASE_TYPE)
    ]
    stores += [
        _store("cache", record, _cache_protections(record, context), strategy in REPLICATING_STRATEGIES, scenario)
        for record in _primary(plan, CACHE_TYPE)
    ]
    traffic = traffic_path(plan) if scenario == REGION_LOSS else None
    posture = Posture(
        environment=plan.environment,
        strategy=strategy,
        scenario=scenario,
        primary_region=plan.region,
        dr_region=plan.dr_region,
        dr_compute=dr_compute,
        rpo_target_minutes=plan.outputs["rpo_minutes"],
        rto_target_minutes=plan.outputs.get("rto_minutes"),
        stores=tuple(stores),
        queues=queue_postures(plan, scenario),
        traffic=traffic,
        identity=_identity(plan, scenario),
    )
    if traffic is None:
        return posture
    return replace(posture, achieved_rto_minutes=traffic.rto_minutes(posture.data_store_rto_minutes))


def failures(posture: Posture) -> list[str]:
    """One message per missed target, naming the store (or the traffic path), the target and what it achieves."""
    return (
        [message for store in posture.stores for message in _store_failures(posture, store)]
        + _traffic_failures(posture)
        + _identity_failures(posture.identity)
    )


def _identity(plan: Plan, scenario: str) -> IdentityPosture | None:
    outputs = plan.outputs.get("identity")
    if not outputs:
        return None
    lost = f"the loss of {plan.region}" if scenario == REGION_LOSS else "the deletion of the pool"
    grace = outputs["access_token_minutes"]
    return IdentityPosture(
        strategy=outputs["dr_strategy"],
        region=plan.region,
        rpo_target_minutes=outputs.get("rpo_minutes"),
        rto_target_minutes=outputs.get("rto_minutes"),
        rpo_minutes=None,
        rto_minutes=None,
        token_grace_minutes=grace,
        description=(
            f"user pool in {plan.region} only, no copy survives {lost}: sign-in, sign-up and refresh stop "
            f"until it returns; access tokens already issued stay valid up to {grace} min"
        ),
    )


def _identity_failures(identity: IdentityPosture | None) -> list[str]:
    if identity is None:
        return []
    messages = []
    for kind, target, achieved in (
        ("RPO", identity.rpo_target_minutes, identity.rpo_minutes),
        ("RTO", identity.rto_target_minutes, identity.rto_minutes),
    ):
        if target is not None and (achieved is None or achieved > target):
            reached = "not recovered" if achieved is None else f"{achieved} min"
            messages.append(
                f"identity: {kind} {reached} under strategy {identity.strategy} ({identity.description}) "
                f"misses the target of {target} min"
            )
    return messages


def _traffic_failures(posture: Posture) -> list[str]:
    target, achieved = posture.rto_target_minutes, posture.achieved_rto_minutes
    if posture.traffic is None or target is None or achieved is None or achieved <= target:
        return []
    return [
        f"traffic: clients reach {posture.dr_region} after {achieved} min (data stores "
        f"{posture.data_store_rto_minutes} min, {posture.traffic.description}); the RTO target is {target} min"
    ]


def _store_failures(posture: Posture, store: StorePosture) -> list[str]:
    rpo_target, rto_target = posture.rpo_target_minutes, posture.rto_target_minutes
    label = f"{store.kind} {store.name}"
    best = store.achieved
    if best is None:
        loss = "a region loss" if posture.scenario == REGION_LOSS else "the loss of the store"
        return [
            f"{label}: nothing recovers it after {loss}; targets are RPO {rpo_target} min"
            + (f", RTO {rto_target} min" if rto_target is not None else "")
        ]
    messages = []
    # A store whose contents may be lost (a cache outside replicating strategies) has only an RTO.
    if store.must_retain_data and best.rpo_minutes is None:
        messages.append(
            f"{label}: comes back empty ({best.description}) under strategy {posture.strategy}; "
            f"the RPO target is {rpo_target} min"
        )
    elif store.must_retain_data and best.rpo_minutes is not None and best.rpo_minutes > rpo_target:
        messages.append(
            f"{label}: RPO {best.rpo_minutes} min ({best.description}) misses the target of {rpo_target} min"
        )
    if rto_target is not None and best.rto_minutes > rto_target:
        messages.append(
            f"{label}: RTO {best.rto_minutes} min ({best.description}) misses the target of {rto_target} min"
        )
    return messages


def render_text(posture: Posture) -> str:
    where = (
        f"loss of {posture.primary_region}, recovery in {posture.dr_region}"
        if posture.scenario == REGION_LOSS
        else f"loss of a data store in {posture.primary_region}"
    )
    rto = f"{posture.rto_target_minutes} min" if posture.rto_target_minutes is not None else "best effort"
    lines = [
        f"DR posture ({posture.environment}, strategy {posture.strategy}): {where}; "
        f"targets RPO {posture.rpo_target_minutes} min, RTO {rto}; compute in the DR region: "
        f"{posture.dr_compute}"
    ]
    problems = []
    for store in posture.stores:
        missed = _store_failures(posture, store)
        problems += missed
        verdict = "MISSES TARGET" if missed else "meets target"
        best = store.achieved
        summary = (
            f"RPO {_minutes(best.rpo_minutes)}, RTO {best.rto_minutes} min via {best.description}"
            if best
            else "not recoverable"
        )
        lines.append(f"  {store.kind} {store.name}: {summary} [{verdict}]")
        for protection in store.protections:
            if protection is not best:
                lines.append(
                    f"      also: {protection.description}: RPO {_minutes(protection.rpo_minutes)}, "
                    f"RTO {protection.rto_minutes} min"
                )
    if not posture.stores:
        lines.append("  (no data stores)")
    lines.extend(f"  queue {queue.name}: {queue.in_flight}" for queue in posture.queues)
    if posture.traffic is not None:
        missed = _traffic_failures(posture)
        problems += missed
        lines.append(
            f"  traffic: {posture.traffic.description}; achieved RTO {posture.achieved_rto_minutes} min "
            f"[{'MISSES TARGET' if missed else 'meets target'}]"
        )
    if posture.identity is not None:
        identity = posture.identity
        missed = _identity_failures(identity)
        problems += missed
        if missed:
            verdict = "MISSES TARGET"
        elif identity.rpo_target_minutes is None and identity.rto_target_minutes is None:
            verdict = "loss accepted by the stack"
        else:
            verdict = "meets target"
        lines.append(
            f"  identity (strategy {identity.strategy}): RPO {_achieved(identity.rpo_minutes)}, RTO "
            f"{_achieved(identity.rto_minutes)}; {identity.description} [{verdict}]"
        )
    lines.extend(f"  FAIL {message}" for message in problems)
    return "\n".join(lines)


def posture_to_json(posture: Posture) -> dict[str, Any]:
    document = asdict(posture)
    if posture.traffic is not None:
        document["traffic"]["description"] = posture.traffic.description
    document["failures"] = failures(posture)
    return document


def queue_postures(plan: Plan, scenario: str) -> tuple[QueuePosture, ...]:
    """Each primary-region work queue (not a dead-letter queue) and the fate of its messages in flight.

    Messages are not lost by a failover as such: they stay in the region they were sent to, for the
    queue's retention period. What a failover decides is who reads them and when."""
    queues = [record for record in plan.of_type(QUEUE_TYPE) if record.region == plan.region]
    dead_letter = {_dead_letter_target(record) for record in queues}
    dr_names = {
        record.inputs.get("name")
        for record in plan.of_type(QUEUE_TYPE)
        if plan.dr_region and record.region == plan.dr_region
    }
    postures = []
    for record in queues:
        if record.outputs.get("arn") in dead_letter:
            continue
        name, retention = record.inputs.get("name") or record.name, record.inputs.get("messageRetentionSeconds")
        postures.append(
            QueuePosture(
                name=name,
                region=record.region or plan.region,
                retention_seconds=retention,
                dr_queue=name in dr_names,
                in_flight=_in_flight(plan, scenario, record.region or plan.region, retention, name in dr_names),
            )
        )
    return tuple(postures)


def _dead_letter_target(record: ResourceRecord) -> str | None:
    policy = record.inputs.get("redrivePolicy")
    try:
        document = json.loads(policy) if isinstance(policy, str) else policy
    except json.JSONDecodeError:
        return None
    return document.get("deadLetterTargetArn") if isinstance(document, dict) else None


def _in_flight(plan: Plan, scenario: str, region: str, retention: int | None, dr_queue: bool) -> str:
    kept = f"for {_duration(retention)}" if retention else "for the retention period"
    if scenario == STORE_LOSS:
        return f"messages live only in {region}, {kept}; losing the queue loses them"
    stays = f"messages in flight stay in {region} (SQS does not replicate), kept {kept}"
    if dr_queue:
        return (
            f"{stays}; planned switchover: drain it first (stop the producers, wait until it is empty); region "
            f"loss: they wait for {region} to return, and the standby sends to and consumes its own queue in "
            f"{plan.dr_region} from the failover on"
        )
    return (
        f"{stays}; {plan.dr_region} has no queue until the stack is applied there: planned switchover: drain "
        "it first; region loss: they wait for the region to return, or are lost"
    )


def _duration(seconds: int) -> str:
    if seconds % 86_400 == 0:
        days = seconds // 86_400
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{seconds // 3600} h" if seconds % 3600 == 0 else f"{seconds} s"


def _achieved(value: int | None) -> str:
    return "not recovered" if value is None else f"{value} min"


def _minutes(value: int | None) -> str:
    return "none (comes back empty)" if value is None else f"{value} min"


class _Context:
    """What the protections of every store are derived from."""

    def __init__(self, plan: Plan, provisioning_minutes: int):
        self.plan = plan
        self.provisioning_minutes = provisioning_minutes
        self.backup_plans = {record.outputs.get("id"): record for record in plan.of_type(BACKUP_PLAN_TYPE)}

    def in_dr(self, resource_type: str) -> list[ResourceRecord]:
        dr_region = self.plan.dr_region
        return [record for record in self.plan.of_type(resource_type) if dr_region and record.region == dr_region]

    def backup_rules(self, arn: str | None) -> Iterable[dict[str, Any]]:
        for selection in self.plan.of_type(SELECTION_TYPE):
            if arn is not None and arn in (selection.inputs.get("resources") or []):
                backup_plan = self.backup_plans.get(selection.inputs.get("planId"))
                yield from (backup_plan.inputs.get("rules") or []) if backup_plan else []


def _primary(plan: Plan, resource_type: str) -> list[ResourceRecord]:
    return [record for record in plan.of_type(resource_type) if record.region == plan.region]


def _dr_compute(plan: Plan) -> str:
    in_dr = {record.type for record in plan.resources if plan.dr_region and record.region == plan.dr_region}
    if EKS_CLUSTER_TYPE in in_dr:
        return "running"
    return "network-only" if VPC_TYPE in in_dr else "none"


def _store(
    kind: str, record: ResourceRecord, protections: list[Protection], must_retain: bool, scenario: str
) -> StorePosture:
    return StorePosture(
        kind=kind,
        name=record.name,
        urn=record.urn,
        protections=tuple(protections),
        achieved=_best(protections, scenario, must_retain),
        must_retain_data=must_retain,
    )


def _best(protections: list[Protection], scenario: str, must_retain: bool) -> Protection | None:
    """The protection that counts for `scenario`: least data lost, then fastest."""
    candidates = [p for p in protections if scenario == STORE_LOSS or p.survives_region_loss]
    if must_retain:
        candidates = [p for p in candidates if p.rpo_minutes is not None] or candidates
    return min(candidates, key=lambda p: (p.rpo_minutes is None, p.rpo_minutes or 0, p.rto_minutes), default=None)


def _database_protections(record: ResourceRecord, context: _Context) -> list[Protection]:
    protections = []
    dr_region, region = context.plan.dr_region, record.region
    global_id = record.inputs.get("globalClusterIdentifier")
    if global_id and any(r.inputs.get("globalClusterIdentifier") == global_id for r in context.in_dr(DATABASE_TYPE)):
        protections.append(
            Protection(
                "aurora-global-database",
                f"Aurora global database secondary in {dr_region}",
                True,
                AURORA_GLOBAL_RPO_MINUTES,
                AURORA_GLOBAL_FAILOVER_MINUTES + context.provisioning_minutes,
            )
        )
    if (record.inputs.get("backupRetentionPeriod") or 0) >= 1:
        protections.append(
            Protection(
                "rds-automated-backups",
                f"RDS automated backups, point-in-time restore in {region} "
                f"({record.inputs['backupRetentionPeriod']} days)",
                False,
                PITR_RPO_MINUTES,
                AURORA_RESTORE_MINUTES,
            )
        )
    protections.extend(_backup_protections(record, context, AURORA_RESTORE_MINUTES))
    return protections


def _backup_protections(record: ResourceRecord, context: _Context, restore_minutes: int) -> list[Protection]:
    protections = []
    for rule in context.backup_rules(record.outputs.get("arn")):
        name = rule.get("ruleName", "?")
        if rule.get("enableContinuousBackup"):
            protections.append(
                Protection(
                    "backup-continuous",
                    f"AWS Backup continuous backup (rule {name}) in {record.region}",
                    False,
                    PITR_RPO_MINUTES,
                    restore_minutes,
                )
            )
            continue
        try:
            interval = max_interval_minutes(rule.get("schedule") or "")
        except ScheduleError:
            continue  # an on-demand rule (no schedule) bounds no RPO
        protections.append(
            Protection(
                "backup-snapshots",
                f"AWS Backup snapshots (rule {name}) in {record.region}, every {interval} min",
                False,
                interval,
                restore_minutes,
            )
        )
        for copy in rule.get("copyActions") or []:
            copy_region = region_of(copy.get("destinationVaultArn"))
            if copy_region and copy_region == context.plan.dr_region:
                protections.append(
                    Protection(
                        "backup-copy",
                        f"AWS Backup copy to {copy_region} (rule {name}), every {interval} min",
                        True,
                        interval,
                        restore_minutes + context.provisioning_minutes,
                    )
                )
    return protections


def _cache_protections(record: ResourceRecord, context: _Context) -> list[Protection]:
    protections = []
    dr_region, region = context.plan.dr_region, record.region
    group_id = record.outputs.get("id")
    for global_group in context.plan.of_type(GLOBAL_CACHE_TYPE):
        if global_group.inputs.get("primaryReplicationGroupId") != group_id:
            continue
        global_ids = {
            global_group.outputs.get("id"),
            global_group.outputs.get("globalReplicationGroupId"),
        } - {None}
        if any(r.inputs.get("globalReplicationGroupId") in global_ids for r in context.in_dr(CACHE_TYPE)):
            protections.append(
                Protection(
                    "elasticache-global-datastore",
                    f"ElastiCache global datastore secondary in {dr_region}",
                    True,
                    ELASTICACHE_GLOBAL_RPO_MINUTES,
                    ELASTICACHE_GLOBAL_PROMOTION_MINUTES + context.provisioning_minutes,
                )
            )
    if (record.inputs.get("snapshotRetentionLimit") or 0) >= 1:
        protections.append(
            Protection(
                "elasticache-snapshots",
                f"ElastiCache daily snapshots in {region}",
                False,
                ELASTICACHE_SNAPSHOT_INTERVAL_MINUTES,
                ELASTICACHE_RESTORE_MINUTES,
            )
        )
    # AWS Backup does not cover ElastiCache, and its snapshots leave the region only through an S3
    # export: without a global datastore the DR region recreates the cache empty from the stack.
    protections.append(
        Protection(
            "recreate-empty",
            f"recreated empty in {dr_region or region} by the stack",
            True,
            None,
            ELASTICACHE_RESTORE_MINUTES + context.provisioning_minutes,
        )
    )
    return protections
