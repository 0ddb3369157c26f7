"""The AWS layer's program: settings in, AWS components wired per environment, stack outputs out.

Everything here talks to AWS APIs only, so it can be applied from anywhere with AWS credentials; what
the Kubernetes layer needs about each cluster is exported as the `kubernetes` output (infra/layers.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pulumi
import pulumi_aws as aws

from components.foundation.keys import KeyPurpose, KeyRing, KeyRingArgs
from components.foundation.network import Network
from components.identity.user_pool import UserPool
from components.resilience.dr_site import DrSite
from infra.layers import KUBERNETES_OUTPUT, ClusterFacts, settings_or_stop
from infra.providers import Providers, create_providers, in_region
from infra.settings import StackSettings
from infra.wiring.data import DataTier, build_data_tier, grant_service_access, service_connection_env
from infra.wiring.edge import EdgeSite, FrontDoor, build_front_door, edge_site
from infra.wiring.identity import (
    build_identity,
    build_sign_in_domain,
    grant_user_lookup,
    identity_env,
    identity_outputs,
    merged_env,
)
from infra.wiring.messaging import (
    Messaging,
    build_messaging,
    grant_queue_access,
    queue_alarm_arns,
    queue_connection_env,
)
from infra.wiring.observability import Observability, build_alert_topics, build_observability, service_endpoints
from infra.wiring.observability import key_purposes as observability_key_purposes
from infra.wiring.platform import Platform, build_platform
from infra.wiring.releases import Releases, build_releases, flag_facts, grant_flag_reads, rollback_alarm_arns
from infra.wiring.resilience import (
    Resilience,
    build_dr_site,
    build_resilience,
    extra_endpoint_services,
    network_args,
    replica_args,
)
from infra.wiring.verification import export_verification_outputs, runner_output


@dataclass(frozen=True)
class Deployment:
    """What the program built, for wiring later tiers and for tests."""

    settings: StackSettings
    providers: Providers
    account_id: pulumi.Output[str]
    keys: KeyRing
    network: Network
    platform: Platform | None = None
    data: DataTier | None = None
    resilience: Resilience | None = None
    messaging: Messaging | None = None
    releases: Releases | None = None
    observability: Observability | None = None
    front_door: FrontDoor | None = None
    identity: UserPool | None = None


def build(settings: StackSettings) -> Deployment:
    providers = create_providers(settings)
    account_id = aws.get_caller_identity_output(opts=pulumi.InvokeOptions(provider=providers.primary)).account_id
    keys = KeyRing(
        f"{settings.prefix}-keys",
        KeyRingArgs(
            account_id=account_id,
            region=settings.region,
            admin_role_arns=settings.keys.admin_role_arns,
            deletion_window_days=settings.keys.deletion_window_days,
            purposes=key_purposes(settings),
            replica_region=settings.dr.region,
            replica_provider=providers.dr,
            # Services that publish into encrypted topics (the alerts key admits its publishers itself).
            service_principals={"data": ["events.rds.amazonaws.com"], "backup": ["backup.amazonaws.com"]},
        ),
        opts=in_region(providers.primary).merge(
            pulumi.ResourceOptions(depends_on=_autoscaling_service_role(settings, providers))
        ),
    )
    network = Network(
        f"{settings.prefix}-network",
        network_args(
            settings.network,
            region=settings.region,
            account_id=account_id,
            logs_kms_key_arn=keys.key_arn("logs"),
            extra_endpoint_services=extra_endpoint_services(settings),
        ),
        opts=in_region(providers.primary),
    )
    dr_site = build_dr_site(settings, providers, account_id, keys)
    data = build_data_tier(settings, providers, keys, network, **replica_args(settings, providers, keys, dr_site))
    identity = build_identity(settings, providers.primary, keys.key_arn("logs"))
    alert_topics = build_alert_topics(settings, providers, account_id, keys)
    messaging = build_messaging(
        settings, providers, account_id, keys, alerts_topic_arns={region: t.arn for region, t in alert_topics.items()}
    )
    platform = build_platform(
        settings,
        provider=providers.primary,
        account_id=account_id,
        keys=keys,
        network=network,
        service_env=merged_env(
            service_connection_env(data, settings.services),
            identity_env(identity, settings.services),
            queue_connection_env(messaging, settings.services),
        ),
    )
    if platform is not None:
        grant_service_access(data, settings.services, platform.roles, platform.cluster.node_security_group_id)
        grant_user_lookup(identity, settings.services, platform.roles)
        grant_queue_access(messaging, settings.services, platform.roles)
    resilience = build_resilience(
        settings,
        providers,
        account_id,
        keys,
        network,
        data,
        dr_site,
        identity=identity,
        standby_env=queue_connection_env(messaging, settings.services, standby=True),
    )
    standby = resilience.standby
    if standby is not None:
        grant_queue_access(messaging, settings.services, standby.roles, standby=True)
    front_door = build_front_door(
        settings,
        account_id,
        primary=edge_site(settings.region, providers.primary, network, platform, keys.key_arn("logs")),
        standby=_standby_edge_site(settings, providers, dr_site, standby, keys),
    )
    observability = build_observability(
        settings,
        providers,
        account_id,
        keys,
        data,
        platform,
        resilience,
        topics=alert_topics,
        endpoints=service_endpoints(front_door),
        identity=identity,
    )
    # A flag rollout rolls back when a service it reaches turns unhealthy or its queues back up: built
    # after the alarms it watches.
    releases = build_releases(
        settings,
        providers,
        account_id,
        keys,
        monitor_alarm_arns=rollback_alarm_arns(
            queue_alarm_arns(messaging, settings.services), observability.service_health_alarm_arns
        ),
        standby_monitor_alarm_arns=rollback_alarm_arns(
            queue_alarm_arns(messaging, settings.services, standby=True),
            observability.standby_service_health_alarm_arns,
        ),
    )
    if platform is not None:
        grant_flag_reads(releases, settings.services, platform.roles)
    if standby is not None:
        grant_flag_reads(releases, settings.services, standby.roles, standby=True)
    sign_in_domain = build_sign_in_domain(
        settings, identity, front_door.domain.zone_id if front_door else None, providers.primary
    )
    if identity is not None:
        pulumi.export("identity", identity_outputs(settings, identity, sign_in_domain))
    deployment = Deployment(
        settings=settings,
        providers=providers,
        account_id=account_id,
        keys=keys,
        network=network,
        data=data,
        platform=platform,
        resilience=resilience,
        messaging=messaging,
        releases=releases,
        observability=observability,
        front_door=front_door,
        identity=identity,
    )
    export_outputs(deployment)
    return deployment


def key_purposes(settings: StackSettings) -> list[KeyPurpose]:
    """The CMKs the stack needs: the observability wiring's, with the queue key and the release key only
    when the stack has queues or feature flags."""
    needed: dict[KeyPurpose, bool] = {"queues": bool(settings.queues), "releases": settings.releases is not None}
    return [purpose for purpose in observability_key_purposes(settings) if needed.get(purpose, True)]


def _standby_edge_site(
    settings: StackSettings, providers: Providers, dr_site: DrSite | None, standby: Platform | None, keys: KeyRing
) -> EdgeSite | None:
    """The DR region's edge site, when a warm standby runs there."""
    if standby is None:
        return None
    # A warm standby implies the DR region, its provider and its standing network (settings.dr requires them).
    assert settings.dr.region is not None and providers.dr is not None
    assert dr_site is not None and dr_site.network is not None
    return edge_site(settings.dr.region, providers.dr, dr_site.network, standby, keys.replica_key_arn("logs"))


