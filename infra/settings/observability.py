"""Observability and audit settings: who gets alerts, the SLOs and alarm thresholds, tracing, Container
Insights, the audit trail, database audit and threat detection.

Values whose default depends on the environment come from `OBSERVABILITY_DEFAULTS`
(infra/settings/environment.py) when the stack file leaves them out; the floors there still apply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, model_validator

from components.reference.container_insights import supports_pod_identity
from components.reference.security_hub import CIS_VERSIONS, DEFAULT_CIS_VERSION, STANDARDS, Standard
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.cluster import ADDON_VERSION_PATTERN
from infra.settings.environment import FLOORS, OBSERVABILITY_DEFAULTS
from infra.settings.network import LogRetentionDays
from infra.settings.services import ServiceSettings

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}\Z")
HTTPS_URL_PATTERN = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/\S*)?\Z")
SECRET_ARN_PATTERN = r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+\Z"
# `<organization>/<project>/<stack>`, as `pulumi.StackReference` names another stack.
STACK_NAME_PATTERN = r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\Z"
TABLE_PATTERN = r"^[a-z_][a-z0-9_]{0,62}\.[a-z_][a-z0-9_]{0,62}\Z"
DEFAULT_CONTAINER_INSIGHTS_VERSION = "v6.2.0-eksbuild.1"
# The SRE workbook's multi-window burn rates for a 30-day budget: 2% of it in an hour pages,
# 5% of it in six hours opens a ticket.
FAST_BURN_RATE = 14.4
SLOW_BURN_RATE = 6.0


def defaulted_section() -> Any:
    """An omitted section: validated from an empty mapping with the stack's context, so that it takes
    the environment's defaults and floors like a written one."""
    return Field(default_factory=dict)


class EnvironmentDefaults(SettingsModel):
    """A section whose unset keys take the environment's value from OBSERVABILITY_DEFAULTS[<env>][SECTION]."""

    SECTION: ClassVar[str] = ""

    @model_validator(mode="before")
    @classmethod
    def _environment_defaults(cls, values: Any, info: ValidationInfo) -> Any:
        environment = environment_of(info)
        if environment is None or not isinstance(values, dict):
            return values
        defaults = OBSERVABILITY_DEFAULTS[environment].get(cls.SECTION, {})
        return {**defaults, **values}


class SubscriptionSettings(SettingsModel):
    """One recipient of the alerts topics (every region's topic).

    Attributes:
        protocol: email | https. Plain http is refused: nothing is sent in clear text.
        endpoint: The e-mail address, or the HTTPS URL (an incident tool's or a chat integration's).
            Default: - none (then endpoint_secret_arn).
        endpoint_secret_arn: A Secrets Manager secret whose value is the HTTPS URL, for URLs that carry
            a token (chat webhooks); read at deploy time, kept as a Pulumi secret. Default: - none.
        pages_only: Receive only the alarms that page (fast burn, data store and cluster failures),
            not the tickets. Default: false
    """

    protocol: Literal["email", "https"]
    endpoint: str | None = None
    endpoint_secret_arn: str | None = Field(default=None, pattern=SECRET_ARN_PATTERN)
    pages_only: bool = False

    @model_validator(mode="after")
    def _one_valid_endpoint(self) -> SubscriptionSettings:
        problems = ViolationCollector()
        if (self.endpoint is None) == (self.endpoint_secret_arn is None):
            problems.add("endpoint", "set exactly one of endpoint and endpoint_secret_arn", None)
        elif self.protocol == "email":
            if self.endpoint_secret_arn is not None:
                problems.add("endpoint_secret_arn", "is only used with protocol https", None)
            elif not EMAIL_PATTERN.match(self.endpoint or ""):
                problems.add("endpoint", "must be an e-mail address", None)
        elif self.endpoint is not None and not HTTPS_URL_PATTERN.match(self.endpoint):
            # The URL may carry a token: the message names the scheme only.
            problems.add("endpoint", "must be an https:// URL", self.endpoint.split(":", 1)[0] + ":...")
        problems.raise_if_any()
        return self


