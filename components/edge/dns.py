"""The API's public name: the hosted zone (adopted, or created for dev) and `api.<domain>` records.

- failover (warm standby): a PRIMARY alias to the primary load balancer, gated by a Route 53 health
  check of the primary's readiness path from several checker regions, and a SECONDARY alias to the DR
  load balancer. `dr failover` moves traffic by inverting the health check, so Pulumi ignores that one
  field after creation (docs/edge.md); failback clears it.
- simple (every other strategy): one alias to the primary load balancer; after a region loss the
  runbook says how to repoint it once the DR region has a load balancer.
Alias records answer with the load balancer's TTL (60 s) and follow its address changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.reference.edge import (
    HEALTH_CHECK_FAILURE_THRESHOLD,
    HEALTH_CHECK_INTERVALS_SECONDS,
    HEALTH_CHECK_REGIONS,
    MIN_HEALTH_CHECK_REGIONS,
)
from components.support.validation import require_between

HEALTH_CHECK_PORT = 443
# The runbook owns the inversion (it is how traffic moves); Pulumi must not undo a failover.
RUNBOOK_OWNED_HEALTH_CHECK_FIELDS = ["invertHealthcheck"]


@dataclass(frozen=True, kw_only=True)
class AliasTarget:
    """A load balancer a record points at.

    Attributes:
        dns_name: The load balancer's DNS name.
        zone_id: The load balancer's canonical hosted zone id.
    """

    dns_name: pulumi.Input[str]
    zone_id: pulumi.Input[str]


@dataclass(frozen=True, kw_only=True)
class HealthCheckArgs:
    """The Route 53 health check of the primary region.

    Attributes:
        resource_path: The readiness path probed over HTTPS.
        interval_seconds: 10 | 30. Default: 10
        failure_threshold: Consecutive failures before unhealthy, 1-10. Default: 3
        regions: Checker regions, at least 3. Default: us-east-1, us-west-2, eu-west-1
    """

    resource_path: str
    interval_seconds: int = 10
    failure_threshold: int = 3
    regions: Sequence[str] = ("us-east-1", "us-west-2", "eu-west-1")

    def __post_init__(self) -> None:
        if self.interval_seconds not in HEALTH_CHECK_INTERVALS_SECONDS:
            raise ValueError(
                f"HealthCheckArgs.interval_seconds: must be one of {list(HEALTH_CHECK_INTERVALS_SECONDS)} "
                f"(got {self.interval_seconds})"
            )
        require_between("HealthCheckArgs.failure_threshold", self.failure_threshold, *HEALTH_CHECK_FAILURE_THRESHOLD)
        unknown = sorted(set(self.regions) - set(HEALTH_CHECK_REGIONS))
        if unknown or len(set(self.regions)) < MIN_HEALTH_CHECK_REGIONS:
            raise ValueError(
                f"HealthCheckArgs.regions: must be at least {MIN_HEALTH_CHECK_REGIONS} of {list(HEALTH_CHECK_REGIONS)} "
                f"(got {list(self.regions)})"
            )
        if not self.resource_path.startswith("/"):
            raise ValueError(f"HealthCheckArgs.resource_path: must start with / (got {self.resource_path!r})")


@dataclass(frozen=True, kw_only=True)
class ApiDomainArgs:
    """Inputs for `ApiDomain`.

    Attributes:
        domain: The zone's domain, such as `mobile.example.com`.
        record_name: The API's label in the zone, such as `api`.
        hosted_zone_id: An existing public hosted zone of `domain`. Default: - a public zone is created
            (its name servers must then be delegated from the parent zone).
    """

    domain: str
    record_name: str
    hosted_zone_id: str | None = None


class ApiDomain(pulumi.ComponentResource):
    """The zone (`zone_id`) first, so certificates can validate; `route_*` adds the API records after."""

    zone_id: pulumi.Output[str]
    name_servers: pulumi.Output[list[str]] | None
    api_name: str
    health_check_id: pulumi.Output[str] | None

    def __init__(self, name: str, args: ApiDomainArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:edge:ApiDomain", name, None, opts)
        self._name = name
        self._args = args
        self.api_name = f"{args.record_name}.{args.domain}"
        self.health_check_id = None
        self.name_servers = None
        if args.hosted_zone_id is None:
            zone = aws.route53.Zone(
                f"{name}-zone",
                name=args.domain,
                comment=f"{name}: public zone of the API (delegate its name servers from the parent zone)",
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.zone_id = zone.zone_id
            self.name_servers = zone.name_servers
        else:
            self.zone_id = pulumi.Output.from_input(args.hosted_zone_id)
        self.register_outputs({"zone_id": self.zone_id, "api_name": self.api_name})

    def route_simple(self, target: AliasTarget) -> aws.route53.Record:
        """One alias record to `target` (strategies without a standing DR load balancer)."""
        return self._alias("api", target)

    def route_failover(
        self, primary: AliasTarget, secondary: AliasTarget, health_check: HealthCheckArgs
    ) -> list[aws.route53.Record]:
        """PRIMARY (health-checked) and SECONDARY alias records; returns both."""
        check = aws.route53.HealthCheck(
            f"{self._name}-primary-health",
            type="HTTPS",
            fqdn=primary.dns_name,
            port=HEALTH_CHECK_PORT,
            resource_path=health_check.resource_path,
            request_interval=health_check.interval_seconds,
            failure_threshold=health_check.failure_threshold,
            regions=list(health_check.regions),
            enable_sni=True,
            measure_latency=True,
            invert_healthcheck=False,
            tags={"Name": f"{self.api_name} primary readiness"},
            opts=pulumi.ResourceOptions(parent=self, ignore_changes=RUNBOOK_OWNED_HEALTH_CHECK_FIELDS),
        )
        self.health_check_id = check.id
        return [
            self._alias("api-primary", primary, failover="PRIMARY", health_check_id=check.id),
            self._alias("api-secondary", secondary, failover="SECONDARY"),
        ]

    def _alias(
        self,
        role: str,
        target: AliasTarget,
        *,
        failover: str | None = None,
        health_check_id: pulumi.Input[str] | None = None,
    ) -> aws.route53.Record:
        return aws.route53.Record(
            f"{self._name}-{role}",
            zone_id=self.zone_id,
            name=self.api_name,
            type="A",
            aliases=[{"name": target.dns_name, "zone_id": target.zone_id, "evaluate_target_health": True}],
            set_identifier=failover.lower() if failover else None,
            failover_routing_policies=[{"type": failover}] if failover else None,
            health_check_id=health_check_id,
            opts=pulumi.ResourceOptions(parent=self),
        )
