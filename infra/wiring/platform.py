"""Wires the container platform: the EKS cluster, its Kubernetes provider and the services.

`build_platform` builds it in the primary region. `build_platform_in` is region-neutral (provider,
region, keys and network are parameters) so that the DR wiring can build a scaled-down copy in the
DR region with its own provider, replica keys and network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.foundation.keys import KeyRing
from components.foundation.network import Network
from components.kubernetes.service import EgressRule, FrontDoorExposure, Service, ServiceArgs, ServiceCall
from components.observability.tracing import ServiceTelemetry
from components.platform.cluster import AutoscalingArgs, Cluster, ClusterArgs
from components.platform.cluster_nodes import NodeGroupArgs
from infra.settings import StackSettings
from infra.settings.cluster import ClusterSettings, NodeSettings
from infra.settings.services import ServiceSettings
from infra.wiring.telemetry import telemetry_by_service, telemetry_egress

POSTGRES_PORT = 5432
CACHE_PORT = 6379
HTTPS = 443
ANYWHERE = "0.0.0.0/0"


@dataclass(frozen=True)
class Platform:
    """The cluster and the services (by name) of one region."""

    cluster: Cluster
    services: dict[str, Service]

    @property
    def roles(self) -> dict[str, aws.iam.Role]:
        """Each service's workload role by service name, as `grant_service_access` takes them."""
        return {name: service.role for name, service in self.services.items()}


def build_platform(
    settings: StackSettings,
    *,
    provider: aws.Provider,
    account_id: pulumi.Input[str],
    keys: KeyRing,
    network: Network,
    service_env: Mapping[str, Mapping[str, pulumi.Input[str]]] | None = None,
) -> Platform | None:
    """The primary region's platform, or None when the stack has no `cluster:` section.

    `service_env` maps a service name to the plain environment variables it gets (where its data lives).
    """
    if settings.cluster is None:
        return None
    platform = build_platform_in(
        settings,
        name=f"{settings.prefix}-cluster",
        region=settings.region,
        provider=provider,
        account_id=account_id,
        network=network,
        cluster_key_arn=keys.key_arn("cluster"),
        logs_key_arn=keys.key_arn("logs"),
        service_env=service_env,
    )
    pulumi.export("cluster_name", platform.cluster.name)
    pulumi.export("cluster_arn", platform.cluster.arn)
    pulumi.export(
        "services",
        [
            {"name": name, "namespace": service.namespace, "role_arn": service.role.arn}
            for name, service in platform.services.items()
        ],
    )
    return platform


def build_platform_in(
    settings: StackSettings,
    *,
    name: str,
    region: str,
    provider: aws.Provider,
    account_id: pulumi.Input[str],
    network: Network,
    cluster_key_arn: pulumi.Input[str],
    logs_key_arn: pulumi.Input[str],
    nodes: NodeSettings | None = None,
    service_env: Mapping[str, Mapping[str, pulumi.Input[str]]] | None = None,
) -> Platform:
    """A cluster and the stack's services in `region` through `provider`; `nodes` overrides the node
    group (a warm standby runs smaller); `service_env` as in `build_platform`."""
    cluster_settings = settings.cluster
    if cluster_settings is None:
        raise ValueError("build_platform_in: the stack has no `cluster:` section")
    cluster = Cluster(
        name,
        cluster_args(
            cluster_settings,
            region=region,
            account_id=account_id,
            network=network,
            cluster_key_arn=cluster_key_arn,
            logs_key_arn=logs_key_arn,
            deletion_protection=settings.deletion_protection,
            nodes=nodes or cluster_settings.nodes,
        ),
        opts=pulumi.ResourceOptions(provider=provider),
    )
    data_cidrs = network.subnet_cidrs("isolated")
    load_balancer_cidrs = network.subnet_cidrs("public")
    node_cidrs = network.subnet_cidrs("private")
    telemetry = telemetry_by_service(settings)
    # AWS APIs through the VPC endpoints where this network has them, else through NAT.
    aws_api_cidrs = [network.vpc_cidr_block] if network.has_vpc_endpoints else [ANYWHERE]
    services = {
        service.name: Service(
            f"{name}-{service.name}",
            service_args(
                service,
                cluster=cluster,
                data_cidrs=data_cidrs,
                load_balancer_cidrs=load_balancer_cidrs,
                aws_api_cidrs=aws_api_cidrs,
                env=(service_env or {}).get(service.name, {}),
                callees=[other for other in settings.services if service.name in other.ingress.from_services],
                telemetry=telemetry[service.name],
                node_cidrs=node_cidrs,
            ),
            opts=pulumi.ResourceOptions(provider=provider, parent=cluster),
        )
        for service in settings.services
    }
    return Platform(cluster=cluster, services=services)


