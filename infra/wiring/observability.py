"""Wiring of the observability and audit layer: alerts topics, SLO and data-store alarms, Container
Insights, trace sampling, the dashboard, and the account baseline (trail, detectors, hub, scanning).

Entry point: `build_observability(..., endpoints=service_endpoints(front_door))`, called once by the
AWS layer (`infra/aws_layer.py`) after the front door (the endpoints are the ALB dimensions of the SLO alarms). The
services' side of tracing and logging (environment and egress) is in `infra/wiring/telemetry.py`,
applied by the Kubernetes layer (`infra/wiring/workloads.py`) to each service's arguments.

Regions: everything regional exists in the primary region and, where the stack has a DR region, there
too (an alerts topic per region: CloudWatch and EventBridge notify only topics of their own region).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from components.foundation.keys import KEY_PURPOSES, KeyPurpose, KeyRing
from components.identity.user_pool import UserPool
from components.observability.account_baseline import AccountBaseline, AccountBaselineArgs
from components.observability.alarm_set import AlarmSet, AlarmSetArgs
from components.observability.alarms import AlarmRoute, AlarmSpec
from components.observability.alerts import AlertTopic, AlertTopicArgs, Subscription
from components.observability.audit_trail import AuditTrail, AuditTrailArgs
from components.observability.container_insights import ContainerInsights, ContainerInsightsArgs
from components.observability.dashboard import Dashboard, DashboardArgs, ServicePanel
from components.observability.event_routes import BACKUP_FAILURES, EventRouteSet, EventRouteSetArgs
from components.observability.sign_in_alarms import sign_in_risk_specs
from components.observability.slo import Objective, ServiceEndpoint, ServiceHealth, ServiceHealthArgs
from components.observability.store_alarms import (
    CacheThresholds,
    DatabaseThresholds,
    aurora_global_lag_spec,
    aurora_specs,
    cache_global_lag_spec,
    cache_specs,
    cluster_specs,
)
from components.observability.tracing import Sampling, SamplingArgs
from components.reference.container_insights import APPLICATION_SIGNALS_LOG_GROUP
from components.reference.pgaudit import AUDIT_ROLE
from components.support.telemetry import telemetry_service_name
from infra.providers import Providers, in_region
from infra.settings import StackSettings
from infra.settings.observability import SubscriptionSettings
from infra.wiring.data import DataTier
from infra.wiring.edge import FrontDoor
from infra.wiring.platform import Platform
from infra.wiring.resilience import Resilience

# The organization of stacks on a self-managed backend (S3), where stack references read `organization/...`.
DEFAULT_ORGANIZATION = "organization"


@dataclass(frozen=True)
class Region:
    """What the layer needs of one region: where it is, its provider and its keys."""

    name: str
    provider: aws.Provider
    alerts_key_arn: pulumi.Output[str]
    logs_key_arn: pulumi.Output[str]
    label: str  # "" for the primary region, "-dr" for the DR region (resource name suffix)


@dataclass(frozen=True)
class Observability:
    """What the layer built, and what other features reuse.

    `service_health_alarm_arns`: per service, the ARN of its composite "service healthy" alarm in the
    primary region (in ALARM = unhealthy): the front door's failover and release safety watch it.
    """

    alert_topics: dict[str, AlertTopic]
    service_health_alarm_arns: dict[str, pulumi.Output[str]]
    standby_service_health_alarm_arns: dict[str, pulumi.Output[str]] = field(default_factory=dict)
    account_baselines: dict[str, AccountBaseline] = field(default_factory=dict)
    audit_trail: AuditTrail | None = None
    owner_reference: pulumi.StackReference | None = None


def service_endpoints(front_door: FrontDoor | None) -> dict[str, list[ServiceEndpoint]]:
    """Per service routed by the front door, its load balancer and target group dimensions in each region
    that has an edge (primary first); empty without a front door."""
    endpoints: dict[str, list[ServiceEndpoint]] = {}
    if front_door is None:
        return endpoints
    for region, edge in front_door.edges.items():
        for service, target_group in edge.target_group_arn_suffixes.items():
            endpoints.setdefault(service, []).append(
                ServiceEndpoint(region=region, load_balancer=edge.load_balancer_arn_suffix, target_group=target_group)
            )
    return endpoints


def key_purposes(settings: StackSettings) -> list[KeyPurpose]:
    """The key ring's purposes: the `audit` key (the trail's) only in the stack that owns the trail."""
    owner = settings.observability.account_baseline.owner
    return [purpose for purpose in KEY_PURPOSES if purpose != "audit" or owner]


def build_observability(
    settings: StackSettings,
    providers: Providers,
    account_id: pulumi.Input[str],
    keys: KeyRing,
    data: DataTier,
    platform: Platform | None,
    resilience: Resilience,
    *,
    topics: Mapping[str, AlertTopic],
    endpoints: Mapping[str, Sequence[ServiceEndpoint]] | None = None,
    identity: UserPool | None = None,
) -> Observability:
    """Builds the layer and exports its stack outputs.

    `endpoints`: per service with `ingress.load_balancer`, its load balancer dimensions per region (from
    the front door). A service without one gets only its running-pods health until the front door is
    wired; its request SLO alarms appear with its endpoint. `identity`: the user pool, whose threat
    protection metrics get their alarms in the primary region (where the pool is).
    """
    regions = _regions(settings, providers, keys)
    routes = {name: topic.route for name, topic in topics.items()}
    primary, dr = regions[0], (regions[1] if len(regions) > 1 else None)
    baselines, trail, reference = _account_baseline(settings, account_id, keys, regions, routes)
    _data_store_alarms(settings, data, primary, dr, routes)
    if identity is not None:
        AlarmSet(
            f"{settings.prefix}-sign-in-alarms",
            AlarmSetArgs(route=routes[primary.name], specs=sign_in_risk_specs(identity.id)),
            opts=in_region(primary.provider),
        )
    if resilience.backup is not None:
        EventRouteSet(
            f"{settings.prefix}-backup-alerts",
            EventRouteSetArgs(route=routes[primary.name], routes=BACKUP_FAILURES),
            opts=in_region(primary.provider),
        )
    health: dict[str, pulumi.Output[str]] = {}
    standby_health: dict[str, pulumi.Output[str]] = {}
    if platform is not None:
        health = _platform_observability(settings, account_id, platform, primary, routes, endpoints or {})
    if resilience.standby is not None and dr is not None:
        standby = settings.dr.standby
        assert standby is not None  # a standby platform exists only with these settings
        standby_health = _platform_observability(
            settings, account_id, resilience.standby, dr, routes, endpoints or {}, min_nodes=standby.min_nodes
        )
    _dashboard(settings, data, platform, primary, dr, endpoints or {})
    observability = Observability(
        alert_topics=dict(topics),
        service_health_alarm_arns=health,
        standby_service_health_alarm_arns=standby_health,
        account_baselines=baselines,
        audit_trail=trail,
        owner_reference=reference,
    )
    _export(settings, observability)
    return observability


def build_alert_topics(
    settings: StackSettings, providers: Providers, account_id: pulumi.Input[str], keys: KeyRing
) -> dict[str, AlertTopic]:
    """The alerts topic of each region, built before the tiers whose alarms notify it (queues)."""
    return {region.name: _alert_topic(settings, account_id, region) for region in _regions(settings, providers, keys)}


def _regions(settings: StackSettings, providers: Providers, keys: KeyRing) -> list[Region]:
    regions = [Region(settings.region, providers.primary, keys.key_arn("alerts"), keys.key_arn("logs"), "")]
    if settings.has_dr_region:
        assert settings.dr.region is not None and providers.dr is not None  # settings require both
        regions.append(
            Region(
                settings.dr.region, providers.dr, keys.replica_key_arn("alerts"), keys.replica_key_arn("logs"), "-dr"
            )
        )
    return regions


def _alert_topic(settings: StackSettings, account_id: pulumi.Input[str], region: Region) -> AlertTopic:
    return AlertTopic(
        f"{settings.prefix}-alerts{region.label}",
        AlertTopicArgs(
            account_id=account_id,
            region=region.name,
            name_prefix=settings.prefix,
            kms_key_arn=region.alerts_key_arn,
            subscriptions=[_subscription(item, region) for item in settings.observability.alerts.subscriptions],
        ),
        opts=in_region(region.provider),
    )


def _subscription(item: SubscriptionSettings, region: Region) -> Subscription:
    endpoint: pulumi.Input[str]
    if item.endpoint_secret_arn is not None:
        # A URL that carries a token: read at deploy time, kept as a Pulumi secret, never in the stack file.
        secret_region = item.endpoint_secret_arn.split(":")[3]
        endpoint = pulumi.Output.secret(
            aws.secretsmanager.get_secret_version_output(
                secret_id=item.endpoint_secret_arn,
                region=secret_region,
                opts=pulumi.InvokeOutputOptions(provider=region.provider),
            ).secret_string
        )
    else:
        assert item.endpoint is not None  # settings require one of the two
        endpoint = item.endpoint
    return Subscription(protocol=item.protocol, endpoint=endpoint, pages_only=item.pages_only)


def _account_baseline(
    settings: StackSettings,
    account_id: pulumi.Input[str],
    keys: KeyRing,
    regions: Sequence[Region],
    routes: Mapping[str, AlarmRoute],
) -> tuple[dict[str, AccountBaseline], AuditTrail | None, pulumi.StackReference | None]:
    """The owner creates the account's singletons; any other stack references the owner's outputs."""
    observability = settings.observability
    ownership = observability.account_baseline
    if not ownership.owner:
        assert ownership.owner_stack is not None  # settings require it without ownership
        reference = pulumi.StackReference(f"{settings.prefix}-account-baseline", stack_name=ownership.owner_stack)
        return {}, None, reference
    threats, trail_settings = observability.threat_detection, observability.trail
    baselines = {
        region.name: AccountBaseline(
            f"{settings.prefix}-account-baseline{region.label}",
            AccountBaselineArgs(
                account_id=account_id,
                region=region.name,
                route=routes[region.name],
                logs_kms_key_arn=region.logs_key_arn,
                log_retention_days=observability.container_insights.log_retention_days,
                repository_prefix=settings.app,
                standards=threats.security_hub_standards,
                cis_version=threats.cis_version,
                malware_protection=threats.malware_protection,
            ),
            opts=in_region(region.provider),
        )
        for region in regions
    }
    primary = regions[0]
    trail = AuditTrail(
        f"{settings.prefix}-audit",
        AuditTrailArgs(
            account_id=account_id,
            region=primary.name,
            name_prefix=settings.prefix,
            kms_key_arn=keys.key_arn("audit"),
            logs_kms_key_arn=primary.logs_key_arn,
            route=routes[primary.name],
            lock_mode=trail_settings.lock_mode,
            retention_days=trail_settings.retention_days,
            expire_after_days=trail_settings.expire_after_days,
            log_retention_days=trail_settings.log_retention_days,
            audit_bucket_data_events=trail_settings.data_events.audit_bucket,
            read_management_events=trail_settings.data_events.secret_reads,
        ),
        opts=in_region(primary.provider),
    )
    return baselines, trail, None


def _data_store_alarms(
    settings: StackSettings, data: DataTier, primary: Region, dr: Region | None, routes: Mapping[str, AlarmRoute]
) -> None:
    """Every data store's alarms in its own region (a DR secondary's in the DR region: after a failover it
    is the primary), plus each DR secondary's replication lag against the RPO."""
    specs: dict[str, list[AlarmSpec]] = {primary.name: [], **({dr.name: []} if dr else {})}
    database, cache = data.database, data.cache
    if database is not None and settings.database is not None:
        d = settings.observability.database_alarms
        thresholds = DatabaseThresholds(
            cpu_percent=d.cpu_percent,
            freeable_memory_mib=d.freeable_memory_mib,
            connections=d.connections,
            replica_lag_ms=d.replica_lag_ms,
        )
        specs[primary.name] += aurora_specs(database.cluster_identifier, settings.database.readers, thresholds)
        if database.dr_cluster_identifier is not None and dr is not None:
            specs[dr.name] += [
                *aurora_specs(database.dr_cluster_identifier, 0, thresholds, what_prefix="dr-"),
                aurora_global_lag_spec(
                    database.dr_cluster_identifier, settings.dr.rpo_minutes, d.global_lag_percent_of_rpo
                ),
            ]
    if cache is not None:
        c = settings.observability.cache_alarms
        thresholds_c = CacheThresholds(
            engine_cpu_percent=c.engine_cpu_percent, memory_percent=c.memory_percent, evictions=c.evictions
        )
        specs[primary.name] += cache_specs(cache.replication_group_id, cache.node_count, thresholds_c)
        if cache.dr_replication_group_id is not None and cache.dr_node_count and dr is not None:
            specs[dr.name] += [
                *cache_specs(cache.dr_replication_group_id, cache.dr_node_count, thresholds_c, what_prefix="dr-"),
                cache_global_lag_spec(
                    cache.dr_replication_group_id,
                    cache.dr_node_count,
                    settings.dr.rpo_minutes,
                    c.global_lag_percent_of_rpo,
                ),
            ]
    for region in (primary, dr):
        if region is not None and specs[region.name]:
            AlarmSet(
                f"{settings.prefix}-data-alarms{region.label}",
                AlarmSetArgs(route=routes[region.name], specs=specs[region.name]),
                opts=in_region(region.provider),
            )