class AlertSettings(SettingsModel):
    """Who the alerts topics notify.

    Attributes:
        subscriptions: The recipients; prod needs at least one that receives pages. Default: - none.
    """

    subscriptions: tuple[SubscriptionSettings, ...] = ()

    @model_validator(mode="after")
    def _pages_someone(self, info: ValidationInfo) -> AlertSettings:
        environment = environment_of(info)
        problems = ViolationCollector()
        if environment is not None and FLOORS[environment].paging_subscription and not self.subscriptions:
            problems.add("subscriptions", f"must name at least one recipient of pages in {environment}", [])
        problems.raise_if_any()
        return self


class ObjectiveSettings(SettingsModel):
    """An availability and a latency objective of one exposed service (over 30 days).

    Attributes:
        availability_percent: Share of requests that must not fail with a 5xx, 90-99.999.
        latency_p99_ms: The p99 target response time at the load balancer, 10-60000 ms.
    """

    availability_percent: float = Field(ge=90, le=99.999)
    latency_p99_ms: int = Field(ge=10, le=60_000)


class SloSettings(EnvironmentDefaults):
    """The service level objectives of the services behind the load balancer.

    Attributes:
        availability_percent: Default availability objective. Default: dev 99.0, staging 99.5, prod 99.9
        latency_p99_ms: Default p99 latency objective. Default: dev 2000, staging 1500, prod 1000
        services: Per-service objectives replacing the defaults, by service name (services with
            `ingress.load_balancer` only). Default: - every exposed service gets the defaults.
    """

    SECTION: ClassVar[str] = "slo"
    availability_percent: float = Field(default=99.9, ge=90, le=99.999)
    latency_p99_ms: int = Field(default=1000, ge=10, le=60_000)
    services: dict[str, ObjectiveSettings] = Field(default_factory=dict)

    def objective(self, service: str) -> ObjectiveSettings:
        return self.services.get(service) or ObjectiveSettings(
            availability_percent=self.availability_percent, latency_p99_ms=self.latency_p99_ms
        )


class DatabaseAlarmSettings(EnvironmentDefaults):
    """Aurora alarm thresholds.

    Attributes:
        cpu_percent: Cluster CPU, 50-100. Default: dev 90, staging 85, prod 80
        freeable_memory_mib: Least freeable memory of an instance, 64-65536 MiB. Default: dev 256,
            staging 512, prod 1024
        connections: Most connections of an instance before alarming, 10-100000. Default: dev 200,
            staging 500, prod 1000
        replica_lag_ms: Most reader lag behind the writer, 100-600000 ms. Default: 1000
        global_lag_percent_of_rpo: Global replication lag that alarms, as a share of dr.rpo_minutes,
            10-100. Default: 50
    """

    SECTION: ClassVar[str] = "database_alarms"
    cpu_percent: int = Field(default=80, ge=50, le=100)
    freeable_memory_mib: int = Field(default=1024, ge=64, le=65536)
    connections: int = Field(default=1000, ge=10, le=100_000)
    replica_lag_ms: int = Field(default=1000, ge=100, le=600_000)
    global_lag_percent_of_rpo: int = Field(default=50, ge=10, le=100)


class CacheAlarmSettings(EnvironmentDefaults):
    """ElastiCache alarm thresholds.

    Attributes:
        engine_cpu_percent: Engine thread CPU of a node, 50-100. Default: dev 90, staging 85, prod 80
        memory_percent: Used share of the node's maxmemory, 50-100. Default: dev 90, staging 85, prod 80
        evictions: Keys evicted in five minutes on a node, 0-1000000. Default: dev 1000, staging 500, prod 100
        global_lag_percent_of_rpo: Global datastore lag that alarms, as a share of dr.rpo_minutes,
            10-100. Default: 50
    """

    SECTION: ClassVar[str] = "cache_alarms"
    engine_cpu_percent: int = Field(default=80, ge=50, le=100)
    memory_percent: int = Field(default=80, ge=50, le=100)
    evictions: int = Field(default=100, ge=0, le=1_000_000)
    global_lag_percent_of_rpo: int = Field(default=50, ge=10, le=100)


class ClusterAlarmSettings(EnvironmentDefaults):
    """Cluster alarm thresholds (Container Insights metrics).

    Attributes:
        pending_pods_minutes: Minutes pods may stay pending (unschedulable) before alarming, 5-120.
            Default: dev 30, staging 15, prod 10
    """

    SECTION: ClassVar[str] = "cluster_alarms"
    pending_pods_minutes: int = Field(default=10, ge=5, le=120)


