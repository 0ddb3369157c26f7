"""AWS Backup settings: schedule, retention, continuous backup, vault lock and restore testing."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator, model_validator

from components.reference.schedules import MINUTES_PER_DAY, ScheduleError, max_interval_minutes
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS

MAX_RETENTION_DAYS = 36500  # AWS Backup's ceiling for a lifecycle
MAX_INTERVAL_MINUTES = MINUTES_PER_DAY  # control 60, policies/controls.py: at least daily
MIN_CHANGEABLE_FOR_DAYS = 3  # AWS refuses a compliance-mode lock with a shorter grace time
SAFEGUARDS = ("continuous_backup", "vault_lock", "restore_testing")


class BackupSettings(SettingsModel):
    """AWS Backup for every data store of the stack (copies go to the DR region when it has one).

    Attributes:
        schedule: AWS cron expression of the snapshot rule; must run at least daily.
            Default: cron(0 5 ? * * *) (daily, 05:00 UTC)
        retention_days: Days a snapshot recovery point is kept. Default: 35
        dr_copy_retention_days: Days a copy in the DR region is kept. Default: - same as retention_days.
        continuous_backup: Continuous backup (point-in-time restore) for Aurora. Default: true
        vault_lock: Vault lock in compliance mode on the vaults (required in prod). Default: true
        vault_lock_changeable_for_days: Grace time before a compliance-mode lock becomes immutable,
            3-36500. Default: 3
        restore_testing: A weekly AWS Backup restore test of the databases (required in prod).
            Default: true
    """

    schedule: str = "cron(0 5 ? * * *)"
    retention_days: int = Field(default=35, ge=1, le=MAX_RETENTION_DAYS)
    dr_copy_retention_days: int | None = Field(default=None, ge=1, le=MAX_RETENTION_DAYS)
    continuous_backup: bool = True
    vault_lock: bool = True
    vault_lock_changeable_for_days: int = Field(
        default=MIN_CHANGEABLE_FOR_DAYS, ge=MIN_CHANGEABLE_FOR_DAYS, le=MAX_RETENTION_DAYS
    )
    restore_testing: bool = True

    @field_validator("schedule")
    @classmethod
    def _at_least_daily(cls, value: str) -> str:
        try:
            interval = max_interval_minutes(value)
        except ScheduleError as error:
            raise ValueError(str(error)) from None
        if interval > MAX_INTERVAL_MINUTES:
            raise ValueError(f"must run at least daily (runs up to {interval} minutes apart)")
        return value

    @property
    def copy_retention_days(self) -> int:
        return self.dr_copy_retention_days or self.retention_days

    @model_validator(mode="after")
    def _meets_environment_floor(self, info: ValidationInfo) -> BackupSettings:
        environment = environment_of(info)
        if environment is None:
            return self
        problems = ViolationCollector()
        floor = FLOORS[environment]
        problems.at_least("retention_days", self.retention_days, floor.backup_retention_days, environment)
        if self.dr_copy_retention_days is not None:
            problems.at_least(
                "dr_copy_retention_days", self.dr_copy_retention_days, floor.backup_retention_days, environment
            )
        if floor.backup_safeguards:
            for field in SAFEGUARDS:
                if not getattr(self, field):
                    problems.add(field, f"must be true in {environment}", getattr(self, field))
        problems.raise_if_any()
        return self