def _platform_observability(
    settings: StackSettings,
    account_id: pulumi.Input[str],
    platform: Platform,
    region: Region,
    routes: Mapping[str, AlarmRoute],
    endpoints: Mapping[str, Sequence[ServiceEndpoint]],
    *,
    min_nodes: int | None = None,
) -> dict[str, pulumi.Output[str]]:
    """Container Insights, cluster alarms, trace sampling and each service's health, for one cluster."""
    observability, cluster = settings.observability, platform.cluster
    assert settings.cluster is not None  # a platform exists only with a cluster section
    name = f"{settings.prefix}{region.label}"
    ContainerInsights(
        f"{name}-container-insights",
        ContainerInsightsArgs(
            cluster_name=cluster.name,
            cluster_arn=cluster.arn,
            account_id=account_id,
            region=region.name,
            addon_version=observability.container_insights.addon_version,
            logs_kms_key_arn=region.logs_key_arn,
            log_retention_days=observability.container_insights.log_retention_days,
            application_signals_log_group=APPLICATION_SIGNALS_LOG_GROUP,
        ),
        # The add-on schedules its agents on the nodes: the cluster (node group included) comes first.
        opts=in_region(region.provider).merge(pulumi.ResourceOptions(depends_on=[cluster])),
    )
    AlarmSet(
        f"{name}-cluster-alarms",
        AlarmSetArgs(
            route=routes[region.name],
            specs=cluster_specs(
                cluster.name,
                min_nodes=min_nodes or settings.cluster.nodes.min_size,
                pending_pods_minutes=observability.cluster_alarms.pending_pods_minutes,
            ),
        ),
        opts=in_region(region.provider),
    )
    Sampling(
        f"{name}-trace-sampling",
        SamplingArgs(
            service_names=[telemetry_service_name(settings.prefix, s.name) for s in settings.services],
            fixed_rate_percent=observability.tracing.sampling_percent,
            reservoir_per_second=observability.tracing.reservoir_per_second,
        ),
        opts=in_region(region.provider),
    )
    return {
        service.name: ServiceHealth(
            f"{name}-{service.name}-health",
            ServiceHealthArgs(
                service=service.name,
                route=routes[region.name],
                cluster_name=cluster.name,
                namespace=service.name,  # each service runs in a namespace of its own name
                min_pods=service.replicas.min,
                objective=_objective(settings, service.name) if service.ingress.load_balancer else None,
                endpoint=_endpoint_in(endpoints.get(service.name, ()), region.name),
            ),
            opts=in_region(region.provider),
        ).health_alarm_arn
        for service in settings.services
    }


