"""The root settings model of one stack: everything under `bulkhead:settings`, plus `aws:region`."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator, model_validator

from components.reference.tags import MAX_TAGS_PER_RESOURCE, tag_key_problem, tag_value_problem
from infra.settings.async_checks import check_async_work
from infra.settings.backup import BackupSettings
from infra.settings.base import SettingsModel, ViolationCollector, run_checks
from infra.settings.cache import CacheSettings
from infra.settings.cluster import ClusterSettings
from infra.settings.data_checks import DATA_TIER_CHECKS
from infra.settings.database import DatabaseSettings
from infra.settings.dr import DrSettings
from infra.settings.environment import FLOORS, Environment
from infra.settings.front_door import FrontDoorSettings, check_front_door
from infra.settings.identity import IdentitySettings, check_identity
from infra.settings.keys import KeySettings
from infra.settings.network import NetworkSettings
from infra.settings.observability import ObservabilitySettings, check_observability, defaulted_section
from infra.settings.queues import QueueList
from infra.settings.releases import ReleaseSettings, RolloutSettings
from infra.settings.runner import RunnerSettings
from infra.settings.secrets import SecretsSettings
from infra.settings.services import ServiceList
from infra.settings.stack_checks import STACK_CHECKS
from infra.settings.values import Region

# Lowercase words joined by single hyphens: names derived from it (`<app>-<env>-db`) must stay valid
# RDS and ElastiCache identifiers, which refuse `--` and a trailing `-`.
APP_NAME_PATTERN = r"^[a-z](-?[a-z0-9])+\Z"
BULKHEAD_TAG_PREFIX = "bulkhead:"  # infra/providers.py adds three of these to every resource
# Room left for a stack's own tags: the provider's three, and up to three a component sets itself
# (a subnet's Name, bulkhead:tier and kubernetes.io/role/*).
MAX_STACK_TAGS = MAX_TAGS_PER_RESOURCE - 3 - 3
ACCOUNT_ID_PATTERN = r"^[0-9]{12}\Z"


class StackSettings(SettingsModel):
    """Every per-environment value of one stack.

    Attributes:
        environment: dev | staging | prod; selects the floors that the other values must meet.
        app: Short lowercase name used as the prefix of every resource name (2-20 characters).
        account_id: The AWS account the stack deploys to (12 digits). The AWS providers refuse any other
            account's credentials, and ARNs the settings name in this account are checked against it.
        region: The primary region (`aws:region` in the stack file).
        deletion_protection: Protect data stores from deletion. Default: true (must be true outside dev).
        tags: Extra tags applied to every AWS resource. Default: - only the Bulkhead tags.
        runner: The in-VPC runner that applies the Kubernetes layer; required with `cluster`.
            Default: - none (allowed only without a cluster).
        front_door: The API's public entry point (load balancers, WAF, certificate, DNS). Default: -
            nothing is reachable from the internet.
        identity: The mobile app's user pool (sign-in, tokens for the services). Default: - no user pool.
    """

    environment: Environment
    app: str = Field(pattern=APP_NAME_PATTERN, max_length=20)
    account_id: str = Field(pattern=ACCOUNT_ID_PATTERN)
    region: Region
    deletion_protection: bool = True
    tags: dict[str, str] = Field(default_factory=dict)
    network: NetworkSettings = NetworkSettings()
    keys: KeySettings
    dr: DrSettings = DrSettings()
    cluster: ClusterSettings | None = None
    services: ServiceList = ()
    backup: BackupSettings = BackupSettings()
    database: DatabaseSettings | None = None
    cache: CacheSettings | None = None
    secrets: SecretsSettings = SecretsSettings()
    observability: ObservabilitySettings = defaulted_section()
    runner: RunnerSettings | None = None
    queues: QueueList = ()
    releases: ReleaseSettings | None = None
    rollout: RolloutSettings = RolloutSettings()
    front_door: FrontDoorSettings | None = None
    identity: IdentitySettings | None = None

    @field_validator("deletion_protection")
    @classmethod
    def _protected_outside_dev(cls, value: bool, info: ValidationInfo) -> bool:
        environment = info.data.get("environment")
        if environment is not None and FLOORS[environment].deletion_protection and not value:
            raise ValueError(f"must be true in {environment}")
        return value

    @field_validator("tags")
    @classmethod
    def _tags_aws_accepts(cls, tags: dict[str, str]) -> dict[str, str]:
        problems = ViolationCollector()
        if len(tags) > MAX_STACK_TAGS:
            problems.add(
                (),
                f"must have at most {MAX_STACK_TAGS} tags (AWS allows {MAX_TAGS_PER_RESOURCE} per resource)",
                len(tags),
            )
        for key, value in tags.items():
            problem = tag_key_problem(key) or tag_value_problem(value)
            if key.startswith(BULKHEAD_TAG_PREFIX):
                problem = f"tag keys starting with {BULKHEAD_TAG_PREFIX!r} are Bulkhead's own"
            if problem:
                problems.add((key,), problem, value)
        problems.raise_if_any()
        return tags

    @model_validator(mode="after")
    def _sections_consistent(self) -> StackSettings:
        run_checks((*DATA_TIER_CHECKS, *STACK_CHECKS, check_front_door, check_identity, check_async_work), self)
        return self

    @model_validator(mode="after")
    def _observability_consistent(self) -> StackSettings:
        check_observability(self.observability, self.services)
        return self

    @property
    def prefix(self) -> str:
        """Prefix of every resource name, such as `mobile-prod`."""
        return f"{self.app}-{self.environment}"

    @property
    def has_dr_region(self) -> bool:
        return self.dr.strategy != "none"
