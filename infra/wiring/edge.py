"""Wires the front door: the API's name, and a load balancer with WAF and certificate per region that runs
the services (the primary and, for a warm standby, the DR region), then the records between them.

Entry point: `build_front_door(settings, account_id, primary=edge_site(...), standby=edge_site(...))`.
It talks to AWS only; the Kubernetes half of the front door (NodePort Services with the front-door
label, NetworkPolicy admission of the public subnets) comes from `services[].ingress.load_balancer`
through the service wiring (`infra/wiring/platform.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.edge.dns import AliasTarget, ApiDomain, ApiDomainArgs, HealthCheckArgs
from components.edge.load_balancer import Edge, EdgeArgs, EdgeRoute
from components.edge.web_acl import WebAclArgs
from components.foundation.network import Network
from components.platform.cluster import Cluster
from infra.settings import StackSettings
from infra.settings.front_door import FrontDoorSettings, health_checked
from infra.wiring.platform import Platform

FAILOVER, SIMPLE = "failover", "simple"


@dataclass(frozen=True)
class EdgeSite:
    """Where one region's edge goes: its provider, network, cluster nodes and log key."""

    region: str
    provider: aws.Provider
    network: Network
    cluster: Cluster
    logs_key_arn: pulumi.Input[str]


@dataclass(frozen=True)
class FrontDoor:
    """What `build_front_door` built: the name, the edge of each region, and how the name routes."""

    domain: ApiDomain
    edges: dict[str, Edge]  # by region, primary first
    routing: str  # failover | simple


def edge_site(
    region: str,
    provider: aws.Provider,
    network: Network,
    platform: Platform | None,
    logs_key_arn: pulumi.Input[str],
) -> EdgeSite | None:
    """The site of one region's edge, or None when the region runs no platform (no cluster to route to)."""
    if platform is None:
        return None
    return EdgeSite(
        region=region, provider=provider, network=network, cluster=platform.cluster, logs_key_arn=logs_key_arn
    )


def build_front_door(
    settings: StackSettings,
    account_id: pulumi.Input[str],
    *,
    primary: EdgeSite | None,
    standby: EdgeSite | None = None,
) -> FrontDoor | None:
    """The front door, or None when the stack has no `front_door:` section (or no cluster to route to).

    `standby` is the warm standby's site; with it `api.<domain>` fails over to the DR region."""
    front_door = settings.front_door
    if front_door is None or primary is None:
        return None
    domain = ApiDomain(
        f"{settings.prefix}-api-domain",
        ApiDomainArgs(
            domain=front_door.domain, record_name=front_door.record_name, hosted_zone_id=front_door.hosted_zone_id
        ),
        opts=pulumi.ResourceOptions(provider=primary.provider),
    )
    edges = {primary.region: _edge(f"{settings.prefix}-edge", settings, front_door, account_id, domain, primary)}
    if standby is None:
        domain.route_simple(_target(edges[primary.region]))
        routing = SIMPLE
    else:
        edges[standby.region] = _edge(f"{settings.prefix}-dr-edge", settings, front_door, account_id, domain, standby)
        checked = health_checked(settings)
        assert checked is not None  # settings validation requires an exposed, path-routed service
        check = front_door.health_check
        domain.route_failover(
            _target(edges[primary.region]),
            _target(edges[standby.region]),
            HealthCheckArgs(
                resource_path=checked.health.readiness_path,
                interval_seconds=check.interval_seconds,
                failure_threshold=check.failure_threshold,
                regions=check.regions,
            ),
        )
        routing = FAILOVER
    built = FrontDoor(domain=domain, edges=edges, routing=routing)
    pulumi.export("front_door", front_door_outputs(built))
    return built


def _edge(
    name: str,
    settings: StackSettings,
    front_door: FrontDoorSettings,
    account_id: pulumi.Input[str],
    domain: ApiDomain,
    site: EdgeSite,
) -> Edge:
    waf = front_door.waf
    return Edge(
        name,
        EdgeArgs(
            region=site.region,
            account_id=account_id,
            vpc_id=site.network.vpc_id,
            public_subnet_ids=site.network.public_subnet_ids,
            node_security_group_id=site.cluster.node_security_group_id,
            node_autoscaling_group_name=site.cluster.node_autoscaling_group_name,
            domain_name=domain.api_name,
            zone_id=domain.zone_id,
            routes=[
                EdgeRoute(
                    name=service.name,
                    node_port=service.ingress.load_balancer.node_port,
                    health_path=service.health.readiness_path,
                    paths=service.ingress.load_balancer.paths,
                    host=service.ingress.load_balancer.host,
                )
                for service in settings.services
                if service.ingress.load_balancer is not None
            ],
            web_acl=WebAclArgs(
                rate_limit=waf.rate_limit,
                rate_window_seconds=waf.rate_window_seconds,
                max_body_bytes=waf.max_body_bytes,
                logs_kms_key_arn=site.logs_key_arn,
                log_retention_days=front_door.waf_log_retention_days,
            ),
            access_log_retention_days=front_door.access_log_retention_days,
            tls_policy=front_door.tls_policy,
            deletion_protection=settings.deletion_protection,
        ),
        opts=pulumi.ResourceOptions(provider=site.provider),
    )


def _target(edge: Edge) -> AliasTarget:
    return AliasTarget(dns_name=edge.dns_name, zone_id=edge.zone_id)


def front_door_outputs(front_door: FrontDoor) -> dict[str, Any]:
    """The `front_door` stack output (docs/stack-outputs.md): what the runbooks and the Kubernetes
    layer read."""
    domain = front_door.domain
    return {
        "api_name": domain.api_name,
        "hosted_zone_id": domain.zone_id,
        "name_servers": domain.name_servers,
        "routing": front_door.routing,
        "health_check_id": domain.health_check_id,
        "regions": {
            region: {
                "load_balancer_arn": edge.load_balancer_arn,
                "dns_name": edge.dns_name,
                "zone_id": edge.zone_id,
                "security_group_id": edge.security_group_id,
                "web_acl_arn": edge.web_acl_arn,
                "certificate_arn": edge.certificate_arn,
                "access_log_bucket": edge.access_log_bucket,
                "target_group_arns": edge.target_group_arns,
            }
            for region, edge in front_door.edges.items()
        },
    }
