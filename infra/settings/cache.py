"""Cache settings: the ElastiCache (Valkey or Redis OSS) replication group of one environment."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from components.reference.cache import BURSTABLE_NODE_PREFIXES, ENGINE_VERSIONS, MAX_NODES
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS
from infra.settings.network import LogRetentionDays
from infra.settings.values import CacheNodeType


class CacheSettings(SettingsModel):
    """ElastiCache replication group; 2+ nodes turn on automatic failover and multi-AZ.

    Attributes:
        engine: valkey | redis. Default: valkey
        engine_version: Valkey 7.2/8.0/8.1, Redis 7.0/7.1. Default: "8.0"
        node_type: cache.<family>.<size>, e.g. cache.r7g.large, cache.t4g.small (no t* in prod).
            Default: "cache.r7g.large"
        nodes: Primary + replicas, 1-6 (dev >= 1, staging >= 2, prod >= 3). Default: 3
        snapshot_retention_days: 1-35 (prod >= 7). Default: 7
        final_snapshot: Snapshot on deletion (must be true outside dev). Default: true
        log_retention_days: Slow-log and engine-log retention (prod >= 365). Default: 365
    """

    engine: Literal["valkey", "redis"] = "valkey"
    engine_version: str = "8.0"
    node_type: CacheNodeType = "cache.r7g.large"
    nodes: int = Field(default=3, ge=1, le=MAX_NODES)
    snapshot_retention_days: int = Field(default=7, ge=1, le=35)
    final_snapshot: bool = True
    log_retention_days: LogRetentionDays = 365

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> CacheSettings:
        problems = ViolationCollector()
        versions = ENGINE_VERSIONS[self.engine]
        if self.engine_version not in versions:
            problems.add("engine_version", f"must be one of {list(versions)} for {self.engine}", self.engine_version)
        environment = environment_of(info)
        if environment is not None:
            floor = FLOORS[environment]
            problems.at_least("nodes", self.nodes, floor.cache_nodes, environment)
            problems.at_least(
                "snapshot_retention_days",
                self.snapshot_retention_days,
                floor.cache_snapshot_retention_days,
                environment,
            )
            problems.at_least("log_retention_days", self.log_retention_days, floor.log_retention_days, environment)
            if floor.final_snapshot and not self.final_snapshot:
                problems.add("final_snapshot", f"must be true in {environment}", self.final_snapshot)
            if environment == "prod" and self.node_type.startswith(BURSTABLE_NODE_PREFIXES):
                problems.add("node_type", "must not be a burstable (cache.t*) type in prod", self.node_type)
        problems.raise_if_any()
        return self
