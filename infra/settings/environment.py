"""The three environments and the floors each one sets (DESIGN.md, "Environments").

Stack files may tighten these values; validation rejects anything looser. This table holds the
floors that apply across sections (every log group, every backup retention); a floor that only one
section has stays beside that section's model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Environment = Literal["dev", "staging", "prod"]
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


FLOORS: dict[Environment, EnvironmentFloor] = {
    "dev": EnvironmentFloor(
        az_count=2,
        nat_per_az=False,
        vpc_endpoints=False,
        key_deletion_window_days=7,
        deletion_protection=False,
        log_retention_days=30,
        backup_retention_days=7,
        dr_strategies=("none", "backup-restore", "pilot-light", "warm-standby"),
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
    ),
}