class TracingSettings(EnvironmentDefaults):
    """Traces to X-Ray through the observability add-on's collector (central sampling rules).

    Attributes:
        sampling_percent: Share of requests traced beyond the reservoir, 0-100. Default: dev 100,
            staging 20, prod 5
        reservoir_per_second: Requests per second traced before the percentage applies, 0-1000. Default: 1
    """

    SECTION: ClassVar[str] = "tracing"
    sampling_percent: float = Field(default=5.0, ge=0, le=100)
    reservoir_per_second: int = Field(default=1, ge=0, le=1000)


class ContainerInsightsSettings(EnvironmentDefaults):
    """Container Insights through the `amazon-cloudwatch-observability` EKS add-on (on Pod Identity).

    Attributes:
        addon_version: The add-on version; >= v3.1.0 (Pod Identity). Default: "v6.2.0-eksbuild.1"
        log_retention_days: Retention of its log groups (application, dataplane, host, performance,
            Application Signals), a CloudWatch value >= the environment's log floor. Default: dev 30,
            staging 90, prod 365
    """

    SECTION: ClassVar[str] = "container_insights"
    addon_version: str = Field(default=DEFAULT_CONTAINER_INSIGHTS_VERSION, pattern=ADDON_VERSION_PATTERN)
    log_retention_days: LogRetentionDays = 365

    @model_validator(mode="after")
    def _pod_identity(self, info: ValidationInfo) -> ContainerInsightsSettings:
        problems = ViolationCollector()
        if not supports_pod_identity(self.addon_version):
            problems.add(
                "addon_version", "must be >= v3.1.0 (the first version on EKS Pod Identity)", self.addon_version
            )
        environment = environment_of(info)
        if environment is not None:
            problems.at_least(
                "log_retention_days", self.log_retention_days, FLOORS[environment].log_retention_days, environment
            )
        problems.raise_if_any()
        return self


class AccountBaselineSettings(SettingsModel):
    """Who owns the account-level singletons: the CloudTrail trail, the GuardDuty detectors, Security Hub,
    Inspector, ECR enhanced scanning and X-Ray encryption (one of each per account and region).

    Attributes:
        owner: This stack creates them (in the primary and DR regions). Default: true
        owner_stack: When another stack of the same account owns them: its name as a stack reference
            (`<organization>/<project>/<stack>`); this stack then reads that stack's `account_baseline`
            output. Default: - none (this stack is the owner).
    """

    owner: bool = True
    owner_stack: str | None = Field(default=None, pattern=STACK_NAME_PATTERN)

    @model_validator(mode="after")
    def _owner_or_declared(self) -> AccountBaselineSettings:
        if self.owner == (self.owner_stack is not None):
            raise ValueError("set owner: true, or owner: false with owner_stack naming the stack that owns them")
        return self


class TrailDataEventSettings(SettingsModel):
    """What the trail records beyond management events.

    Attributes:
        audit_bucket: Reads and deletions in the trail's own bucket (who read the audit trail). Default: true
        secret_reads: Keep the read-only management events that record every `GetSecretValue` (Secrets
            Manager logs secret reads as management events, not data events). Default: true
    """

    audit_bucket: bool = True
    secret_reads: bool = True


class TrailSettings(EnvironmentDefaults):
    """The multi-region CloudTrail trail (where this stack owns the account baseline).

    Attributes:
        lock_mode: Object Lock mode of the trail bucket: COMPLIANCE (nobody, root included, shortens it)
            or GOVERNANCE (privileged users may). Default: dev, staging GOVERNANCE; prod COMPLIANCE (required)
        retention_days: Object Lock default retention of every log file, 1-36500 (dev >= 30,
            staging >= 90, prod >= 365). Default: dev 30, staging 90, prod 365
        expire_after_days: Log files are deleted after this many days; >= retention_days. Default: dev 90,
            staging 365, prod 2557 (7 years)
        log_retention_days: Retention of the trail's CloudWatch log group (metric filters), >= 365.
            Default: 365
        data_events: Data events recorded. Default: - the audit bucket and secret reads.
    """

    SECTION: ClassVar[str] = "trail"
    lock_mode: Literal["COMPLIANCE", "GOVERNANCE"] = "COMPLIANCE"
    retention_days: int = Field(default=365, ge=1, le=36_500)
    expire_after_days: int = Field(default=2557, ge=1, le=36_500)
    log_retention_days: LogRetentionDays = Field(default=365, ge=365)
    data_events: TrailDataEventSettings = defaulted_section()

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> TrailSettings:
        problems = ViolationCollector()
        if self.expire_after_days < self.retention_days:
            problems.add(
                "expire_after_days", f"must be >= retention_days ({self.retention_days})", self.expire_after_days
            )
        environment = environment_of(info)
        if environment is not None:
            floor = FLOORS[environment]
            if floor.audit_lock_mode == "COMPLIANCE" and self.lock_mode != "COMPLIANCE":
                problems.add("lock_mode", f"must be COMPLIANCE in {environment}", self.lock_mode)
            problems.at_least("retention_days", self.retention_days, floor.audit_retention_days, environment)
        problems.raise_if_any()
        return self


