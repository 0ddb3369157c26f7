"""Release settings: feature flags on AppConfig, how their rollouts grow, and the workloads' rollout limits."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator, model_validator

from components.reference import appconfig as facts
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS
from infra.settings.services import ComputeQuantities, ImageSettings, ResourceSettings

# A rollout of the services must outlast the startup probe's 150 s (components/kubernetes/service.py).
MIN_PROGRESS_DEADLINE_SECONDS = 180


class FlagSettings(SettingsModel):
    """One feature flag and its initial value in this environment.

    Attributes:
        key: What the code asks for: a lowercase letter, then letters, digits, `_` or `-` (at most 64).
        name: Human name, at most 64 characters. Default: - the key.
        description: What the flag turns on, at most 1024 characters. Default: - none.
        enabled: Its value when the stack deploys this version of the flags. Default: false
    """

    key: str = Field(pattern=facts.FLAG_KEY.pattern)
    name: str | None = Field(default=None, min_length=1, max_length=facts.FLAG_NAME_MAX)
    description: str = Field(default="", max_length=facts.FLAG_DESCRIPTION_MAX)
    enabled: bool = False


class StrategySettings(SettingsModel):
    """How a new version of the flags reaches the services (an AppConfig deployment strategy).

    Attributes:
        duration_minutes: Minutes over which the version grows to every target, 0-1440.
        growth_factor: Percent of targets added at each step, 1-100 (100 with duration 0: all at once,
            dev only).
        growth_type: LINEAR or EXPONENTIAL. Default: LINEAR
        final_bake_time_minutes: Minutes the alarms keep watching at 100% before the rollout completes,
            0-1440 (>= 5 in staging, >= 10 in prod).
    """

    duration_minutes: int = Field(ge=facts.DEPLOYMENT_DURATION_MINUTES[0], le=facts.DEPLOYMENT_DURATION_MINUTES[1])
    growth_factor: float = Field(ge=facts.GROWTH_FACTOR_PERCENT[0], le=facts.GROWTH_FACTOR_PERCENT[1])
    growth_type: str = "LINEAR"
    final_bake_time_minutes: int = Field(ge=facts.FINAL_BAKE_TIME_MINUTES[0], le=facts.FINAL_BAKE_TIME_MINUTES[1])

    @field_validator("growth_type")
    @classmethod
    def _known_growth(cls, value: str) -> str:
        if value not in facts.GROWTH_TYPES:
            raise ValueError(f"must be one of {list(facts.GROWTH_TYPES)}")
        return value

    @model_validator(mode="after")
    def _gradual_outside_dev(self, info: ValidationInfo) -> StrategySettings:
        environment = environment_of(info)
        if environment is None:
            return self
        problems = ViolationCollector()
        floor = FLOORS[environment]
        if floor.gradual_flag_rollouts:
            if self.growth_factor >= 100:
                problems.add(
                    "growth_factor", f"must be < 100 in {environment} (roll out step by step)", self.growth_factor
                )
            if self.duration_minutes == 0:
                problems.add(
                    "duration_minutes", f"must be > 0 in {environment} (roll out step by step)", self.duration_minutes
                )
        # A rollout rolls itself back only until it completes: the bake keeps the alarms watching at 100%.
        problems.at_least("final_bake_time_minutes", self.final_bake_time_minutes, floor.flag_bake_minutes, environment)
        problems.raise_if_any()
        return self


class ReleaseSettings(SettingsModel):
    """Feature flags on AWS AppConfig (components/releases), read by services through the AppConfig Agent.

    Attributes:
        flags: The flags and their initial values (at least one).
        strategy: How a new version of the flags rolls out in this environment.
        agent_image: The AppConfig Agent image, pinned by digest in every environment.
        agent_poll_interval_seconds: Seconds between the agent's polls, 15-3600. Default: 45
        agent_resources: Requests and limits of the agent sidecar. Default: - 50m/64Mi requested,
            200m/128Mi limits.
    """

    flags: tuple[FlagSettings, ...] = Field(min_length=1)
    strategy: StrategySettings
    agent_image: ImageSettings
    agent_poll_interval_seconds: int = Field(
        default=facts.DEFAULT_AGENT_POLL_INTERVAL_SECONDS,
        ge=facts.AGENT_POLL_INTERVAL_SECONDS[0],
        le=facts.AGENT_POLL_INTERVAL_SECONDS[1],
    )
    agent_resources: ResourceSettings = ResourceSettings(
        requests=ComputeQuantities(cpu="50m", memory="64Mi"), limits=ComputeQuantities(cpu="200m", memory="128Mi")
    )

    @model_validator(mode="after")
    def _consistent(self) -> ReleaseSettings:
        problems = ViolationCollector()
        keys = [flag.key for flag in self.flags]
        for index, key in enumerate(keys):
            if keys.index(key) != index:
                problems.add(("flags", index, "key"), "must be unique among flags", key)
        if self.agent_image.digest is None:
            problems.add(
                ("agent_image", "digest"),
                "is required (the sidecar is pinned by digest in every environment; see docs/releases.md)",
                None,
            )
        problems.raise_if_any()
        return self


class RolloutSettings(SettingsModel):
    """How long a workload rollout may take before Kubernetes fails it (every Deployment).

    Attributes:
        progress_deadline_seconds: Seconds without progress before the rollout is marked failed and the
            update fails, 180-3600, > min_ready_seconds. Default: 600
        min_ready_seconds: Seconds a new pod must stay ready before it counts as available, 0-600. Default: 10
    """

    progress_deadline_seconds: int = Field(default=600, ge=MIN_PROGRESS_DEADLINE_SECONDS, le=3600)
    min_ready_seconds: int = Field(default=10, ge=0, le=600)

    @model_validator(mode="after")
    def _deadline_after_ready(self) -> RolloutSettings:
        if self.progress_deadline_seconds <= self.min_ready_seconds:
            raise ValueError(
                f"progress_deadline_seconds ({self.progress_deadline_seconds}) must be greater than "
                f"min_ready_seconds ({self.min_ready_seconds})"
            )
        return self
