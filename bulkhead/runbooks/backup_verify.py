"""`bulkhead backup verify`: locked vaults, fresh recovery points, DR copies, and the caches' own snapshots.

Rules (docs/runbooks.md, "backup verify"):
- Vault lock, where the environment requires it (prod) or the outputs declare one: a compliance-mode
  lock, that is `Locked` with a `LockDate` already past (a lock without a date is governance mode and
  can be removed; one with a future date can be removed until then), with the min/max retention the
  stack configured. Both vaults.
- Snapshot freshness: the newest completed snapshot recovery point was created within the schedule's
  longest gap plus the rule's start and completion windows (until the next job completes, the previous
  point is the newest). A copy in the DR vault counts only if it came from the primary vault, and gets
  one more completion window (the copy job starts when the backup completes).
- Continuous backup (Aurora, where the plan has a continuous rule): an active continuous recovery
  point, and the cluster's own `LatestRestorableTime` within max(RPO, 15 min).
- Caches: AWS Backup does not protect ElastiCache, so each cache's newest available snapshot
  (ElastiCache `DescribeSnapshots`) must have been taken within a day plus its snapshot window plus an
  hour to finish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bulkhead.runbooks import aurora
from bulkhead.runbooks.aws import AwsCallError, ClientFactory, StoreNotFound, call, paginate
from bulkhead.runbooks.clock import Clock
from bulkhead.runbooks.outputs import BackupOutput, CacheOutput, StackOutputs, VaultLockOutput
from bulkhead.runbooks.report import Report, verdict

ONE_DAY = timedelta(days=1)
# Services of the protected resources that AWS Backup continuous backup covers in this stack.
CONTINUOUS_SERVICES = frozenset({"rds"})
# A continuous recovery point stays COMPLETED/AVAILABLE while it is being extended; STOPPED means it is not.
ACTIVE_CONTINUOUS_STATUSES = frozenset({"COMPLETED", "AVAILABLE"})
LOCK_REQUIRED_ENVIRONMENTS = frozenset({"prod"})
# The cluster's latest restorable time normally trails now by minutes; three times the usual five
# minutes keeps ordinary jitter from failing while an hour-old point-in-time window still fails.
PITR_ALLOWANCE = timedelta(minutes=15)
# ElastiCache documents a snapshot window of at least 60 minutes, and no bound on how long a snapshot
# takes: one hour to finish is this runbook's assumption.
DEFAULT_SNAPSHOT_WINDOW = timedelta(hours=1)
SNAPSHOT_FINISH_ALLOWANCE = timedelta(hours=1)


def _age(now: datetime, then: datetime) -> str:
    return f"{(now - then).total_seconds() / 3600:.1f} h old"


def _hours(window: timedelta) -> str:
    return f"{window.total_seconds() / 3600:g} h"


@dataclass
class VaultCheck:
    role: str  # "primary" | "dr"
    name: str
    region: str
    locked: bool | None = None
    lock_date: str | None = None
    min_retention_days: int | None = None
    max_retention_days: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.role} vault {self.name}"

    def text_lines(self) -> list[str]:
        lines = [
            f"[{verdict(self.problems)}] {self.label} ({self.region}) locked={self.locked} lock_date={self.lock_date}"
        ]
        lines.extend(f"       gap: {problem}" for problem in self.problems)
        return lines


@dataclass
class ResourceCheck:
    resource_arn: str
    recovery_point: dict[str, Any] | None = None  # the newest snapshot (whether or not it is fresh enough)
    continuous: dict[str, Any] | None = None
    latest_restorable_time: str | None = None
    dr_copy: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.resource_arn

    def text_lines(self) -> list[str]:
        lines = [f"[{verdict(self.problems)}] {self.label}"]
        for label, point in (
            ("snapshot", self.recovery_point),
            ("continuous", self.continuous),
            ("DR copy", self.dr_copy),
        ):
            if point:
                lines.append(f"       {label}: {point['status']} created {point['created_at']} {point['arn']}")
        if self.latest_restorable_time:
            lines.append(f"       latest restorable time: {self.latest_restorable_time}")
        lines.extend(f"       gap: {problem}" for problem in self.problems)
        return lines


@dataclass
class CacheSnapshotCheck:
    name: str
    replication_group_id: str
    region: str
    snapshot: str | None = None
    created_at: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"cache {self.name} snapshots"

    def text_lines(self) -> list[str]:
        lines = [f"[{verdict(self.problems)}] {self.label} ({self.replication_group_id}, {self.region})"]
        if self.snapshot:
            lines.append(f"       newest: {self.snapshot} taken {self.created_at}")
        lines.extend(f"       gap: {problem}" for problem in self.problems)
        return lines


def _is_continuous(point: dict[str, Any]) -> bool:
    # Backup's API has no type field: continuous recovery points are named `recovery-point:continuous:...`.
    return ":recovery-point:continuous:" in point.get("RecoveryPointArn", "")


def _summary(point: dict[str, Any]) -> dict[str, Any]:
    return {
        "arn": point.get("RecoveryPointArn"),
        "status": point.get("Status"),
        "created_at": point["CreationDate"].isoformat() if point.get("CreationDate") else None,
        "source_vault_arn": point.get("SourceBackupVaultArn"),
    }


def _newest_snapshot(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    done = [p for p in points if not _is_continuous(p) and p.get("Status") == "COMPLETED" and p.get("CreationDate")]
    return max(done, key=lambda p: p["CreationDate"], default=None)


def _window_length(window: str | None) -> timedelta:
    """Length of an ElastiCache `hh:mm-hh:mm` UTC window (it may wrap midnight)."""
    try:
        start, end = (datetime.strptime(part, "%H:%M") for part in (window or "").split("-"))
    except ValueError:
        return DEFAULT_SNAPSHOT_WINDOW
    return (end - start) % ONE_DAY or ONE_DAY


def _snapshot_taken(snapshot: dict[str, Any]) -> datetime | None:
    """When the oldest node's data of a snapshot was taken (a snapshot has one time per node)."""
    times = [node["SnapshotCreateTime"] for node in snapshot.get("NodeSnapshots", []) if node.get("SnapshotCreateTime")]
    return min(times, default=None)


