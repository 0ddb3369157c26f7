"""Front-door settings: the public name of the API, its TLS policy, WAF limits and failover health check.

Which services are exposed, and on which paths, is per service (`services[].ingress.load_balancer`);
the checks that span both sections live in `check_front_door`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from components.reference.edge import (
    ALB_WAF_BODY_INSPECTION_BYTES,
    DEFAULT_TLS_POLICY,
    HEALTH_CHECK_FAILURE_THRESHOLD,
    HEALTH_CHECK_REGIONS,
    MIN_HEALTH_CHECK_REGIONS,
    TLS13_POLICIES,
    WAF_RATE_LIMIT,
)
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS
from infra.settings.network import LogRetentionDays

if TYPE_CHECKING:
    from infra.settings.stack import StackSettings

DOMAIN_PATTERN = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\Z"
MAX_DOMAIN_CHARS = 200  # leaves room for `<record_name>.` within DNS's 253
HOSTED_ZONE_ID_PATTERN = r"^Z[A-Z0-9]{1,31}\Z"
RECORD_LABEL_PATTERN = r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\Z"
# Names that never resolve on the public internet (RFC 2606, RFC 6761, RFC 6762, ICANN's .internal):
# a prod API there would be unreachable for every client.
RESERVED_SUFFIXES = (".test", ".example", ".invalid", ".localhost", ".local", ".internal")
MIN_ACCESS_LOG_DAYS = 1
MAX_ACCESS_LOG_DAYS = 3650


class WafSettings(SettingsModel):
    """Limits of the web ACL in front of each load balancer.

    Attributes:
        rate_limit: Requests one client IP may send per evaluation window before it is blocked,
            10-2,000,000,000. Default: 1000
        rate_window_seconds: Evaluation window of the rate limit: 60 | 120 | 300 | 600. Default: 300
        max_body_bytes: Larger request bodies are blocked, 1-8192 (a load balancer shows WAF only the
            first 8 KB, so nothing larger can be inspected). Default: 8192
    """

    rate_limit: int = Field(default=1000, ge=WAF_RATE_LIMIT[0], le=WAF_RATE_LIMIT[1])
    rate_window_seconds: Literal[60, 120, 300, 600] = 300  # WAF_EVALUATION_WINDOWS_SECONDS (a test keeps them equal)
    max_body_bytes: int = Field(default=ALB_WAF_BODY_INSPECTION_BYTES, ge=1, le=ALB_WAF_BODY_INSPECTION_BYTES)


class HealthCheckSettings(SettingsModel):
    """The Route 53 health check on the primary region's readiness path (failover routing only).

    Attributes:
        interval_seconds: 10 | 30 (Route 53 fixes it at creation). Default: 10
        failure_threshold: Consecutive failures before the region counts as down, 1-10. Default: 3
        regions: Route 53 checker regions, at least 3. Default: us-east-1, us-west-2, eu-west-1
    """

    interval_seconds: Literal[10, 30] = 10
    failure_threshold: int = Field(
        default=3, ge=HEALTH_CHECK_FAILURE_THRESHOLD[0], le=HEALTH_CHECK_FAILURE_THRESHOLD[1]
    )
    regions: tuple[str, ...] = ("us-east-1", "us-west-2", "eu-west-1")

    @field_validator("regions")
    @classmethod
    def _checker_regions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [region for region in value if region not in HEALTH_CHECK_REGIONS]
        if unknown:
            raise ValueError(f"must be Route 53 health-checker regions {list(HEALTH_CHECK_REGIONS)}")
        if len(set(value)) < MIN_HEALTH_CHECK_REGIONS:
            raise ValueError(f"must name at least {MIN_HEALTH_CHECK_REGIONS} distinct regions")
        return value

    @property
    def detection_seconds(self) -> int:
        return self.interval_seconds * self.failure_threshold


class FrontDoorSettings(SettingsModel):
    """The API's public entry point in each region that runs the services.

    Attributes:
        domain: The hosted zone's domain, such as `mobile.example.com`.
        hosted_zone_id: The public Route 53 hosted zone of `domain`. Required in staging and prod.
            Default: - the stack creates a public zone for `domain` (dev only; delegate it from the parent
            zone before the certificate can validate).
        record_name: The API's name in the zone: `<record_name>.<domain>`. Default: api
        tls_policy: ELB security policy of the HTTPS listeners, one of the TLS 1.3 policies.
            Default: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09
        waf: Web ACL limits. Default: - the WafSettings defaults.
        health_check: Failover health check. Default: - the HealthCheckSettings defaults.
        health_checked_service: The exposed service whose readiness path the health check probes.
            Default: - the first exposed service.
        access_log_retention_days: Days load balancer access logs are kept (1-3650; at least the
            environment's log floor). Default: 365
        waf_log_retention_days: CloudWatch retention of the WAF logs. Default: 365
    """

    domain: str = Field(pattern=DOMAIN_PATTERN)
    hosted_zone_id: str | None = Field(default=None, pattern=HOSTED_ZONE_ID_PATTERN)
    record_name: str = Field(default="api", pattern=RECORD_LABEL_PATTERN)
    tls_policy: str = DEFAULT_TLS_POLICY
    waf: WafSettings = WafSettings()
    health_check: HealthCheckSettings = HealthCheckSettings()
    health_checked_service: str | None = None
    access_log_retention_days: int = Field(default=365, ge=MIN_ACCESS_LOG_DAYS, le=MAX_ACCESS_LOG_DAYS)
    waf_log_retention_days: LogRetentionDays = 365

    @field_validator("domain")
    @classmethod
    def _domain_length(cls, value: str) -> str:
        if len(value) > MAX_DOMAIN_CHARS:
            raise ValueError(f"must be at most {MAX_DOMAIN_CHARS} characters")
        return value

    @field_validator("tls_policy")
    @classmethod
    def _tls13(cls, value: str) -> str:
        if value not in TLS13_POLICIES:
            raise ValueError(f"must be one of the TLS 1.3 policies {list(TLS13_POLICIES)}")
        return value

    @model_validator(mode="after")
    def _meets_environment(self, info: ValidationInfo) -> FrontDoorSettings:
        environment = environment_of(info)
        if environment is None:
            return self
        problems = ViolationCollector()
        if environment != "dev" and self.hosted_zone_id is None:
            problems.add(
                "hosted_zone_id",
                f"is required in {environment} (an existing public hosted zone; only dev may let the stack create one)",
                self.hosted_zone_id,
            )
        if environment == "prod" and self.domain.endswith(RESERVED_SUFFIXES):
            problems.add("domain", f"must be a public domain in prod, not under {list(RESERVED_SUFFIXES)}", self.domain)
        floor = FLOORS[environment].log_retention_days
        problems.at_least("access_log_retention_days", self.access_log_retention_days, floor, environment)
        problems.at_least("waf_log_retention_days", self.waf_log_retention_days, floor, environment)
        problems.raise_if_any()
        return self

    @property
    def api_name(self) -> str:
        """The API's fully qualified name, such as `api.mobile.example.com`."""
        return f"{self.record_name}.{self.domain}"


def check_front_door(settings: StackSettings, problems: ViolationCollector) -> None:
    """The rules that span `front_door` and `services`: exposure needs a front door and vice versa,
    node ports and routes are unique, and the health-checked service is exposed and routed by path."""
    exposed = [(index, s) for index, s in enumerate(settings.services) if s.ingress.load_balancer is not None]
    front_door = settings.front_door
    if front_door is None:
        for index, _ in exposed:
            problems.add(("services", index, "ingress", "load_balancer"), "needs a `front_door:` section", True)
        return
    if not exposed:
        problems.add("front_door", "exposes nothing: set ingress.load_balancer on at least one service", None)
        return
    seen_ports: dict[int, str] = {}
    seen_routes: dict[tuple, str] = {}
    for index, service in exposed:
        exposure = service.ingress.load_balancer
        assert exposure is not None
        if exposure.node_port in seen_ports:
            problems.add(
                ("services", index, "ingress", "load_balancer", "node_port"),
                f"must be unique; service {seen_ports[exposure.node_port]} uses it",
                exposure.node_port,
            )
        seen_ports.setdefault(exposure.node_port, service.name)
        route = (exposure.host, exposure.paths)
        if route in seen_routes:
            problems.add(
                ("services", index, "ingress", "load_balancer", "paths"),
                f"must differ from service {seen_routes[route]}'s host and paths",
                list(exposure.paths),
            )
        seen_routes.setdefault(route, service.name)
    checked = health_checked(settings)
    names = [service.name for _, service in exposed]
    if checked is None:
        problems.add(
            ("front_door", "health_checked_service"),
            f"must name an exposed service {names}",
            front_door.health_checked_service,
        )
    elif checked.ingress.load_balancer is not None and checked.ingress.load_balancer.host is not None:
        problems.add(
            ("front_door", "health_checked_service"),
            "must be routed by path only: Route 53 sends the load balancer's own name as Host",
            checked.name,
        )


def health_checked(settings: StackSettings):
    """The exposed service whose readiness path the failover health check probes (None if it names none)."""
    front_door = settings.front_door
    exposed = [s for s in settings.services if s.ingress.load_balancer is not None]
    if front_door is None or not exposed:
        return None
    if front_door.health_checked_service is None:
        return exposed[0]
    return next((s for s in exposed if s.name == front_door.health_checked_service), None)
