"""Wires the Kubernetes side of one cluster: its provider, its controllers and the stack's services.

Structure (which services, their images, ports, replicas, what each needs) comes from the settings;
every value that exists only once the AWS layer has run (the cluster's endpoint and CA, the subnets'
ranges, each workload's Pod Identity role, where the data lives) comes from the AWS layer's
`ClusterFacts`, read through a StackReference (infra/kubernetes_layer.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pulumi

from components.kubernetes.autoscaler import ClusterAutoscaler, ClusterAutoscalerArgs
from components.kubernetes.flags_agent import FlagsAgentArgs
from components.kubernetes.metrics import MetricsServer, MetricsServerArgs
from components.kubernetes.objects import RolloutArgs
from components.kubernetes.provider import KubernetesTarget, cluster_provider
from components.kubernetes.service import EgressRule, FrontDoorExposure, Service, ServiceArgs, ServiceCall
from components.reference.kubernetes import CLUSTER_AUTOSCALER
from infra.layers import ANYWHERE, ClusterFacts, ClusterRole
from infra.settings import StackSettings
from infra.settings.services import ServiceSettings
from infra.wiring.telemetry import service_telemetry_of, telemetry_egress

POSTGRES_PORT = 5432
CACHE_PORT = 6379
HTTPS = 443


def cluster_name_prefix(settings: StackSettings, role: ClusterRole) -> str:
    """`<app>-<env>-cluster` or `<app>-<env>-dr-cluster`: the prefix of a cluster's resource names."""
    return f"{settings.prefix}-cluster" if role == "primary" else f"{settings.prefix}-dr-cluster"


def cluster_region(settings: StackSettings, role: ClusterRole) -> str:
    if role == "primary":
        return settings.region
    assert settings.dr.region is not None  # settings require it for a warm standby
    return settings.dr.region


def build_workloads(
    settings: StackSettings, *, role: ClusterRole, facts: ClusterFacts, aws_stack: str
) -> dict[str, Service]:
    """The provider, cluster-autoscaler, metrics-server and every service of the `role` cluster.

    `aws_stack` names the AWS layer's stack in error messages (a workload it has no role for)."""
    cluster = settings.cluster
    if cluster is None:
        raise ValueError("build_workloads: the stack has no `cluster:` section")
    name = cluster_name_prefix(settings, role)
    region = cluster_region(settings, role)
    target = KubernetesTarget(
        name=facts.name,
        region=region,
        provider=cluster_provider(
            f"{name}-k8s",
            cluster_name=facts.name,
            endpoint=facts.endpoint,
            certificate_authority=_checked_region(facts, region, aws_stack),
            region=region,
        ),
    )
    autoscaling = cluster.autoscaling
    ClusterAutoscaler(
        f"{name}-autoscaler",
        ClusterAutoscalerArgs(
            target=target,
            image=autoscaling.cluster_autoscaler_image.reference,
            replicas=autoscaling.replicas,
            pod_identity_role_arn=facts.role_of(CLUSTER_AUTOSCALER, aws_stack),
            rollout=rollout_args(settings),
        ),
    )
    MetricsServer(
        f"{name}-metrics-server",
        MetricsServerArgs(
            target=target,
            image=autoscaling.metrics_server_image.reference,
            vpc_cidr_block=facts.vpc_cidr_block,
            api_server_service_ip=facts.api_server_service_ip,
            replicas=autoscaling.replicas,
            rollout=rollout_args(settings),
        ),
    )
    services = settings.services
    if role == "standby":
        assert settings.dr.region is not None
        services = in_dr_registry(
            services, primary_region=settings.region, dr_region=settings.dr.region, repository_prefix=settings.app
        )
    return {
        service.name: Service(
            f"{name}-{service.name}",
            service_args(
                settings,
                service,
                target=target,
                facts=facts,
                aws_stack=aws_stack,
                callees=[other for other in services if service.name in other.ingress.from_services],
                rollout=rollout_args(settings),
                flags_agent=flags_agent(settings, service, facts=facts, region=region, aws_stack=aws_stack),
            ),
        )
        for service in services
    }


def _checked_region(facts: ClusterFacts, region: str, aws_stack: str) -> pulumi.Output[str]:
    """The cluster's CA, once the AWS layer's region for the cluster is checked against the settings'."""

    def checked(values: list) -> str:
        exported_region, certificate_authority = values
        if exported_region != region:
            raise ValueError(
                f"the AWS layer stack {aws_stack} has this cluster in {exported_region}, the settings in "
                f"{region}: apply the AWS layer with these settings first"
            )
        return certificate_authority

    return pulumi.Output.all(facts.region, facts.certificate_authority).apply(checked)


