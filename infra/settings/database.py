"""Database settings: the Aurora PostgreSQL cluster of one environment."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator, model_validator

from components.reference.aurora import (
    BURSTABLE_PREFIXES,
    MAX_READERS,
    MONITORING_INTERVALS,
    PERFORMANCE_INSIGHTS_RETENTION_DAYS,
    RESERVED_USERNAMES,
    SERVERLESS_CLASS,
    engine_version_problem,
    instance_class_problem,
)
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS
from infra.settings.network import LogRetentionDays
from infra.settings.secrets import MasterRotationSettings

# The component's own checks, so that settings and `DatabaseArgs` accept exactly the same values.
AURORA_VALUE_PROBLEMS = {"engine_version": engine_version_problem, "instance_class": instance_class_problem}


class ServerlessSettings(SettingsModel):
    """Serverless v2 capacity in ACUs (with `instance_class: db.serverless`)."""

    min_acu: float = Field(default=0.5, ge=0, le=256, multiple_of=0.5)
    max_acu: float = Field(default=4, ge=0.5, le=256, multiple_of=0.5)

    @model_validator(mode="after")
    def _min_not_above_max(self) -> ServerlessSettings:
        if self.min_acu > self.max_acu:
            raise ValueError(f"min_acu ({self.min_acu}) must be <= max_acu ({self.max_acu})")
        return self


class ReaderAutoscalingSettings(SettingsModel):
    """Reader autoscaling on average reader CPU (required in prod)."""

    max_readers: int = Field(ge=1, le=MAX_READERS)
    target_cpu_percent: int = Field(default=70, ge=10, le=90)


class DatabaseSettings(SettingsModel):
    """Aurora PostgreSQL: writer + `readers`, each instance in its own AZ.

    Attributes:
        engine_version: Aurora PostgreSQL <major>.<minor>, major 14-17. Default: "16.8"
        instance_class: An Aurora PostgreSQL class (db.r7g.large, db.t4g.medium, db.serverless, ...).
            Default: "db.r7g.large"
        serverless: ACU range; required with db.serverless. Default: - none.
        readers: Readers besides the writer (dev >= 0, staging >= 1, prod >= 2). Default: 2
        reader_autoscaling: CPU-based reader autoscaling (required in prod). Default: - none.
        backup_retention_days: 1-35 (dev >= 7, staging >= 14, prod >= 35). Default: 35
        monitoring_interval: Enhanced monitoring seconds: 1, 5, 10, 15, 30 or 60. Default: 60
        performance_insights_retention_days: 7, a multiple of 31 up to 713, or 731. Default: 7
        log_retention_days: Exported PostgreSQL log retention (prod >= 365). Default: 365
        final_snapshot: Snapshot on deletion (must be true outside dev). Default: true
        master_username: Administrator name, not postgres/admin/root/... Default: "bulkhead_admin"
        database_name: The database created with the cluster. Default: "app"
        master_secret_rotation: Rotation of the master credential when the DR strategy makes the cluster
            part of a global database (required then: RDS cannot manage the password of a global
            cluster); the blueprint deploys AWS's rotation function for it. Default: - none (RDS manages
            and rotates the master secret).
    """

    engine_version: str = "16.8"
    instance_class: str = "db.r7g.large"
    serverless: ServerlessSettings | None = None
    readers: int = Field(default=2, ge=0, le=MAX_READERS)
    reader_autoscaling: ReaderAutoscalingSettings | None = None
    backup_retention_days: int = Field(default=35, ge=1, le=35)
    monitoring_interval: int = 60
    performance_insights_retention_days: int = 7
    log_retention_days: LogRetentionDays = 365
    final_snapshot: bool = True
    master_username: str = Field(default="bulkhead_admin", pattern=r"^[a-z_][a-z0-9_]{0,62}\Z")
    database_name: str = Field(default="app", pattern=r"^[a-z_][a-z0-9_]{0,62}\Z")
    master_secret_rotation: MasterRotationSettings | None = None

    @field_validator("engine_version", "instance_class")
    @classmethod
    def _known_to_aurora(cls, value: str, info: ValidationInfo) -> str:
        problem = AURORA_VALUE_PROBLEMS[str(info.field_name)](value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("monitoring_interval")
    @classmethod
    def _monitoring_interval(cls, value: int) -> int:
        if value not in MONITORING_INTERVALS:
            raise ValueError(f"must be one of {list(MONITORING_INTERVALS)}")
        return value

    @field_validator("performance_insights_retention_days")
    @classmethod
    def _insights_retention(cls, value: int) -> int:
        if value not in PERFORMANCE_INSIGHTS_RETENTION_DAYS:
            raise ValueError("must be 7, a multiple of 31 up to 713, or 731")
        return value

    @field_validator("master_username")
    @classmethod
    def _not_well_known(cls, value: str) -> str:
        if value in RESERVED_USERNAMES:
            raise ValueError(f"must not be a well-known administrator name {sorted(RESERVED_USERNAMES)}")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> DatabaseSettings:
        problems = ViolationCollector()
        if (self.instance_class == SERVERLESS_CLASS) != (self.serverless is not None):
            problems.add(
                "serverless",
                f"is required exactly when instance_class is {SERVERLESS_CLASS}",
                self.serverless,
            )
        if self.reader_autoscaling is not None and self.reader_autoscaling.max_readers < max(self.readers, 1):
            problems.add(
                ("reader_autoscaling", "max_readers"),
                f"must be >= readers ({self.readers}) and >= 1",
                self.reader_autoscaling.max_readers,
            )
        environment = environment_of(info)
        if environment is not None:
            self._meets_floor(environment, problems)
        problems.raise_if_any()
        return self

    def _meets_floor(self, environment: str, problems: ViolationCollector) -> None:
        floor = FLOORS[environment]
        problems.at_least("readers", self.readers, floor.database_readers, environment)
        problems.at_least("backup_retention_days", self.backup_retention_days, floor.backup_retention_days, environment)
        problems.at_least("log_retention_days", self.log_retention_days, floor.log_retention_days, environment)
        if floor.final_snapshot and not self.final_snapshot:
            problems.add("final_snapshot", f"must be true in {environment}", self.final_snapshot)
        if environment == "prod":
            if self.reader_autoscaling is None:
                problems.add("reader_autoscaling", "is required in prod", None)
            if self.instance_class.startswith(BURSTABLE_PREFIXES):
                problems.add("instance_class", "must not be a burstable (db.t*) class in prod", self.instance_class)
