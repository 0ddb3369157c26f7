"""AWS roles for Kubernetes service accounts through EKS Pod Identity.

Each role trusts only the EKS Pod Identity service, and only for the one cluster, namespace and
service account it was made for: Pod Identity tags every session with `eks-cluster-arn`,
`kubernetes-namespace` and `kubernetes-service-account`, and the trust policy requires those tags,
so an association that points another cluster or service account at the role fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from components.kubernetes import objects as objects
from components.support.iam import document, statement

POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com"
# The Pod Identity agent serves credentials on this node-local address (a DaemonSet on hostNetwork).
POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32"
POD_IDENTITY_AGENT_PORT = 80


@dataclass(frozen=True)
class ClusterAccess:
    """What a workload needs to know about the cluster it runs on.

    Attributes:
        name: The EKS cluster name.
        arn: The EKS cluster ARN (scopes the Pod Identity trust).
        account_id: The account of the cluster.
        region: The cluster's region.
        k8s_provider: The Kubernetes provider of the cluster; every object goes through it.
        workload_boundary_arn: Permissions boundary of workload roles. Default: - no boundary.
    """

    name: pulumi.Input[str]
    arn: pulumi.Input[str]
    account_id: pulumi.Input[str]
    region: str
    k8s_provider: k8s.Provider
    workload_boundary_arn: pulumi.Input[str] | None = None


def pod_identity_trust(cluster_arn: pulumi.Input[str], namespace: str, service_account: str) -> pulumi.Output[str]:
    """Trust policy: EKS Pod Identity, for this cluster and this namespace/service account only."""
    return document(
        [
            statement(
                "EksPodIdentityForOneServiceAccount",
                ["sts:AssumeRole", "sts:TagSession"],
                principals={"Service": POD_IDENTITY_PRINCIPAL},
                conditions={
                    "StringEquals": {
                        "aws:RequestTag/eks-cluster-arn": cluster_arn,
                        "aws:RequestTag/kubernetes-namespace": namespace,
                        "aws:RequestTag/kubernetes-service-account": service_account,
                    },
                },
            )
        ]
    )


def pod_identity_role(
    resource_name: str,
    *,
    cluster_arn: pulumi.Input[str],
    namespace: str,
    service_account: str,
    description: str,
    parent: pulumi.Resource,
    permissions_boundary: pulumi.Input[str] | None = None,
) -> aws.iam.Role:
    """A role for one service account, with no permissions yet (callers grant exactly what is needed).

    EKS add-ons associate it through `Addon.pod_identity_associations`; workloads through
    `associate_pod_identity`.
    """
    return aws.iam.Role(
        resource_name,
        description=description,
        assume_role_policy=pod_identity_trust(cluster_arn, namespace, service_account),
        permissions_boundary=permissions_boundary,
        opts=pulumi.ResourceOptions(parent=parent),
    )


def associate_pod_identity(
    role_resource_name: str,
    *,
    role: aws.iam.Role,
    cluster_name: pulumi.Input[str],
    namespace: str,
    service_account: str,
    parent: pulumi.Resource,
) -> aws.eks.PodIdentityAssociation:
    """Associates `role` with the service account. EKS injects the credentials only into pods created
    after the association exists, so the workload's Deployment must depend on what this returns."""
    return aws.eks.PodIdentityAssociation(
        f"{role_resource_name}-association",
        cluster_name=cluster_name,
        namespace=namespace,
        service_account=service_account,
        role_arn=role.arn,
        opts=pulumi.ResourceOptions(parent=parent),
    )


def pod_identity_agent_egress() -> dict[str, Any]:
    """NetworkPolicy egress to the node-local Pod Identity agent: without it a pod gets no AWS credentials."""
    return {
        "to": objects.cidr_peers([POD_IDENTITY_AGENT_CIDR]),
        "ports": objects.tcp_ports(POD_IDENTITY_AGENT_PORT),
    }
