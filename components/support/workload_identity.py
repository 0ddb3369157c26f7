"""AWS roles for Kubernetes service accounts through EKS Pod Identity.

Each role trusts only the EKS Pod Identity service, and only for the one cluster, namespace and
service account it was made for: Pod Identity tags every session with `eks-cluster-arn`,
`kubernetes-namespace` and `kubernetes-service-account`, and the trust policy requires those tags,
so an association that points another cluster or service account at the role fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.support.iam import document, statement

POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com"


@dataclass(frozen=True)
class ClusterAccess:
    """What the AWS side of a workload (its role and Pod Identity association) knows about its cluster.

    Attributes:
        name: The EKS cluster name.
        arn: The EKS cluster ARN (scopes the Pod Identity trust).
        account_id: The account of the cluster.
        region: The cluster's region.
        workload_boundary_arn: Permissions boundary of workload roles. Default: - no boundary.
    """

    name: pulumi.Input[str]
    arn: pulumi.Input[str]
    account_id: pulumi.Input[str]
    region: str
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
    after the association exists: the AWS layer (which holds it) is applied before the Kubernetes layer."""
    return aws.eks.PodIdentityAssociation(
        f"{role_resource_name}-association",
        cluster_name=cluster_name,
        namespace=namespace,
        service_account=service_account,
        role_arn=role.arn,
        opts=pulumi.ResourceOptions(parent=parent),
    )
