"""The AWS side of one Kubernetes workload: its own IAM role, given to its pods through EKS Pod Identity.

This is the AWS-layer half of a service or controller (its Kubernetes objects live in
components/kubernetes/ and are applied by the Kubernetes layer): the role trusts only EKS Pod Identity,
for this cluster, namespace and service account; the Pod Identity association binds the two. The role
starts with no permissions unless `policy` is given; the data tier's `grant_*` methods add exactly
what the workload declares it needs, inside the cluster's permissions boundary when `bounded`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.support.workload_identity import ClusterAccess, associate_pod_identity, pod_identity_role

KUBERNETES_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\Z")


@dataclass(frozen=True, kw_only=True)
class WorkloadIdentityArgs:
    """Inputs for `WorkloadIdentity`.

    Attributes:
        cluster: The cluster whose pods assume the role.
        namespace: Namespace of the workload's service account (a DNS label).
        service_account: Name of the workload's service account (a DNS label).
        description: What the role is for. Default: - "<name>: workload role (EKS Pod Identity)".
        bounded: Attach the cluster's workload permissions boundary (`cluster.workload_boundary_arn`),
            so no later grant can exceed it. Default: true
        policy: Inline permissions of the role, as a JSON policy document.
            Default: - none (callers grant exactly what is needed).
    """

    cluster: ClusterAccess
    namespace: str
    service_account: str
    description: str | None = None
    bounded: bool = True
    policy: pulumi.Input[str] | None = None

    def __post_init__(self) -> None:
        for field in ("namespace", "service_account"):
            value = getattr(self, field)
            if not KUBERNETES_NAME.match(value):
                raise ValueError(f"WorkloadIdentityArgs.{field}: must be a DNS label such as 'api' (got {value!r})")
        if self.bounded and self.cluster.workload_boundary_arn is None:
            raise ValueError(
                "WorkloadIdentityArgs.bounded: the cluster has no workload_boundary_arn; pass one or bounded=False"
            )


class WorkloadIdentity(pulumi.ComponentResource):
    """A Pod Identity role for one service account, and its association."""

    role: aws.iam.Role
    role_arn: pulumi.Output[str]
    association_id: pulumi.Output[str]

    def __init__(self, name: str, args: WorkloadIdentityArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:workloadidentity:WorkloadIdentity", name, None, opts)
        self.role = pod_identity_role(
            f"{name}-role",
            cluster_arn=args.cluster.arn,
            namespace=args.namespace,
            service_account=args.service_account,
            description=args.description or f"{name}: workload role (EKS Pod Identity)",
            parent=self,
            permissions_boundary=args.cluster.workload_boundary_arn if args.bounded else None,
        )
        self.role_arn = self.role.arn
        if args.policy is not None:
            aws.iam.RolePolicy(
                f"{name}-permissions", role=self.role.id, policy=args.policy, opts=pulumi.ResourceOptions(parent=self)
            )
        association = associate_pod_identity(
            f"{name}-role",
            role=self.role,
            cluster_name=args.cluster.name,
            namespace=args.namespace,
            service_account=args.service_account,
            parent=self,
        )
        self.association_id = association.association_id
        self.register_outputs({"role_arn": self.role_arn, "association_id": self.association_id})