def _autoscaling_service_role(settings: StackSettings, providers: Providers) -> list[pulumi.Resource]:
    """The Auto Scaling service-linked role, where the account does not have it yet (see KeySettings)."""
    if not settings.keys.create_autoscaling_service_role:
        return []
    return [
        aws.iam.ServiceLinkedRole(
            f"{settings.prefix}-autoscaling-service-role",
            aws_service_name="autoscaling.amazonaws.com",
            description="Lets Auto Scaling launch the EKS nodes' CMK-encrypted volumes",
            opts=in_region(providers.primary),
        )
    ]


def export_outputs(deployment: Deployment) -> None:
    """Stack outputs; the runbooks read these (docs/stack-outputs.md), so their names are a contract."""
    settings = deployment.settings
    pulumi.export("environment", settings.environment)
    pulumi.export("primary_region", settings.region)
    pulumi.export("dr_region", settings.dr.region)
    pulumi.export("rpo_minutes", settings.dr.rpo_minutes)
    pulumi.export("rto_minutes", settings.dr.rto_minutes)
    pulumi.export("vpc_id", deployment.network.vpc_id)
    export_verification_outputs(deployment)
    platforms = {
        "primary": deployment.platform,
        "standby": deployment.resilience.standby if deployment.resilience else None,
    }
    present = {role: platform for role, platform in platforms.items() if platform is not None}
    pulumi.export(
        KUBERNETES_OUTPUT,
        {
            "clusters": {
                role: cluster_facts(
                    platform,
                    deployment.front_door,
                    feature_flags=flag_facts(deployment.releases, standby=role == "standby"),
                ).exported()
                for role, platform in present.items()
            }
        },
    )
    pulumi.export("runners", {role: runner_output(platform) for role, platform in present.items()})


def cluster_facts(
    platform: Platform, front_door: FrontDoor | None, *, feature_flags: Mapping[str, pulumi.Input[str]]
) -> ClusterFacts:
    """The cluster's facts, with what is built after the platform: the NodePorts of the front door's
    target groups in its region (the Kubernetes layer opens the ports the load balancer actually sends
    to) and the flags profile in its region (the one its services' agents poll)."""
    edge = front_door.edges.get(platform.region) if front_door is not None else None
    node_ports = edge.node_ports if edge is not None else platform.facts.front_door_node_ports
    return replace(platform.facts, front_door_node_ports=node_ports, feature_flags=dict(feature_flags))


def main() -> None:
    build(settings_or_stop())
