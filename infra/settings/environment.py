"""The three environments and the floors each one sets (DESIGN.md, "Environments").

Stack files may tighten these values; validation rejects anything looser. This table is the one home
of every per-environment minimum: the settings sections check against it, and a test holds each
environment's policy config (policies/config/<env>.json) at least as strict as it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Environment = Literal["dev", "staging", "prod"]
DAY = 86_400  # seconds
ENVIRONMENTS: tuple[Environment, ...] = ("dev", "staging", "prod")


@dataclass(frozen=True)
class EnvironmentFloor:
    """The least an environment may configure."""

    az_count: int
    nat_per_az: bool
    vpc_endpoints: bool
    key_deletion_window_days: int
    deletion_protection: bool
    log_retention_days: int  # flow logs and data-store logs (the cluster's audit log has its own floor)
    backup_retention_days: int  # Aurora automated backups and AWS Backup recovery points
    dr_strategies: tuple[str, ...]
    cluster_log_retention_days: int  # control-plane logs include the audit log (control 69, policies/controls.py)
    cluster_nodes: int  # managed node group min_size
    on_demand_nodes: bool  # spot capacity refused
    service_replicas: int  # least replicas of anything that serves traffic (control K13, policies/controls.py)
    database_readers: int  # Aurora readers besides the writer
    cache_nodes: int  # ElastiCache primary + replicas
    cache_snapshot_retention_days: int
    final_snapshot: bool  # database and cache snapshot on deletion
    private_cluster_endpoint: bool  # EKS API endpoint without public access CIDRs
    image_digest: bool  # images pinned by sha256 digest, not only by tag
    backup_safeguards: bool  # continuous backup, vault lock and restore testing all on
    secret_recovery_window_days: int
    max_rpo_minutes: int  # the loosest DR targets an environment may declare (DESIGN.md, "RPO / RTO target")
    max_rto_minutes: int | None  # None: no recovery-time target required
    # Queues and feature flags (docs/releases.md).
    queue_retention_seconds: int  # a work queue outlives a weekend of stopped consumers outside dev
    dead_letter_retention_seconds: int  # poison messages kept for the post-mortem (SQS's maximum outside dev)
    gradual_flag_rollouts: bool  # flag rollouts grow step by step, never all at once
    flag_rollback_alarms: bool  # at least one alarm watches every flag rollout (and rolls it back)
    flag_bake_minutes: int  # the alarms keep watching this long after the last step
    audit_lock_mode: str  # the trail bucket's Object Lock mode: COMPLIANCE may not be loosened to GOVERNANCE
    audit_retention_days: int  # Object Lock default retention of the trail's log files
    security_hub_standards: tuple[str, ...]  # standards Security Hub must run (where the stack owns the hub)
    paging_subscription: bool  # at least one alerts subscription receives pages


FLOORS: dict[str, EnvironmentFloor] = {
    "dev": EnvironmentFloor(
        az_count=2,
        nat_per_az=False,
        vpc_endpoints=False,
        key_deletion_window_days=7,
        deletion_protection=False,
        log_retention_days=30,
        backup_retention_days=7,
        dr_strategies=("none", "backup-restore", "pilot-light", "warm-standby"),
        cluster_log_retention_days=30,
        cluster_nodes=1,
        on_demand_nodes=False,
        service_replicas=1,
        database_readers=0,
        cache_nodes=1,
        cache_snapshot_retention_days=1,
        final_snapshot=False,
        private_cluster_endpoint=False,
        image_digest=False,
        backup_safeguards=False,
        secret_recovery_window_days=7,
        max_rpo_minutes=24 * 60,
        max_rto_minutes=None,
        queue_retention_seconds=DAY,
        dead_letter_retention_seconds=4 * DAY,
        gradual_flag_rollouts=False,
        flag_rollback_alarms=False,
        flag_bake_minutes=0,
        audit_lock_mode="GOVERNANCE",
        audit_retention_days=30,
        security_hub_standards=(),
        paging_subscription=False,
    ),
    "staging": EnvironmentFloor(
        az_count=3,
        nat_per_az=False,
        vpc_endpoints=True,
        key_deletion_window_days=14,
        deletion_protection=True,
        log_retention_days=30,
        backup_retention_days=14,
        dr_strategies=("backup-restore", "pilot-light", "warm-standby"),
        cluster_log_retention_days=90,
        cluster_nodes=2,
        on_demand_nodes=True,
        service_replicas=2,
        database_readers=1,
        cache_nodes=2,
        cache_snapshot_retention_days=1,
        final_snapshot=True,
        private_cluster_endpoint=True,
        image_digest=False,
        backup_safeguards=False,
        secret_recovery_window_days=7,
        max_rpo_minutes=24 * 60,
        max_rto_minutes=8 * 60,
        queue_retention_seconds=4 * DAY,
        dead_letter_retention_seconds=14 * DAY,
        gradual_flag_rollouts=True,
        flag_rollback_alarms=True,
        flag_bake_minutes=5,
        audit_lock_mode="GOVERNANCE",
        audit_retention_days=90,
        security_hub_standards=("fsbp", "cis"),
        paging_subscription=False,
    ),
    "prod": EnvironmentFloor(
        az_count=3,
        nat_per_az=True,
        vpc_endpoints=True,
        key_deletion_window_days=30,
        deletion_protection=True,
        log_retention_days=365,
        backup_retention_days=35,
        dr_strategies=("warm-standby",),
        cluster_log_retention_days=365,
        cluster_nodes=3,
        on_demand_nodes=True,
        service_replicas=3,
        database_readers=2,
        cache_nodes=3,
        cache_snapshot_retention_days=7,
        final_snapshot=True,
        private_cluster_endpoint=True,
        image_digest=True,
        backup_safeguards=True,
        secret_recovery_window_days=30,
        max_rpo_minutes=1,
        max_rto_minutes=30,
        queue_retention_seconds=4 * DAY,
        dead_letter_retention_seconds=14 * DAY,
        gradual_flag_rollouts=True,
        flag_rollback_alarms=True,
        flag_bake_minutes=10,
        audit_lock_mode="COMPLIANCE",
        audit_retention_days=365,
        security_hub_standards=("fsbp", "cis"),
        paging_subscription=True,
    ),
}


# Defaults of the observability settings that depend on the environment (a stack file may set any of
# them; the floors above still apply). Section -> key -> value, as in `observability:` of a stack file.
OBSERVABILITY_DEFAULTS: dict[Environment, dict[str, dict[str, object]]] = {
    "dev": {
        "slo": {"availability_percent": 99.0, "latency_p99_ms": 2000},
        "database_alarms": {"cpu_percent": 90, "freeable_memory_mib": 256, "connections": 200},
        "cache_alarms": {"engine_cpu_percent": 90, "memory_percent": 90, "evictions": 1000},
        "cluster_alarms": {"pending_pods_minutes": 30},
        "tracing": {"sampling_percent": 100.0},
        "container_insights": {"log_retention_days": 30},
        "trail": {"lock_mode": "GOVERNANCE", "retention_days": 30, "expire_after_days": 90},
        "database_audit": {"slow_statement_ms": 2000},
    },
    "staging": {
        "slo": {"availability_percent": 99.5, "latency_p99_ms": 1500},
        "database_alarms": {"cpu_percent": 85, "freeable_memory_mib": 512, "connections": 500},
        "cache_alarms": {"engine_cpu_percent": 85, "memory_percent": 85, "evictions": 500},
        "cluster_alarms": {"pending_pods_minutes": 15},
        "tracing": {"sampling_percent": 20.0},
        "container_insights": {"log_retention_days": 90},
        "trail": {"lock_mode": "GOVERNANCE", "retention_days": 90, "expire_after_days": 365},
        "database_audit": {"slow_statement_ms": 1000},
    },
    "prod": {
        "slo": {"availability_percent": 99.9, "latency_p99_ms": 1000},
        "database_alarms": {"cpu_percent": 80, "freeable_memory_mib": 1024, "connections": 1000},
        "cache_alarms": {"engine_cpu_percent": 80, "memory_percent": 80, "evictions": 100},
        "cluster_alarms": {"pending_pods_minutes": 10},
        "tracing": {"sampling_percent": 5.0},
        "container_insights": {"log_retention_days": 365},
        "trail": {"lock_mode": "COMPLIANCE", "retention_days": 365, "expire_after_days": 2557},
        "database_audit": {"slow_statement_ms": 500},
    },
}
