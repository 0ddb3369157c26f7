"""The AWS side of node autoscaling: what cluster-autoscaler's role may do.

cluster-autoscaler (its Kubernetes objects: components/kubernetes/autoscaler.py) discovers the
cluster's managed node groups by the tags EKS puts on their Auto Scaling groups; its role may change
the size only of groups tagged as owned by this cluster.
"""

from __future__ import annotations

import pulumi

from components.support.iam import document, statement
from components.support.workload_identity import ClusterAccess

# Describe/Get calls of Auto Scaling and EC2 support no resource-level permissions (AWS service
# authorization reference); they are read-only and the write actions below are scoped by tag.
DISCOVERY_ACTIONS = (
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeAutoScalingInstances",
    "autoscaling:DescribeLaunchConfigurations",
    "autoscaling:DescribeScalingActivities",
    "autoscaling:DescribeTags",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:GetInstanceTypesFromInstanceRequirements",
)
SCALING_ACTIONS = ("autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup")


def cluster_autoscaler_policy(cluster: ClusterAccess) -> pulumi.Output[str]:
    """Discover every node group, resize only this cluster's, describe only this cluster's."""
    groups = pulumi.Output.concat(
        "arn:aws:autoscaling:", cluster.region, ":", cluster.account_id, ":autoScalingGroup:*:autoScalingGroupName/*"
    )
    node_groups = pulumi.Output.concat(
        "arn:aws:eks:", cluster.region, ":", cluster.account_id, ":nodegroup/", cluster.name, "/*/*"
    )
    scaling = pulumi.Output.from_input(cluster.name).apply(
        lambda name: statement(
            "ScaleOnlyThisClustersNodeGroups",
            SCALING_ACTIONS,
            [groups],
            conditions={"StringEquals": {f"aws:ResourceTag/k8s.io/cluster-autoscaler/{name}": "owned"}},
        )
    )
    return document(
        [
            statement("DiscoverNodeGroups", DISCOVERY_ACTIONS, ["*"]),
            scaling,
            statement("DescribeThisClustersNodeGroups", ["eks:DescribeNodegroup"], [node_groups]),
        ]
    )
