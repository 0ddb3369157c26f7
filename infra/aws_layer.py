"""The AWS layer's program: settings in, AWS components wired per environment, stack outputs out.

Everything here talks to AWS APIs only, so it can be applied from anywhere with AWS credentials; what
the Kubernetes layer needs about each cluster is exported as the `kubernetes` output (infra/layers.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pulumi
import pulumi_aws as aws

from components.foundation.keys import KeyRing, KeyRingArgs
from components.foundation.network import Network
from infra.layers import KUBERNETES_OUTPUT, ClusterFacts, settings_or_stop
from infra.providers import Providers, create_providers, in_region
from infra.settings import StackSettings
from infra.wiring.data import DataTier, build_data_tier, grant_service_access, service_connection_env
from infra.wiring.edge import FrontDoor, build_front_door, edge_site
from infra.wiring.observability import Observability, build_observability, key_purposes, service_endpoints
from infra.wiring.platform import Platform, build_platform
from infra.wiring.resilience import Resilience, build_dr_site, build_resilience, network_args, replica_args


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
    observability: Observability | None = None
    front_door: FrontDoor | None = None


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
            replica_region=settings.dr.region,
            replica_provider=providers.dr,
            purposes=key_purposes(settings),
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
            settings.network, region=settings.region, account_id=account_id, logs_kms_key_arn=keys.key_arn("logs")
        ),
        opts=in_region(providers.primary),
    )
    dr_site = build_dr_site(settings, providers, account_id, keys)
    data = build_data_tier(settings, providers, keys, network, **replica_args(settings, providers, keys, dr_site))
    platform = build_platform(
        settings,
        provider=providers.primary,
        account_id=account_id,
        keys=keys,
        network=network,
        service_env=service_connection_env(data, settings.services),
    )
    if platform is not None:
        grant_service_access(data, settings.services, platform.roles, platform.cluster.node_security_group_id)
    resilience = build_resilience(settings, providers, account_id, keys, network, data, dr_site)
    standby = resilience.standby
    front_door = build_front_door(
        settings,
        account_id,
        primary=edge_site(settings.region, providers.primary, network, platform, keys.key_arn("logs")),
        standby=edge_site(settings.dr.region, providers.dr, dr_site.network, standby, keys.replica_key_arn("logs"))
        if standby is not None
        else None,
    )
    observability = build_observability(
        settings, providers, account_id, keys, data, platform, resilience, endpoints=service_endpoints(front_door)
    )
    deployment = Deployment(
        settings=settings,
        providers=providers,
        account_id=account_id,
        keys=keys,
        network=network,
        data=data,
        platform=platform,
        resilience=resilience,
        observability=observability,
        front_door=front_door,
    )
    export_outputs(deployment)
    return deployment


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
    platforms = {
        "primary": deployment.platform,
        "standby": deployment.resilience.standby if deployment.resilience else None,
    }
    present = {role: platform for role, platform in platforms.items() if platform is not None}
    pulumi.export(
        KUBERNETES_OUTPUT,
        {
            "clusters": {
                role: cluster_facts(platform, deployment.front_door).exported() for role, platform in present.items()
            }
        },
    )
    pulumi.export(
        "runners",
        {
            role: {"project_name": platform.runner.project_name, "region": platform.facts.region}
            for role, platform in present.items()
        },
    )


def cluster_facts(platform: Platform, front_door: FrontDoor | None) -> ClusterFacts:
    """The cluster's facts, with the NodePorts of the front door's target groups in its region: the
    Kubernetes layer opens the ports the load balancer actually sends to."""
    edge = front_door.edges.get(platform.facts.region) if front_door is not None else None
    if edge is None:
        return platform.facts
    return replace(platform.facts, front_door_node_ports=edge.node_ports)


def main() -> None:
    build(settings_or_stop())