def _objective(settings: StackSettings, service: str) -> Objective:
    objective = settings.observability.slo.objective(service)
    return Objective(availability_percent=objective.availability_percent, latency_p99_ms=objective.latency_p99_ms)


def _endpoint_in(endpoints: Sequence[ServiceEndpoint], region: str) -> ServiceEndpoint | None:
    return next((endpoint for endpoint in endpoints if endpoint.region == region), None)


def _dashboard(
    settings: StackSettings,
    data: DataTier,
    platform: Platform | None,
    primary: Region,
    dr: Region | None,
    endpoints: Mapping[str, Sequence[ServiceEndpoint]],
) -> None:
    panels = []
    for service in settings.services:
        endpoint = _endpoint_in(endpoints.get(service.name, ()), primary.name)
        objective = _objective(settings, service.name) if endpoint is not None else None
        panels.append(
            ServicePanel(
                name=service.name,
                namespace=service.name,
                error_budget=objective.error_budget if objective else None,
                latency_p99_seconds=objective.latency_p99_ms / 1000 if objective else None,
                load_balancer=endpoint.load_balancer if endpoint else None,
                target_group=endpoint.target_group if endpoint else None,
            )
        )
    database, cache = data.database, data.cache
    Dashboard(
        f"{settings.prefix}-dashboard",
        DashboardArgs(
            dashboard_name=f"{settings.prefix}-slo",
            region=primary.name,
            cluster_name=platform.cluster.name if platform else None,
            services=panels,
            database_cluster_identifier=database.cluster_identifier if database else None,
            cache_replication_group_id=cache.replication_group_id if cache else None,
            cache_nodes=cache.node_count if cache else 1,
            dr_region=dr.name if dr else None,
            dr_database_cluster_identifier=database.dr_cluster_identifier if database else None,
            dr_cache_replication_group_id=cache.dr_replication_group_id if cache else None,
            dr_cache_nodes=(cache.dr_node_count or 1) if cache else 1,
            rpo_seconds=settings.dr.rpo_minutes * 60 if dr else None,
        ),
        opts=in_region(primary.provider),
    )


