"""`bulkhead backup verify`: every protected resource has a fresh recovery point, a DR copy, a locked vault.

Freshness rules (documented in docs/runbooks.md):
- Sub-day RPO (prod): services with AWS Backup continuous backup (Aurora/RDS, S3) need an active
  continuous (PITR) recovery point — no snapshot can be minutes old. Snapshot-only services (ElastiCache)
  rely on global replication for their sub-day RPO and need a snapshot within a day.
- RPO of a day or more: a completed snapshot recovery point newer than now - RPO.
- DR copies are snapshots copied by the daily rule: one newer than max(RPO, 1 day) is required.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bulkhead.runbooks.aws import AwsCallError, ClientFactory, Clock, call, paginate
from bulkhead.runbooks.outputs import StackOutputs
from bulkhead.runbooks.report import Report, verdict

ONE_DAY = timedelta(days=1)
# AWS Backup services that support continuous backup (point-in-time restore).
CONTINUOUS_SERVICES = frozenset({"rds", "s3"})
# A continuous recovery point stays COMPLETED/AVAILABLE while it is being extended; STOPPED means it is not.
ACTIVE_CONTINUOUS_STATUSES = frozenset({"COMPLETED", "AVAILABLE"})
LOCK_REQUIRED_ENVIRONMENTS = frozenset({"prod"})


@dataclass
class VaultCheck:
    role: str  # "primary" | "dr"
    name: str
    region: str
    locked: bool | None = None
    lock_date: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.role} vault {self.name}"

    def text_lines(self) -> list[str]:
        lines = [f"[{verdict(self.problems)}] {self.label} ({self.region}) locked={self.locked}"]
        lines.extend(f"       note: {note}" for note in self.notes)
        lines.extend(f"       gap: {problem}" for problem in self.problems)
        return lines


@dataclass
class ResourceCheck:
    resource_arn: str
    recovery_point: dict[str, Any] | None = None  # the one that satisfies (or best misses) the RPO
    dr_copy: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.resource_arn

    def text_lines(self) -> list[str]:
        lines = [f"[{verdict(self.problems)}] {self.label}"]
        for label, point in (("recovery point", self.recovery_point), ("DR copy", self.dr_copy)):
            if point:
                lines.append(
                    f"       {label}: {point['kind']} {point['status']} {point['completed_at']} {point['arn']}"
                )
        lines.extend(f"       gap: {problem}" for problem in self.problems)
        return lines


def _is_continuous(point: dict[str, Any]) -> bool:
    # Backup's API has no type field: continuous recovery points are named `recovery-point:continuous:...`.
    return ":recovery-point:continuous:" in point["RecoveryPointArn"]


def _completed_at(point: dict[str, Any]) -> datetime | None:
    return point.get("CompletionDate") or point.get("CreationDate")


def _summary(point: dict[str, Any]) -> dict[str, Any]:
    completed = _completed_at(point)
    return {
        "arn": point["RecoveryPointArn"],
        "kind": "continuous" if _is_continuous(point) else "snapshot",
        "status": point.get("Status"),
        "completed_at": completed.isoformat() if completed else None,
    }


def _latest_snapshot(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    done = [p for p in points if not _is_continuous(p) and p.get("Status") == "COMPLETED" and _completed_at(p)]
    return max(done, key=_completed_at, default=None)


def _age(now: datetime, then: datetime) -> str:
    hours = (now - then).total_seconds() / 3600
    return f"{hours:.1f} h old"


@dataclass
class BackupVerifier:
    outputs: StackOutputs
    clients: ClientFactory
    clock: Clock

    @property
    def rpo(self) -> timedelta:
        return timedelta(minutes=self.outputs.rpo_minutes)

    def _points(self, region: str, vault: str, resource_arn: str) -> list[dict[str, Any]]:
        client = self.clients("backup", region)
        return list(
            paginate(
                client,
                "list_recovery_points_by_backup_vault",
                "RecoveryPoints",
                BackupVaultName=vault,
                ByResourceArn=resource_arn,
            )
        )

    def vault(self, role: str, name: str, region: str, lock_required: bool) -> VaultCheck:
        check = VaultCheck(role, name, region)
        try:
            vault = call(self.clients("backup", region), "describe_backup_vault", BackupVaultName=name)
        except AwsCallError as exc:
            check.problems.append(str(exc))
            return check
        check.locked = bool(vault.get("Locked"))
        lock_date = vault.get("LockDate")
        check.lock_date = lock_date.isoformat() if lock_date else None
        if lock_required and not check.locked:
            check.problems.append(
                f"vault lock is off; environment {self.outputs.environment} requires a compliance-mode vault lock"
            )
        if check.locked and lock_date and lock_date > self.clock.now():
            check.notes.append(f"lock can still be removed until {check.lock_date} (compliance grace period)")
        return check

    def resource(self, resource_arn: str) -> ResourceCheck:
        check = ResourceCheck(resource_arn)
        backup = self.outputs.backup
        try:
            self._check_primary(check, self._points(self.outputs.primary_region, backup.vault_name, resource_arn))
            if backup.dr_vault_name and self.outputs.dr_region:
                self._check_copy(check, self._points(self.outputs.dr_region, backup.dr_vault_name, resource_arn))
        except AwsCallError as exc:
            check.problems.append(str(exc))
        return check

    def _check_primary(self, check: ResourceCheck, points: list[dict[str, Any]]) -> None:
        vault = self.outputs.backup.vault_name
        service = check.resource_arn.split(":")[2]
        if self.rpo < ONE_DAY and service in CONTINUOUS_SERVICES:
            active = [p for p in points if _is_continuous(p) and p.get("Status") in ACTIVE_CONTINUOUS_STATUSES]
            if active:
                check.recovery_point = _summary(active[0])
            else:
                check.problems.append(
                    f"no active continuous (point-in-time) recovery point in vault {vault}; "
                    f"an RPO of {self.outputs.rpo_minutes} min needs continuous backup"
                )
            return
        check.recovery_point = self._fresh_snapshot(check, points, f"vault {vault}")

    def _check_copy(self, check: ResourceCheck, points: list[dict[str, Any]]) -> None:
        where = f"DR vault {self.outputs.backup.dr_vault_name} ({self.outputs.dr_region})"
        check.dr_copy = self._fresh_snapshot(check, points, where)

    def _fresh_snapshot(self, check: ResourceCheck, points: list[dict[str, Any]], where: str) -> dict[str, Any] | None:
        """Summary of the latest completed snapshot; records a gap when none is within max(RPO, 1 day)."""
        now, window = self.clock.now(), max(self.rpo, ONE_DAY)
        latest = _latest_snapshot(points)
        if latest is None:
            check.problems.append(f"no completed recovery point in {where}")
            return None
        completed = _completed_at(latest)
        if completed < now - window:
            check.problems.append(
                f"latest completed recovery point in {where} is {_age(now, completed)}, "
                f"older than the {window.total_seconds() / 60:g} min window"
            )
        return _summary(latest)


def backup_verify(outputs: StackOutputs, clients: ClientFactory, clock: Clock) -> Report:
    verifier = BackupVerifier(outputs, clients, clock)
    backup = outputs.backup
    items: list[Any] = [
        verifier.vault(
            "primary",
            backup.vault_name,
            outputs.primary_region,
            lock_required=outputs.environment in LOCK_REQUIRED_ENVIRONMENTS,
        )
    ]
    if backup.dr_vault_name and outputs.dr_region:
        items.append(verifier.vault("dr", backup.dr_vault_name, outputs.dr_region, lock_required=False))
    items += [verifier.resource(arn) for arn in backup.protected_resource_arns]
    problems = [f"{item.label}: {problem}" for item in items for problem in item.problems]
    if not backup.protected_resource_arns:
        # An empty list would otherwise "pass" while verifying nothing.
        problems.append("backup.protected_resource_arns: empty in the outputs, so no backup was verified")
    return Report("backup verify", outputs.environment, clock.now(), items, problems)