@dataclass
class BackupVerifier:
    outputs: StackOutputs
    clients: ClientFactory
    clock: Clock

    @property
    def lock_required(self) -> bool:
        return self.outputs.environment in LOCK_REQUIRED_ENVIRONMENTS

    def vault(self, role: str, name: str, region: str, expected: VaultLockOutput | None) -> VaultCheck:
        check = VaultCheck(role, name, region)
        try:
            vault = call(self.clients("backup", region), "describe_backup_vault", BackupVaultName=name)
        except AwsCallError as exc:
            check.problems.append(str(exc))
            return check
        check.locked = bool(vault.get("Locked"))
        lock_date = vault.get("LockDate")
        check.lock_date = lock_date.isoformat() if lock_date else None
        check.min_retention_days, check.max_retention_days = (
            vault.get("MinRetentionDays"),
            vault.get("MaxRetentionDays"),
        )
        if self.lock_required or expected is not None:
            check.problems.extend(self._lock_problems(check, lock_date, expected))
        return check

    def _lock_problems(
        self, check: VaultCheck, lock_date: datetime | None, expected: VaultLockOutput | None
    ) -> list[str]:
        why = f"environment {self.outputs.environment} requires a compliance-mode vault lock"
        if not check.locked:
            return [f"no vault lock; {why}"]
        problems = []
        if lock_date is None:
            problems.append(
                f"governance-mode lock (no lock date): whoever may delete the lock configuration can remove it; {why}"
            )
        elif lock_date > self.clock.now():
            problems.append(
                f"compliance-mode lock still in its grace period until {check.lock_date}: it can be removed until then"
            )
        if expected is not None:
            for key, actual, wanted in (
                ("MinRetentionDays", check.min_retention_days, expected.min_retention_days),
                ("MaxRetentionDays", check.max_retention_days, expected.max_retention_days),
            ):
                if actual != wanted:
                    problems.append(f"lock {key} is {actual}, the stack configured {wanted}")
        return problems

    def _points(self, region: str, vault: str, resource_arn: str) -> list[dict[str, Any]]:
        return paginate(
            self.clients("backup", region),
            "list_recovery_points_by_backup_vault",
            "RecoveryPoints",
            BackupVaultName=vault,
            ByResourceArn=resource_arn,
        )

    def resource(self, backup: BackupOutput, resource_arn: str) -> ResourceCheck:
        check = ResourceCheck(resource_arn)
        try:
            points = self._points(self.outputs.primary_region, backup.vault_name, resource_arn)
            window = timedelta(
                minutes=backup.schedule_gap_minutes + backup.start_window_minutes + backup.completion_window_minutes
            )
            check.recovery_point = self._fresh(check, _newest_snapshot(points), window, f"vault {backup.vault_name}")
            if backup.continuous_backup and resource_arn.split(":")[2] in CONTINUOUS_SERVICES:
                self._check_continuous(check, backup, points)
            if backup.dr_vault_name and self.outputs.dr_region:
                self._check_copy(check, backup, window + timedelta(minutes=backup.completion_window_minutes))
        except (AwsCallError, StoreNotFound) as exc:
            check.problems.append(str(exc))
        return check

    def _fresh(
        self, check: ResourceCheck, newest: dict[str, Any] | None, window: timedelta, where: str
    ) -> dict[str, Any] | None:
        """Summary of `newest`; records a gap when there is none or it was created before now - window."""
        if newest is None:
            check.problems.append(f"no completed snapshot recovery point in {where}")
            return None
        now = self.clock.now()
        if newest["CreationDate"] < now - window:
            check.problems.append(
                f"newest completed snapshot in {where} was created {_age(now, newest['CreationDate'])}, "
                f"older than the {_hours(window)} the schedule allows"
            )
        return _summary(newest)

    def _check_continuous(self, check: ResourceCheck, backup: BackupOutput, points: list[dict[str, Any]]) -> None:
        active = [p for p in points if _is_continuous(p) and p.get("Status") in ACTIVE_CONTINUOUS_STATUSES]
        if not active:
            check.problems.append(f"no active continuous (point-in-time) recovery point in vault {backup.vault_name}")
        else:
            check.continuous = _summary(active[0])
        restorable = aurora.cluster_status(self.clients, check.resource_arn).get("LatestRestorableTime")
        allowed = max(timedelta(minutes=self.outputs.rpo_minutes), PITR_ALLOWANCE)
        now = self.clock.now()
        if restorable is None:
            check.problems.append(
                "the cluster reports no latest restorable time: point-in-time restore is not available"
            )
            return
        check.latest_restorable_time = restorable.isoformat()
        if restorable < now - allowed:
            minutes = (now - restorable).total_seconds() / 60
            check.problems.append(
                f"continuous backup is stale: the cluster's latest restorable time is {minutes:.0f} min old, "
                f"more than {allowed.total_seconds() / 60:g} min"
            )

    def _check_copy(self, check: ResourceCheck, backup: BackupOutput, window: timedelta) -> None:
        assert backup.dr_vault_name is not None and self.outputs.dr_region is not None  # checked by the caller
        points = self._points(self.outputs.dr_region, backup.dr_vault_name, check.resource_arn)
        copies = [p for p in points if p.get("SourceBackupVaultArn") == backup.vault_arn]
        where = f"DR vault {backup.dr_vault_name} ({self.outputs.dr_region}) copied from {backup.vault_name}"
        check.dr_copy = self._fresh(check, _newest_snapshot(copies), window, where)

    def cache(self, cache: CacheOutput) -> CacheSnapshotCheck:
        region = self.outputs.primary_region
        check = CacheSnapshotCheck(cache.name, cache.replication_group_id, region)
        try:
            snapshots = paginate(
                self.clients("elasticache", region),
                "describe_snapshots",
                "Snapshots",
                ReplicationGroupId=cache.replication_group_id,
            )
        except AwsCallError as exc:
            check.problems.append(str(exc))
            return check
        taken = [(_snapshot_taken(s), s) for s in snapshots if s.get("SnapshotStatus") == "available"]
        dated = [(when, s) for when, s in taken if when is not None]
        if not dated:
            check.problems.append(f"no available snapshot of {cache.replication_group_id} with a creation time")
            return check
        when, newest = max(dated, key=lambda pair: pair[0])
        check.snapshot, check.created_at = newest.get("SnapshotName"), when.isoformat()
        window = ONE_DAY + _window_length(newest.get("SnapshotWindow")) + SNAPSHOT_FINISH_ALLOWANCE
        now = self.clock.now()
        if when < now - window:
            check.problems.append(
                f"newest snapshot was taken {_age(now, when)}, older than the {_hours(window)} a daily snapshot allows"
            )
        return check


def backup_verify(outputs: StackOutputs, clients: ClientFactory, clock: Clock) -> Report:
    verifier = BackupVerifier(outputs, clients, clock)
    backup = outputs.backup
    items: list[Any] = []
    if backup is not None:
        items.append(verifier.vault("primary", backup.vault_name, outputs.primary_region, backup.vault_lock))
        if backup.dr_vault_name and outputs.dr_region:
            items.append(verifier.vault("dr", backup.dr_vault_name, outputs.dr_region, backup.dr_vault_lock))
        items += [verifier.resource(backup, arn) for arn in backup.protected_resource_arns]
    items += [verifier.cache(cache) for cache in outputs.caches]
    problems = [f"{item.label}: {problem}" for item in items for problem in item.problems]
    if backup is not None and not backup.protected_resource_arns:
        # An empty list would otherwise "pass" while verifying nothing.
        problems.append("backup.protected_resource_arns: empty in the outputs, so no backup was verified")
    if backup is None and not outputs.caches:
        problems.append("the outputs list no backup and no cache: nothing was verified")
    return Report("backup verify", outputs.environment, clock.now(), items, problems)