def database_audit_sql(tables: Sequence[str]) -> list[str]:
    """What an administrator runs once in the database after deploy (docs/observability.md)."""
    statements = [f"CREATE ROLE {AUDIT_ROLE};"]
    statements += [f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {AUDIT_ROLE};" for table in tables]
    return statements


def _export(settings: StackSettings, observability: Observability) -> None:
    """The observability part of the stack outputs contract (docs/stack-outputs.md)."""
    pulumi.export("alert_topic_arns", {region: topic.arn for region, topic in observability.alert_topics.items()})
    pulumi.export("service_health_alarm_arns", observability.service_health_alarm_arns)
    pulumi.export("standby_service_health_alarm_arns", observability.standby_service_health_alarm_arns)
    pulumi.export("dashboard_name", f"{settings.prefix}-slo")
    if settings.database is not None:
        pulumi.export("database_audit_sql", database_audit_sql(settings.observability.database_audit.sensitive_tables))
    pulumi.export("account_baseline", _account_baseline_output(settings, observability))


def _account_baseline_output(settings: StackSettings, observability: Observability) -> Any:
    """Who owns the account's singletons: this stack (with their identifiers) or the named owner."""
    if observability.owner_reference is not None:
        return observability.owner_reference.get_output("account_baseline")
    trail, baselines = observability.audit_trail, observability.account_baselines
    assert trail is not None and baselines  # the owner always builds the trail and a baseline per region
    return {
        "owned_by": f"{pulumi.get_organization() or DEFAULT_ORGANIZATION}/{pulumi.get_project()}/{pulumi.get_stack()}",
        "trail_arn": trail.trail_arn,
        "audit_bucket": trail.bucket_name,
        "audit_bucket_lock_mode": settings.observability.trail.lock_mode,
        "detector_ids": {region: baseline.detector_id for region, baseline in baselines.items()},
        "detector_features": list(next(iter(baselines.values())).detector_features),
        "security_hub_arns": {region: baseline.security_hub_arn for region, baseline in baselines.items()},
        "security_hub_standards": {region: list(baseline.standards_arns) for region, baseline in baselines.items()},
    }
