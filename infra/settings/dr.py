"""Disaster-recovery settings: the strategy, the DR region and the RPO/RTO targets it must meet."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS
from infra.settings.network import NetworkSettings
from infra.settings.values import Region

DrStrategy = Literal["none", "backup-restore", "pilot-light", "warm-standby"]
# Strategies that keep data replicated in a standing DR network.
REPLICATING_STRATEGIES = ("pilot-light", "warm-standby")

MIN_STANDBY_NODES = 2  # control 42, policies/controls.py: a node group keeps at least two nodes


class StandbySettings(SettingsModel):
    """The scaled-down cluster of a warm standby (same version, add-ons and services as the primary).

    Attributes:
        min_nodes: Nodes kept running in the DR region, >= 2.
        max_nodes: Most nodes the autoscaler grows to on failover; >= min_nodes, <= 100.
    """

    min_nodes: int = Field(ge=MIN_STANDBY_NODES, le=100)
    max_nodes: int = Field(ge=MIN_STANDBY_NODES, le=100)

    @model_validator(mode="after")
    def _min_not_above_max(self) -> StandbySettings:
        if self.min_nodes > self.max_nodes:
            raise ValueError(f"min_nodes ({self.min_nodes}) must be <= max_nodes ({self.max_nodes})")
        return self


class DrSettings(SettingsModel):
    """How this environment survives the loss of its region.

    Attributes:
        strategy: none | backup-restore | pilot-light | warm-standby. Default: none.
        region: The DR region. Required unless the strategy is none; must differ from aws:region.
        rpo_minutes: Target recovery point objective. Default: 1440 (24 h).
        rto_minutes: Target recovery time objective. Default: - best effort (allowed in dev only).
        network: The VPC in the DR region (same fields and environment floors as `network`); required
            for pilot-light and warm-standby, unused otherwise. Default: - none.
        standby: The scaled-down cluster of a warm standby; required for warm-standby, unused
            otherwise. Default: - none.
        image_replication: This stack owns the account's ECR replication of `<app>/*` images to the DR
            region. ECR has one replication configuration per registry, so exactly one stack per account
            and app prefix may own it; set false on the others. Default: true
    """

    strategy: DrStrategy = "none"
    region: Region | None = None
    rpo_minutes: int = Field(default=24 * 60, ge=1, le=7 * 24 * 60)
    rto_minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60)
    network: NetworkSettings | None = None
    standby: StandbySettings | None = None
    image_replication: bool = True

    @model_validator(mode="after")
    def _consistent_with_environment(self, info: ValidationInfo) -> DrSettings:
        problems = ViolationCollector()
        primary_region = (info.context or {}).get("region")
        if self.strategy != "none" and self.region is None:
            problems.add("region", f"is required when strategy is '{self.strategy}'", self.region)
        if self.strategy == "none" and self.region is not None:
            # A region without a strategy would still get a DR provider and multi-region keys.
            problems.add("region", "is only used with a strategy other than 'none'", self.region)
        if self.region is not None and self.region == primary_region:
            problems.add("region", f"must differ from the primary region aws:region ({primary_region})", self.region)
        if self.strategy in REPLICATING_STRATEGIES and self.network is None:
            problems.add("network", f"is required when strategy is '{self.strategy}'", self.network)
        if self.strategy not in REPLICATING_STRATEGIES and self.network is not None:
            problems.add("network", f"is only used with strategy {' or '.join(REPLICATING_STRATEGIES)}", self.strategy)
        if (self.strategy == "warm-standby") != (self.standby is not None):
            message = (
                "is required when strategy is 'warm-standby'"
                if self.standby is None
                else "is only used with strategy warm-standby"
            )
            problems.add("standby", message, self.standby if self.standby is None else self.strategy)
        environment = environment_of(info)
        if environment is not None:
            floor = FLOORS[environment]
            allowed = floor.dr_strategies
            if self.strategy not in allowed:
                problems.add("strategy", f"must be one of {list(allowed)} in {environment}", self.strategy)
            max_rpo = floor.max_rpo_minutes
            if self.rpo_minutes > max_rpo:
                problems.add("rpo_minutes", f"must be <= {max_rpo} in {environment}", self.rpo_minutes)
            max_rto = floor.max_rto_minutes
            if max_rto is not None and (self.rto_minutes is None or self.rto_minutes > max_rto):
                problems.add("rto_minutes", f"must be <= {max_rto} in {environment}", self.rto_minutes)
        problems.raise_if_any()
        return self
