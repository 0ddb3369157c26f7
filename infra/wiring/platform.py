"""Wires the AWS side of the container platform: the EKS cluster, each service's Pod Identity role, the
in-VPC runner, and the facts the Kubernetes layer reads about the cluster.

`build_platform` builds it in the primary region. `build_platform_in` is region-neutral (provider,
region, keys and network are parameters) so that the DR wiring can build a scaled-down copy in the
DR region with its own provider, replica keys and network. The services' Kubernetes objects are the
Kubernetes layer's (infra/wiring/workloads.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.foundation.keys import KeyRing
from components.foundation.network import Network
from components.platform.cluster import Cluster, ClusterArgs
from components.platform.cluster_nodes import NodeGroupArgs
from components.platform.runner import Runner, RunnerArgs, RunnerSource
from components.platform.workload_identity import WorkloadIdentity, WorkloadIdentityArgs
from components.reference.kubernetes import CLUSTER_AUTOSCALER
from infra.layers import (
    ANYWHERE,
    KUBERNETES_PROJECTS,
    ClusterFacts,
    ClusterRole,
    aws_project_name,
    kubernetes_project_dir,
    policy_config_path,
)
from infra.settings import StackSettings
from infra.settings.cluster import ClusterSettings, NodeSettings


@dataclass(frozen=True)
class Platform:
    """The AWS side of one region's platform: the cluster, each service's identity, the runner."""

    region: str
    cluster: Cluster
    identities: dict[str, WorkloadIdentity]
    runner: Runner
    facts: ClusterFacts

    @property
    def roles(self) -> dict[str, aws.iam.Role]:
        """Each service's workload role by service name, as `grant_service_access` takes them."""
        return {name: identity.role for name, identity in self.identities.items()}


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

    `service_env` maps a service name to the plain environment variables it gets (where its data and
    queues live).
    """
    if settings.cluster is None:
        return None
    platform = build_platform_in(
        settings,
        role="primary",
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
            {"name": name, "namespace": name, "role_arn": identity.role_arn}
            for name, identity in platform.identities.items()
        ],
    )
    return platform


def build_platform_in(
    settings: StackSettings,
    *,
    role: ClusterRole,
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
    """A cluster, its services' Pod Identity roles and its runner in `region` through `provider`;
    `nodes` overrides the node group (a warm standby runs smaller); `service_env` as in `build_platform`."""
    cluster_settings = settings.cluster
    if cluster_settings is None or settings.runner is None:
        raise ValueError("build_platform_in: the stack has no `cluster:` and `runner:` sections")
    in_region = pulumi.ResourceOptions(provider=provider)
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
        opts=in_region,
    )
    # Each service runs as a service account named after it, in a namespace of its own name.
    identities = {
        service.name: WorkloadIdentity(
            f"{name}-{service.name}",
            WorkloadIdentityArgs(cluster=cluster.access, namespace=service.name, service_account=service.name),
            opts=pulumi.ResourceOptions(provider=provider, parent=cluster),
        )
        for service in settings.services
    }
    runner = build_runner(
        settings,
        role=role,
        name=f"{settings.prefix}-runner" if role == "primary" else f"{settings.prefix}-dr-runner",
        region=region,
        provider=provider,
        account_id=account_id,
        network=network,
        cluster=cluster,
        logs_key_arn=logs_key_arn,
    )
    facts = ClusterFacts(
        name=cluster.name,
        endpoint=cluster.endpoint,
        certificate_authority=cluster.certificate_authority,
        region=region,
        vpc_cidr_block=network.vpc_cidr_block,
        api_server_service_ip=cluster.api_server_service_ip,
        data_cidrs=network.subnet_cidrs("isolated"),
        load_balancer_cidrs=network.subnet_cidrs("public"),
        node_cidrs=network.subnet_cidrs("private"),
        # AWS APIs through the VPC endpoints where this network has them, else through NAT.
        aws_api_cidrs=[network.vpc_cidr_block] if network.has_vpc_endpoints else [ANYWHERE],
        pod_identity_roles={
            **{service: identity.role_arn for service, identity in identities.items()},
            CLUSTER_AUTOSCALER: cluster.autoscaler_identity.role_arn,
        },
        service_env={service.name: dict((service_env or {}).get(service.name, {})) for service in settings.services},
    )
    return Platform(region=region, cluster=cluster, identities=identities, runner=runner, facts=facts)


def build_runner(
    settings: StackSettings,
    *,
    role: ClusterRole,
    name: str,
    region: str,
    provider: aws.Provider,
    account_id: pulumi.Input[str],
    network: Network,
    cluster: Cluster,
    logs_key_arn: pulumi.Input[str],
) -> Runner:
    """The CodeBuild project in the cluster's private subnets that applies the cluster's Kubernetes layer."""
    runner = settings.runner
    assert runner is not None  # build_platform_in checks
    return Runner(
        name,
        RunnerArgs(
            region=region,
            account_id=account_id,
            vpc_id=network.vpc_id,
            subnet_ids=network.private_subnet_ids,
            cluster_name=cluster.name,
            cluster_arn=cluster.arn,
            kms_key_arn=logs_key_arn,
            state_backend_url=runner.state_backend_url,
            secrets_key_arn=runner.secrets_provider_key_arn,
            aws_project=aws_project_name(),
            kubernetes_project=KUBERNETES_PROJECTS[role],
            project_dir=kubernetes_project_dir(role),
            stack=pulumi.get_stack(),
            policy_config=policy_config_path(pulumi.get_stack(), settings.environment),
            source=RunnerSource(
                type=runner.source.type, location=runner.source.location, version=runner.source.version
            ),
            pulumi_version=runner.pulumi_version,
            compute_type=runner.compute_type,
            build_timeout_minutes=runner.build_timeout_minutes,
            log_retention_days=runner.log_retention_days,
        ),
        opts=pulumi.ResourceOptions(provider=provider),
    )


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
        public_access_cidrs=settings.public_access_cidrs,
        log_retention_days=settings.log_retention_days,
        deletion_protection=deletion_protection,
    )
