"""Disaster-recovery settings: the strategy, the DR region and the RPO/RTO targets it must meet."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS

DrStrategy = Literal["none", "backup-restore", "pilot-light", "warm-standby"]
AWS_REGION_PATTERN = r"^[a-z]{2}(-gov)?-[a-z]+-\d$"

# The loosest targets each environment may declare (DESIGN.md, "RPO / RTO target").
MAX_RPO_MINUTES = {"dev": 24 * 60, "staging": 24 * 60, "prod": 1}
MAX_RTO_MINUTES = {"dev": None, "staging": 8 * 60, "prod": 30}


class DrSettings(SettingsModel):
    """How this environment survives the loss of its region.

    Attributes:
        strategy: none | backup-restore | pilot-light | warm-standby. Default: none.
        region: The DR region. Required unless the strategy is none; must differ from aws:region.
        rpo_minutes: Target recovery point objective. Default: 1440 (24 h).
        rto_minutes: Target recovery time objective. Default: - best effort (allowed in dev only).
    """

    strategy: DrStrategy = "none"
    region: str | None = Field(default=None, pattern=AWS_REGION_PATTERN)
    rpo_minutes: int = Field(default=24 * 60, ge=1, le=7 * 24 * 60)
    rto_minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60)

    @model_validator(mode="after")
    def _consistent_with_environment(self, info: ValidationInfo) -> DrSettings:
        problems = ViolationCollector()
        primary_region = (info.context or {}).get("region")
        if self.strategy != "none" and self.region is None:
            problems.add("region", f"is required when strategy is '{self.strategy}'", self.region)
        if self.region is not None and self.region == primary_region:
            problems.add("region", f"must differ from the primary region aws:region ({primary_region})", self.region)
        environment = environment_of(info)
        if environment is not None:
            allowed = FLOORS[environment].dr_strategies
            if self.strategy not in allowed:
                problems.add("strategy", f"must be one of {list(allowed)} in {environment}", self.strategy)
            max_rpo = MAX_RPO_MINUTES[environment]
            if self.rpo_minutes > max_rpo:
                problems.add("rpo_minutes", f"must be <= {max_rpo} in {environment}", self.rpo_minutes)
            max_rto = MAX_RTO_MINUTES[environment]
            if max_rto is not None and (self.rto_minutes is None or self.rto_minutes > max_rto):
                problems.add("rto_minutes", f"must be <= {max_rto} in {environment}", self.rto_minutes)
        problems.raise_if_any()
        return self