def service_args(
    settings: StackSettings,
    service: ServiceSettings,
    *,
    target: KubernetesTarget,
    facts: ClusterFacts,
    aws_stack: str,
    callees: Sequence[ServiceSettings] = (),
    rollout: RolloutArgs | None = None,
    flags_agent: FlagsAgentArgs | None = None,
) -> ServiceArgs:
    """The service's component args; its network paths follow exactly what it declares it needs.

    `callees`: the services that admit this one (`ingress.from_services`); it gets egress to them.
    `rollout`: the stack's rollout limits (default: the component's); `flags_agent`: its AppConfig
    Agent sidecar (services with `needs.flags`).
    A service behind the front door opens the NodePort of the AWS layer's target group for it. Every
    service is told where to send traces and how to log (plain environment) and may reach the
    node-local agent (egress to the node subnets)."""
    exposed = service.ingress.load_balancer is not None
    telemetry = service_telemetry_of(settings, service.name)
    return ServiceArgs(
        cluster=target,
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
        egress=[*egress_rules(service, facts), *telemetry_egress(telemetry, facts.node_cidrs)],
        ingress_cidr_blocks=facts.load_balancer_cidrs if exposed else (),
        front_door=FrontDoorExposure(node_port=facts.node_port_of(service.name, aws_stack)) if exposed else None,
        ingress_from_namespaces=service.ingress.from_services,
        calls=[ServiceCall(workload_name=callee.name, namespace=callee.name, port=callee.port) for callee in callees],
        env=pulumi.Output.from_input(facts.service_env).apply(
            lambda env: {**env.get(service.name, {}), **telemetry.env}
        ),
        pod_identity_role_arn=facts.role_of(service.name, aws_stack),
        rollout=rollout or RolloutArgs(),
        flags_agent=flags_agent,
    )


def rollout_args(settings: StackSettings) -> RolloutArgs:
    """The stack's rollout limits, for every Deployment (services and cluster controllers alike)."""
    return RolloutArgs(
        progress_deadline_seconds=settings.rollout.progress_deadline_seconds,
        min_ready_seconds=settings.rollout.min_ready_seconds,
    )


def flags_agent(
    settings: StackSettings, service: ServiceSettings, *, facts: ClusterFacts, region: str, aws_stack: str
) -> FlagsAgentArgs | None:
    """The AppConfig Agent sidecar of a service with `needs.flags`: the image, poll interval and resources
    from `releases:`, the profile the AWS layer built in the cluster's region from `facts.feature_flags`."""
    release = settings.releases
    if not service.needs.flags or release is None:  # settings refuse needs.flags without releases
        return None
    return FlagsAgentArgs(
        image=release.agent_image.reference,
        region=region,
        application_id=facts.flag_id_of("application_id", aws_stack),
        environment_id=facts.flag_id_of("environment_id", aws_stack),
        profile_id=facts.flag_id_of("profile_id", aws_stack),
        poll_interval_seconds=release.agent_poll_interval_seconds,
        requests=release.agent_resources.requests.model_dump(),
        limits=release.agent_resources.limits.model_dump(),
    )


def egress_rules(service: ServiceSettings, facts: ClusterFacts) -> list[EgressRule]:
    needs = service.needs
    rules = []
    if needs.database_user is not None:
        rules.append(EgressRule(port=POSTGRES_PORT, cidr_blocks=facts.data_cidrs, description="Aurora PostgreSQL"))
    if needs.cache:
        rules.append(EgressRule(port=CACHE_PORT, cidr_blocks=facts.data_cidrs, description="Valkey cache"))
    if needs.uses_aws_apis:
        rules.append(
            EgressRule(
                port=HTTPS,
                cidr_blocks=facts.aws_api_cidrs,
                description="AWS APIs (Secrets Manager, KMS, SQS, AppConfig) through the VPC endpoints or NAT",
            )
        )
    if needs.uses_user_pool:
        # The user pool's public endpoint (signing keys, AdminGetUser): the networks have no Cognito endpoint.
        rules.append(EgressRule(port=HTTPS, cidr_blocks=[ANYWHERE], description="Cognito user pool through NAT"))
    return rules


def in_dr_registry(
    services: Sequence[ServiceSettings], *, primary_region: str, dr_region: str, repository_prefix: str
) -> tuple[ServiceSettings, ...]:
    """The services whose images ECR replicates (`<account>.dkr.ecr.<primary>.amazonaws.com/<prefix>/...`)
    pull them from the DR registry instead: the primary registry is gone with the primary region.
    Other images are left as they are."""
    replicated = re.compile(
        rf"^(?P<account>[0-9]{{12}})\.dkr\.ecr\.{re.escape(primary_region)}\.amazonaws\.com/"
        rf"(?={re.escape(repository_prefix)}/)"
    )

    def moved(service: ServiceSettings) -> ServiceSettings:
        repository = replicated.sub(rf"\g<account>.dkr.ecr.{dr_region}.amazonaws.com/", service.image.repository)
        return service.model_copy(update={"image": service.image.model_copy(update={"repository": repository})})

    return tuple(moved(service) for service in services)
