"""The three environments and the floors each one sets (DESIGN.md, "Environments").

Stack files may tighten these values; validation rejects anything looser. Keeping every
per-environment minimum in one table makes the policy of each environment readable at a glance.
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
    dr_strategies: tuple[str, ...]


FLOORS: dict[Environment, EnvironmentFloor] = {
    "dev": EnvironmentFloor(
        az_count=2,
        nat_per_az=False,
        vpc_endpoints=False,
        key_deletion_window_days=7,
        deletion_protection=False,
        dr_strategies=("none", "backup-restore", "pilot-light", "warm-standby"),
    ),
    "staging": EnvironmentFloor(
        az_count=3,
        nat_per_az=False,
        vpc_endpoints=True,
        key_deletion_window_days=14,
        deletion_protection=True,
        dr_strategies=("backup-restore", "pilot-light", "warm-standby"),
    ),
    "prod": EnvironmentFloor(
        az_count=3,
        nat_per_az=True,
        vpc_endpoints=True,
        key_deletion_window_days=30,
        deletion_protection=True,
        dr_strategies=("warm-standby",),
    ),
}
