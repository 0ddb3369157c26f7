"""Cluster settings: the EKS control plane, its add-ons, the node group and node autoscaling."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from components.reference.ec2_instance_types import is_arm64
from infra.settings.base import SettingsModel, ViolationCollector, Violations, environment_of
from infra.settings.cidrs import public_access_problems
from infra.settings.environment import FLOORS
from infra.settings.keys import IAM_ROLE_ARN_PATTERN
from infra.settings.network import LogRetentionDays
from infra.settings.services import ImageSettings, check_image_pinning
from infra.settings.values import KubernetesVersion, NodeInstanceType

ADDON_VERSION_PATTERN = r"^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+\Z"


class AddonVersions(SettingsModel):
    """Pinned versions of the EKS managed add-ons (`aws eks describe-addon-versions`)."""

    vpc_cni: str = Field(pattern=ADDON_VERSION_PATTERN)
    coredns: str = Field(pattern=ADDON_VERSION_PATTERN)
    kube_proxy: str = Field(pattern=ADDON_VERSION_PATTERN)
    eks_pod_identity_agent: str = Field(pattern=ADDON_VERSION_PATTERN)
    aws_ebs_csi_driver: str = Field(pattern=ADDON_VERSION_PATTERN)

    def by_addon_name(self) -> dict[str, str]:
        """Versions keyed by the EKS add-on name (`vpc_cni` -> `vpc-cni`)."""
        return {field.replace("_", "-"): version for field, version in self.model_dump().items()}


class NodeSettings(SettingsModel):
    """The managed node group (cluster-autoscaler moves its size between min and max).

    Attributes:
        instance_types: One type, or several of the same size for spot diversity.
        capacity_type: ON_DEMAND | SPOT. Default: ON_DEMAND (staging and prod must be ON_DEMAND).
        ami_type: AL2023_x86_64_STANDARD | AL2023_ARM_64_STANDARD. Default: AL2023_x86_64_STANDARD
        min_size: Fewest nodes (dev >= 1, staging >= 2, prod >= 3).
        max_size: Most nodes; >= min_size, <= 100.
        disk_size_gib: Root volume size. Default: 50
        max_unavailable_percentage: Share of nodes replaced at once during updates, 1-33. Default: 33
    """

    instance_types: tuple[NodeInstanceType, ...] = Field(min_length=1)
    capacity_type: Literal["ON_DEMAND", "SPOT"] = "ON_DEMAND"
    ami_type: Literal["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD"] = "AL2023_x86_64_STANDARD"
    min_size: int = Field(ge=1, le=100)
    max_size: int = Field(ge=1, le=100)
    disk_size_gib: int = Field(default=50, ge=20, le=1000)
    max_unavailable_percentage: int = Field(default=33, ge=1, le=33)

    @model_validator(mode="after")
    def _consistent(self) -> NodeSettings:
        problems = ViolationCollector()
        if self.min_size > self.max_size:
            problems.add("min_size", f"must be <= max_size ({self.max_size})", self.min_size)
        arm = self.ami_type == "AL2023_ARM_64_STANDARD"
        mismatched = [t for t in self.instance_types if is_arm64(t) is not arm]
        if mismatched:
            problems.add(
                "instance_types",
                f"must all be {'Graviton (arm64)' if arm else 'x86_64'} types to match ami_type {self.ami_type}",
                mismatched,
            )
        problems.raise_if_any()
        return self


class AutoscalingSettings(SettingsModel):
    """Node autoscaling (cluster-autoscaler) and the metrics pipeline of the HPA (metrics-server).

    Attributes:
        cluster_autoscaler_image: Its minor version must match the cluster's (v1.33.x for 1.33).
        metrics_server_image: The metrics-server image.
        replicas: Replicas of each of the two controllers (leader election keeps one active).
            Default: 2 (prod >= 3).
    """

    cluster_autoscaler_image: ImageSettings
    metrics_server_image: ImageSettings
    replicas: int = Field(default=2, ge=1, le=5)


class ClusterSettings(SettingsModel):
    """The EKS cluster of this environment.

    Attributes:
        version: Kubernetes minor version, such as "1.33".
        admin_role_arns: Roles given cluster-admin through access entries; must include the role that
            runs `pulumi up` (the creator gets no implicit admin).
        public_access_cidrs: CIDRs allowed on a public API endpoint (dev only; never 0.0.0.0/0).
            Default: - private endpoint only.
        log_retention_days: Control-plane log retention (a CloudWatch value). Default: 365
        addons: Versions of the managed add-ons.
        nodes: The managed node group.
        autoscaling: cluster-autoscaler and metrics-server.
    """

    version: KubernetesVersion
    admin_role_arns: tuple[Annotated[str, Field(pattern=IAM_ROLE_ARN_PATTERN)], ...] = Field(min_length=1)
    public_access_cidrs: tuple[str, ...] = ()
    log_retention_days: LogRetentionDays = 365
    addons: AddonVersions
    nodes: NodeSettings
    autoscaling: AutoscalingSettings

    @field_validator("public_access_cidrs")
    @classmethod
    def _cidrs_are_networks_not_the_internet(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        problems = public_access_problems(value)
        if problems:
            raise Violations(problems)
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ClusterSettings:
        problems = ViolationCollector()
        minor = f"v{self.version}."
        if not self.addons.kube_proxy.startswith(minor):
            problems.add(("addons", "kube_proxy"), f"must match the cluster version ({minor}x)", self.addons.kube_proxy)
        autoscaler = self.autoscaling.cluster_autoscaler_image
        if not autoscaler.tag.startswith(minor):
            problems.add(
                ("autoscaling", "cluster_autoscaler_image", "tag"),
                f"must match the cluster version ({minor}x)",
                autoscaler.tag,
            )
        environment = environment_of(info)
        if environment is not None:
            self._meets_environment_floor(environment, problems)
        problems.raise_if_any()
        return self

    def _meets_environment_floor(self, environment: str, problems: ViolationCollector) -> None:
        floor = FLOORS[environment]
        if self.public_access_cidrs and floor.private_cluster_endpoint:
            problems.add(
                "public_access_cidrs",
                f"must be empty in {environment} (private endpoint only)",
                list(self.public_access_cidrs),
            )
        problems.at_least(("nodes", "min_size"), self.nodes.min_size, floor.cluster_nodes, environment)
        if floor.on_demand_nodes and self.nodes.capacity_type != "ON_DEMAND":
            problems.add(("nodes", "capacity_type"), f"must be 'ON_DEMAND' in {environment}", self.nodes.capacity_type)
        problems.at_least("log_retention_days", self.log_retention_days, floor.cluster_log_retention_days, environment)
        problems.at_least(("autoscaling", "replicas"), self.autoscaling.replicas, floor.service_replicas, environment)
        for field in ("cluster_autoscaler_image", "metrics_server_image"):
            check_image_pinning(getattr(self.autoscaling, field), ("autoscaling", field), environment, problems)
