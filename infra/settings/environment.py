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
    ),
}