class DatabaseAuditSettings(EnvironmentDefaults):
    """pgaudit and statement logging on the Aurora clusters.

    Attributes:
        sensitive_tables: `schema.table` names whose reads and writes are audited (grant them to the
            `rds_pgaudit` role after deploy: docs/observability.md). Default: - none.
        sensitive_data: The tables hold sensitive data: no bound parameter values in any log line
            (pgaudit parameters, slow statements, errors). Default: true
        slow_statement_ms: Statements slower than this are logged, 100-600000 ms. Default: dev 2000,
            staging 1000, prod 500
    """

    SECTION: ClassVar[str] = "database_audit"
    sensitive_tables: tuple[str, ...] = ()
    sensitive_data: bool = True
    slow_statement_ms: int = Field(default=500, ge=100, le=600_000)

    @model_validator(mode="after")
    def _tables(self) -> DatabaseAuditSettings:
        problems = ViolationCollector()
        for index, table in enumerate(self.sensitive_tables):
            if not re.match(TABLE_PATTERN, table):
                problems.add(("sensitive_tables", index), "must be a lowercase schema.table name", table)
        problems.raise_if_any()
        return self


class ThreatDetectionSettings(SettingsModel):
    """GuardDuty, Security Hub and Inspector (where this stack owns the account baseline).

    Attributes:
        security_hub_standards: fsbp and/or cis (staging, prod: both). Default: both
        cis_version: CIS AWS Foundations Benchmark version in Security Hub. Default: "3.0.0"
        malware_protection: GuardDuty malware scans of EBS volumes on suspicious findings. Default: true
    """

    security_hub_standards: tuple[Standard, ...] = STANDARDS
    cis_version: str = DEFAULT_CIS_VERSION
    malware_protection: bool = True

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ThreatDetectionSettings:
        problems = ViolationCollector()
        if self.cis_version not in CIS_VERSIONS:
            problems.add("cis_version", f"must be one of {list(CIS_VERSIONS)}", self.cis_version)
        environment = environment_of(info)
        if environment is not None:
            missing = [s for s in FLOORS[environment].security_hub_standards if s not in self.security_hub_standards]
            if missing:
                problems.add(
                    "security_hub_standards",
                    f"must include {missing} in {environment}",
                    list(self.security_hub_standards),
                )
        problems.raise_if_any()
        return self


class ObservabilitySettings(SettingsModel):
    """The operational and audit layer of one stack (every key has a default)."""

    alerts: AlertSettings = defaulted_section()
    slo: SloSettings = defaulted_section()
    database_alarms: DatabaseAlarmSettings = defaulted_section()
    cache_alarms: CacheAlarmSettings = defaulted_section()
    cluster_alarms: ClusterAlarmSettings = defaulted_section()
    tracing: TracingSettings = defaulted_section()
    container_insights: ContainerInsightsSettings = defaulted_section()
    account_baseline: AccountBaselineSettings = defaulted_section()
    trail: TrailSettings = defaulted_section()
    database_audit: DatabaseAuditSettings = defaulted_section()
    threat_detection: ThreatDetectionSettings = defaulted_section()


def check_observability(observability: ObservabilitySettings, services: Sequence[ServiceSettings]) -> None:
    """Cross-section rules: per-service objectives name services behind the load balancer."""
    problems = ViolationCollector()
    exposed = [service.name for service in services if service.ingress.load_balancer]
    for name in observability.slo.services:
        if name not in exposed:
            problems.add(
                ("observability", "slo", "services", name),
                f"must name a service with ingress.load_balancer {exposed}",
                name,
            )
    problems.raise_if_any()