def cluster_args(
    settings: ClusterSettings,
    *,
    region: str,
    account_id: pulumi.Input[str],
    network: Network,
    cluster_key_arn: pulumi.Input[str],
    logs_key_arn: pulumi.Input[str],
    deletion_protection: bool,
    nodes: NodeSettings,
) -> ClusterArgs:
    return ClusterArgs(
        region=region,
        account_id=account_id,
        version=settings.version,
        vpc_id=network.vpc_id,
        vpc_cidr_block=network.vpc_cidr_block,
        subnet_ids=network.private_subnet_ids,
        kms_key_arn=cluster_key_arn,
        logs_kms_key_arn=logs_key_arn,
        admin_role_arns=settings.admin_role_arns,
        addon_versions=settings.addons.by_addon_name(),
        nodes=NodeGroupArgs(
            instance_types=nodes.instance_types,
            min_size=nodes.min_size,
            max_size=nodes.max_size,
            capacity_type=nodes.capacity_type,
            ami_type=nodes.ami_type,
            disk_size_gib=nodes.disk_size_gib,
            max_unavailable_percentage=nodes.max_unavailable_percentage,
        ),
        autoscaling=AutoscalingArgs(
            cluster_autoscaler_image=settings.autoscaling.cluster_autoscaler_image.reference,
            metrics_server_image=settings.autoscaling.metrics_server_image.reference,
            replicas=settings.autoscaling.replicas,
        ),
        public_access_cidrs=settings.public_access_cidrs,
        log_retention_days=settings.log_retention_days,
        deletion_protection=deletion_protection,
    )


def service_args(
    service: ServiceSettings,
    *,
    cluster: Cluster,
    data_cidrs: Sequence[str],
    load_balancer_cidrs: Sequence[str],
    aws_api_cidrs: Sequence[str],
    env: Mapping[str, pulumi.Input[str]],
    callees: Sequence[ServiceSettings] = (),
    telemetry: ServiceTelemetry | None = None,
    node_cidrs: Sequence[str] = (),
) -> ServiceArgs:
    """The service's component args; its network paths follow exactly what it declares it needs.

    `callees`: the services that admit this one (`ingress.from_services`); it gets egress to them.
    `telemetry`: where it sends traces and how it logs (env), and the path to the node-local agent
    (egress to `node_cidrs`)."""
    egress = egress_rules(service, data_cidrs=data_cidrs, aws_api_cidrs=aws_api_cidrs)
    if telemetry is not None:
        env = {**env, **telemetry.env}
        egress += telemetry_egress(telemetry, node_cidrs)
    exposure = service.ingress.load_balancer
    return ServiceArgs(
        cluster=cluster.access,
        workload_name=service.name,
        image=service.image.reference,
        port=service.port,
        min_replicas=service.replicas.min,
        max_replicas=service.replicas.max,
        requests=service.resources.requests.model_dump(),
        limits=service.resources.limits.model_dump(),
        liveness_path=service.health.liveness_path,
        readiness_path=service.health.readiness_path,
        startup_path=service.health.startup_path,
        egress=egress,
        ingress_cidr_blocks=load_balancer_cidrs if exposure is not None else (),
        front_door=FrontDoorExposure(node_port=exposure.node_port) if exposure is not None else None,
        ingress_from_namespaces=service.ingress.from_services,
        calls=[ServiceCall(workload_name=callee.name, namespace=callee.name, port=callee.port) for callee in callees],
        env=env,
    )


def egress_rules(
    service: ServiceSettings, *, data_cidrs: Sequence[str], aws_api_cidrs: Sequence[str]
) -> list[EgressRule]:
    needs = service.needs
    rules = []
    if needs.database_user is not None:
        rules.append(EgressRule(port=POSTGRES_PORT, cidr_blocks=data_cidrs, description="Aurora PostgreSQL"))
    if needs.cache:
        rules.append(EgressRule(port=CACHE_PORT, cidr_blocks=data_cidrs, description="Valkey cache"))
    if needs.uses_aws_apis:
        rules.append(
            EgressRule(
                port=HTTPS,
                cidr_blocks=aws_api_cidrs,
                description="AWS APIs (Secrets Manager, KMS) through the VPC endpoints or NAT",
            )
        )
    return rules
