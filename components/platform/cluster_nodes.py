"""The managed node group of a cluster: node role, hardened launch template, node group.

- Launch template: IMDSv2 only with a hop limit of 1 (pods cannot reach the node's credentials),
  root volume encrypted with the cluster CMK, no public IP, no SSH key, the cluster security group.
- Node role: only what a node itself needs (join the cluster, pull images). The VPC CNI's ENI
  permissions live on the `aws-node` service account through Pod Identity instead.
- The node group's desired size belongs to cluster-autoscaler: Pulumi sets it once, then ignores it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pulumi
import pulumi_aws as aws

from components.support.iam import service_trust
from components.support.validation import require_between

NODE_MANAGED_POLICIES = (
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
)
ROOT_DEVICE = "/dev/xvda"  # the root device of the EKS-optimized AL2023 AMIs
IMDS_HOP_LIMIT = 1
# cluster-autoscaler owns the size between min and max; Pulumi must not reset it on every update.
AUTOSCALER_OWNED_FIELDS = ["scalingConfig.desiredSize"]
MAX_UNAVAILABLE_PERCENTAGE_LIMIT = 33
CapacityType = Literal["ON_DEMAND", "SPOT"]
AmiType = Literal["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD"]


@dataclass(frozen=True, kw_only=True)
class NodeGroupArgs:
    """The managed node group.

    Attributes:
        instance_types: EC2 instance types (several of one size diversify spot capacity).
        min_size: Fewest nodes, >= 1.
        max_size: Most nodes, >= min_size.
        capacity_type: ON_DEMAND | SPOT. Default: ON_DEMAND
        ami_type: EKS-optimized AMI family. Default: AL2023_x86_64_STANDARD
        disk_size_gib: Encrypted gp3 root volume size. Default: 50
        max_unavailable_percentage: Nodes replaced at once during updates, 1-33. Default: 33
        labels: Kubernetes labels of the nodes. Default: - bulkhead.io/pool=general
    """

    instance_types: Sequence[str]
    min_size: int
    max_size: int
    capacity_type: CapacityType = "ON_DEMAND"
    ami_type: AmiType = "AL2023_x86_64_STANDARD"
    disk_size_gib: int = 50
    max_unavailable_percentage: int = MAX_UNAVAILABLE_PERCENTAGE_LIMIT
    labels: dict[str, str] = field(default_factory=lambda: {"bulkhead.io/pool": "general"})

    def __post_init__(self) -> None:
        if not self.instance_types:
            raise ValueError("NodeGroupArgs.instance_types: must name at least one instance type (got none)")
        if self.min_size < 1:
            raise ValueError(f"NodeGroupArgs.min_size: must be >= 1 (got {self.min_size})")
        if self.max_size < self.min_size:
            raise ValueError(f"NodeGroupArgs.max_size: must be >= min_size {self.min_size} (got {self.max_size})")
        require_between(
            "NodeGroupArgs.max_unavailable_percentage",
            self.max_unavailable_percentage,
            1,
            MAX_UNAVAILABLE_PERCENTAGE_LIMIT,
        )
        require_between("NodeGroupArgs.disk_size_gib", self.disk_size_gib, 20, 1000)


def create_node_role(name: str, parent: pulumi.Resource) -> tuple[aws.iam.Role, list[aws.iam.RolePolicyAttachment]]:
    role = aws.iam.Role(
        f"{name}-node-role",
        description=f"{name}: EKS managed nodes",
        assume_role_policy=service_trust("ec2.amazonaws.com"),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    attachments = [
        aws.iam.RolePolicyAttachment(
            f"{name}-node-{arn.rsplit('/', 1)[1]}",
            role=role.name,
            policy_arn=arn,
            opts=pulumi.ResourceOptions(parent=parent),
        )
        for arn in NODE_MANAGED_POLICIES
    ]
    return role, attachments


def create_launch_template(
    name: str,
    *,
    args: NodeGroupArgs,
    kms_key_arn: pulumi.Input[str],
    security_group_id: pulumi.Input[str],
    parent: pulumi.Resource,
) -> aws.ec2.LaunchTemplate:
    tags = {"Name": f"{name}-node"}
    return aws.ec2.LaunchTemplate(
        f"{name}-nodes-lt",
        description=f"{name}: hardened EKS managed nodes",
        update_default_version=True,
        metadata_options={
            "http_endpoint": "enabled",
            "http_tokens": "required",
            "http_put_response_hop_limit": IMDS_HOP_LIMIT,
            "instance_metadata_tags": "disabled",
        },
        block_device_mappings=[
            {
                "device_name": ROOT_DEVICE,
                "ebs": {
                    "volume_size": args.disk_size_gib,
                    "volume_type": "gp3",
                    "encrypted": "true",
                    "kms_key_id": kms_key_arn,
                    "delete_on_termination": "true",
                },
            }
        ],
        network_interfaces=[
            {
                "device_index": 0,
                "associate_public_ip_address": "false",
                "delete_on_termination": "true",
                "security_groups": [security_group_id],
            }
        ],
        tag_specifications=[
            {"resource_type": kind, "tags": tags} for kind in ("instance", "volume", "network-interface")
        ],
        opts=pulumi.ResourceOptions(parent=parent),
    )


def create_node_group(
    name: str,
    *,
    args: NodeGroupArgs,
    cluster_name: pulumi.Input[str],
    subnet_ids: Sequence[pulumi.Input[str]],
    role: aws.iam.Role,
    launch_template: aws.ec2.LaunchTemplate,
    depends_on: Sequence[pulumi.Resource],
    parent: pulumi.Resource,
) -> aws.eks.NodeGroup:
    return aws.eks.NodeGroup(
        f"{name}-nodes",
        cluster_name=cluster_name,
        node_role_arn=role.arn,
        subnet_ids=list(subnet_ids),
        capacity_type=args.capacity_type,
        ami_type=args.ami_type,
        instance_types=list(args.instance_types),
        scaling_config={"min_size": args.min_size, "max_size": args.max_size, "desired_size": args.min_size},
        update_config={"max_unavailable_percentage": args.max_unavailable_percentage},
        launch_template={"id": launch_template.id, "version": launch_template.latest_version.apply(str)},
        node_repair_config={"enabled": True},
        labels=dict(args.labels),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=list(depends_on), ignore_changes=AUTOSCALER_OWNED_FIELDS),
    )
