"""Inputs of `Database` (components/data/database.py) and the Aurora PostgreSQL values they are checked against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi

from components.reference.aurora import (
    DB_NAME_PATTERN,
    MAX_READERS,
    MONITORING_INTERVALS,
    PERFORMANCE_INSIGHTS_RETENTION_DAYS,
    RESERVED_USERNAMES,
    SERVERLESS_CLASS,
    engine_version_problem,
    global_class_problem,
    instance_class_problem,
)
from components.reference.secrets import MAX_ROTATION_DAYS
from components.support.validation import require_between, require_other_region


def _require(field: str, value: object, problem: str | None) -> None:
    if problem is not None:
        raise ValueError(f"{field}: {problem} (got {value!r})")


@dataclass(frozen=True, kw_only=True)
class ServerlessCapacity:
    """Serverless v2 capacity range in Aurora capacity units (ACU), 0-256 in steps of 0.5.

    Attributes:
        min_acu: Smallest capacity. Default: 0.5
        max_acu: Largest capacity. Default: 4
    """

    min_acu: float = 0.5
    max_acu: float = 4

    def __post_init__(self) -> None:
        for field, value in (("min_acu", self.min_acu), ("max_acu", self.max_acu)):
            if not 0 <= value <= 256 or (value * 2) != int(value * 2):
                raise ValueError(f"ServerlessCapacity.{field}: must be 0-256 in steps of 0.5 (got {value})")
        if self.min_acu > self.max_acu:
            raise ValueError(f"ServerlessCapacity.min_acu: must be <= max_acu ({self.max_acu}) (got {self.min_acu})")


@dataclass(frozen=True, kw_only=True)
class ReaderAutoscalingArgs:
    """Application Auto Scaling of the reader count on average reader CPU.

    Attributes:
        max_readers: Most readers autoscaling may run, 1-15.
        target_cpu_percent: Average reader CPU to hold, 10-90. Default: 70
        cooldown_seconds: Wait between scaling steps, 60-3600. Default: 300
    """

    max_readers: int
    target_cpu_percent: int = 70
    cooldown_seconds: int = 300

    def __post_init__(self) -> None:
        require_between("ReaderAutoscalingArgs.max_readers", self.max_readers, 1, MAX_READERS)
        require_between("ReaderAutoscalingArgs.target_cpu_percent", self.target_cpu_percent, 10, 90)
        require_between("ReaderAutoscalingArgs.cooldown_seconds", self.cooldown_seconds, 60, 3600)


@dataclass(frozen=True, kw_only=True)
class GlobalReplicaArgs:
    """A secondary cluster in the DR region, joined to the primary through an Aurora global database.

    Attributes:
        provider: Provider of the DR region.
        region: The DR region.
        vpc_id: VPC of the DR region (for the secondary's security group).
        subnet_ids: Isolated subnets of the DR VPC, in at least two AZs.
        kms_key_arn: Data CMK replica in the DR region (storage and Performance Insights).
        logs_kms_key_arn: Logs CMK replica in the DR region (log exports).
        secrets_kms_key_arn: Secrets CMK replica in the DR region (replica of the master credential).
        instance_count: Instances of the secondary (warm standby keeps it small), 1-16. Default: 1
        instance_class: Instance class of the secondary. Default: - the primary's class.
    """

    provider: pulumi.ProviderResource
    region: str
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]
    kms_key_arn: pulumi.Input[str]
    logs_kms_key_arn: pulumi.Input[str]
    secrets_kms_key_arn: pulumi.Input[str]
    instance_count: int = 1
    instance_class: str | None = None

    def __post_init__(self) -> None:
        if len(self.subnet_ids) < 2:
            raise ValueError(
                f"GlobalReplicaArgs.subnet_ids: must list subnets in at least 2 AZs (got {len(self.subnet_ids)})"
            )
        require_between("GlobalReplicaArgs.instance_count", self.instance_count, 1, MAX_READERS + 1)
        if self.instance_class is not None:
            _require(
                "GlobalReplicaArgs.instance_class", self.instance_class, instance_class_problem(self.instance_class)
            )
            _require("GlobalReplicaArgs.instance_class", self.instance_class, global_class_problem(self.instance_class))


@dataclass(frozen=True, kw_only=True)
class DatabaseAuditArgs:
    """Database audit through pgaudit and statement logging (components/reference/pgaudit.py).

    Attributes:
        slow_statement_ms: Statements slower than this are logged, 100-600000 ms. Default: 1000
        sensitive_data: No bound parameter values in any log line. Default: true
    """

    slow_statement_ms: int = 1000
    sensitive_data: bool = True

    def __post_init__(self) -> None:
        require_between("DatabaseAuditArgs.slow_statement_ms", self.slow_statement_ms, 100, 600_000)


@dataclass(frozen=True, kw_only=True)
class MasterRotationArgs:
    """Rotation of a global database's master credential by the rotation function AWS publishes for
    Aurora PostgreSQL (single user), which the database deploys in its isolated subnets.

    Attributes:
        secrets_endpoint_security_group_id: Security group of the VPC's Secrets Manager interface
            endpoint (the isolated subnets reach Secrets Manager only through it).
        every_days: Days between rotations, 1-90. Default: 30
    """

    secrets_endpoint_security_group_id: pulumi.Input[str]
    every_days: int = 30

    def __post_init__(self) -> None:
        require_between("MasterRotationArgs.every_days", self.every_days, 1, MAX_ROTATION_DAYS)


@dataclass(frozen=True, kw_only=True)
class DatabaseArgs:
    """Inputs for `Database`.

    Attributes:
        region: The primary region.
        vpc_id: VPC of the database's security group.
        subnet_ids: Isolated subnets in at least two AZs (the DB subnet group).
        availability_zones: AZs to place the writer and readers in, one instance per AZ.
        kms_key_arn: Data CMK: storage, Performance Insights and the event topic.
        secrets_kms_key_arn: Secrets CMK: the master credential secret.
        logs_kms_key_arn: Logs CMK: the log-export log group.
        engine_version: Aurora PostgreSQL version, major 14-17. Default: "16.8"
        instance_class: Instance class of every instance. Default: "db.r7g.large"
        serverless_capacity: Serverless v2 ACU range; required when instance_class is db.serverless.
            Default: - none (provisioned instances).
        reader_count: Readers besides the writer, each in its own AZ, 0-15. Default: 0
        reader_autoscaling: Reader autoscaling on CPU. Default: - a fixed reader count.
        backup_retention_days: Automated backups and point-in-time restore window, 1-35. Default: 35
        preferred_backup_window: Daily UTC backup window. Default: "03:00-04:00"
        preferred_maintenance_window: Weekly UTC maintenance window. Default: "sun:05:00-sun:06:00"
        deletion_protection: Refuse deletion through the RDS API. Default: true
        final_snapshot: Take a snapshot named `<name>-final` when the cluster is deleted. Default: true
        protect: Pulumi `protect` on the cluster(s): no `pulumi destroy` without unprotecting first.
            Default: false
        monitoring_interval: Enhanced monitoring interval in seconds, one of 1/5/10/15/30/60. Default: 60
        performance_insights_retention_days: 7, a multiple of 31 up to 713, or 731. Default: 7
        log_retention_days: Retention of the exported PostgreSQL log. Default: 365
        master_username: Administrator name (not postgres/admin/root/...). Default: "bulkhead_admin"
        database_name: Database created with the cluster. Default: "app"
        port: PostgreSQL port. Default: 5432
        global_replica: DR secondary through an Aurora global database (not on db.t* classes).
            Default: - no DR replica; the master password is then managed (and rotated every 7 days) by
            RDS in Secrets Manager.
        master_secret_rotation: Rotation of the master credential secret that a global database uses
            instead, by AWS's published rotation function deployed with the database; only with
            global_replica. Default: - no rotation (rotate by bumping MASTER_PASSWORD_VERSION).
        audit: pgaudit (DDL and role changes; reads and writes of tables granted to rds_pgaudit),
            connection and slow-statement logging, on the primary and the DR secondary.
            Default: - on, slow statements over 1 s, no bound parameter values logged.
    """

    region: str
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]
    availability_zones: Sequence[pulumi.Input[str]]
    kms_key_arn: pulumi.Input[str]
    secrets_kms_key_arn: pulumi.Input[str]
    logs_kms_key_arn: pulumi.Input[str]
    engine_version: str = "16.8"
    instance_class: str = "db.r7g.large"
    serverless_capacity: ServerlessCapacity | None = None
    reader_count: int = 0
    reader_autoscaling: ReaderAutoscalingArgs | None = None
    backup_retention_days: int = 35
    preferred_backup_window: str = "03:00-04:00"
    preferred_maintenance_window: str = "sun:05:00-sun:06:00"
    deletion_protection: bool = True
    final_snapshot: bool = True
    protect: bool = False
    monitoring_interval: int = 60
    performance_insights_retention_days: int = 7
    log_retention_days: int = 365
    master_username: str = "bulkhead_admin"
    database_name: str = "app"
    port: int = 5432
    global_replica: GlobalReplicaArgs | None = None
    master_secret_rotation: MasterRotationArgs | None = None
    audit: DatabaseAuditArgs = DatabaseAuditArgs()

    def __post_init__(self) -> None:
        _require("DatabaseArgs.engine_version", self.engine_version, engine_version_problem(self.engine_version))
        _require("DatabaseArgs.instance_class", self.instance_class, instance_class_problem(self.instance_class))
        if (self.instance_class == SERVERLESS_CLASS) != (self.serverless_capacity is not None):
            raise ValueError(
                f"DatabaseArgs.serverless_capacity: required exactly when instance_class is "
                f"{SERVERLESS_CLASS} (instance_class {self.instance_class!r})"
            )
        if len(self.subnet_ids) < 2:
            raise ValueError(
                f"DatabaseArgs.subnet_ids: must list subnets in at least 2 AZs (got {len(self.subnet_ids)})"
            )
        require_between("DatabaseArgs.reader_count", self.reader_count, 0, MAX_READERS)
        if self.reader_count + 1 > len(self.availability_zones):
            raise ValueError(
                f"DatabaseArgs.reader_count: every instance needs its own AZ; at most "
                f"{len(self.availability_zones) - 1} reader(s) over {len(self.availability_zones)} AZs "
                f"(got {self.reader_count})"
            )
        if self.reader_autoscaling is not None and self.reader_autoscaling.max_readers < max(self.reader_count, 1):
            raise ValueError(
                f"DatabaseArgs.reader_autoscaling.max_readers: must be >= reader_count "
                f"({self.reader_count}) and >= 1 (got {self.reader_autoscaling.max_readers})"
            )
        require_between("DatabaseArgs.backup_retention_days", self.backup_retention_days, 1, 35)
        if self.monitoring_interval not in MONITORING_INTERVALS:
            raise ValueError(
                f"DatabaseArgs.monitoring_interval: must be one of {list(MONITORING_INTERVALS)} "
                f"(got {self.monitoring_interval})"
            )
        if self.performance_insights_retention_days not in PERFORMANCE_INSIGHTS_RETENTION_DAYS:
            raise ValueError(
                f"DatabaseArgs.performance_insights_retention_days: must be 7, a multiple of 31 up to "
                f"713, or 731 (got {self.performance_insights_retention_days})"
            )
        if self.master_username.lower() in RESERVED_USERNAMES or not DB_NAME_PATTERN.match(self.master_username):
            raise ValueError(
                f"DatabaseArgs.master_username: must be a lowercase identifier other than "
                f"{sorted(RESERVED_USERNAMES)} (got {self.master_username!r})"
            )
        if not DB_NAME_PATTERN.match(self.database_name):
            raise ValueError(
                f"DatabaseArgs.database_name: must match {DB_NAME_PATTERN.pattern} (got {self.database_name!r})"
            )
        require_between("DatabaseArgs.port", self.port, 1150, 65535)
        if self.master_secret_rotation is not None and self.global_replica is None:
            raise ValueError(
                "DatabaseArgs.master_secret_rotation: only with global_replica (without one, RDS manages and "
                "rotates the master secret itself)"
            )
        if self.global_replica is not None:
            _require("DatabaseArgs.instance_class", self.instance_class, global_class_problem(self.instance_class))
            require_other_region("DatabaseArgs.global_replica.region", self.global_replica.region, self.region)
