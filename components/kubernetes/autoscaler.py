"""Node autoscaling: cluster-autoscaler on EKS Pod Identity, as typed Kubernetes objects.

It discovers the cluster's managed node groups by the tags EKS puts on their Auto Scaling groups
and moves their desired size between the node group's min and max. Its AWS role may change the size
only of Auto Scaling groups tagged as owned by this cluster. See docs/platform.md for why
cluster-autoscaler rather than Karpenter.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from components.kubernetes import objects as objects
from components.kubernetes.controller import NAMESPACE, SystemController
from components.support.iam import document, statement
from components.support.validation import require_between
from components.support.workload_identity import (
    ClusterAccess,
    associate_pod_identity,
    pod_identity_agent_egress,
    pod_identity_role,
)

NAME = "cluster-autoscaler"
METRICS_PORT = 8085
HTTPS = 443
UID = 65534  # "nobody", as the upstream manifests run it
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
CLUSTER_RULES = (
    objects.policy_rule([""], ["events", "endpoints"], ["create", "patch"]),
    objects.policy_rule([""], ["pods/eviction"], ["create"]),
    objects.policy_rule([""], ["pods/status"], ["update"]),
    objects.policy_rule([""], ["endpoints"], ["get", "update"], names=[NAME]),
    objects.policy_rule([""], ["nodes"], ["watch", "list", "get", "update"]),
    objects.policy_rule(
        [""],
        [
            "namespaces",
            "pods",
            "services",
            "replicationcontrollers",
            "persistentvolumeclaims",
            "persistentvolumes",
        ],
        ["watch", "list", "get"],
    ),
    objects.policy_rule(["apps"], ["statefulsets", "replicasets", "daemonsets"], ["watch", "list", "get"]),
    objects.policy_rule(["policy"], ["poddisruptionbudgets"], ["watch", "list"]),
    objects.policy_rule(
        ["storage.k8s.io"],
        ["storageclasses", "csinodes", "csidrivers", "csistoragecapacities", "volumeattachments"],
        ["watch", "list", "get"],
    ),
    objects.policy_rule(["batch"], ["jobs", "cronjobs"], ["watch", "list", "get"]),
    objects.policy_rule(["coordination.k8s.io"], ["leases"], ["create"]),
    objects.policy_rule(["coordination.k8s.io"], ["leases"], ["get", "update"], names=[NAME]),
)
NAMESPACE_RULES = (
    objects.policy_rule([""], ["configmaps"], ["create", "list", "watch"]),
    objects.policy_rule(
        [""],
        ["configmaps"],
        ["delete", "get", "update", "watch"],
        names=["cluster-autoscaler-status", "cluster-autoscaler-priority-expander"],
    ),
)


@dataclass(frozen=True, kw_only=True)
class ClusterAutoscalerArgs:
    """Inputs for `ClusterAutoscaler`.

    Attributes:
        access: The cluster it scales.
        image: cluster-autoscaler image; its minor version must match the cluster's.
        replicas: Replicas (leader election keeps one active), 1-5. Default: 2
        rollout: Progress deadline and min-ready time of its Deployment. Default: - 600 s and 10 s.
    """

    access: ClusterAccess
    image: str
    replicas: int = 2
    rollout: objects.RolloutArgs = objects.DEFAULT_ROLLOUT

    def __post_init__(self) -> None:
        require_between("ClusterAutoscalerArgs.replicas", self.replicas, 1, 5)


class ClusterAutoscaler(SystemController):
    """cluster-autoscaler: AWS role (Pod Identity), RBAC, Deployment, PDB and NetworkPolicy."""

    role: aws.iam.Role

    def __init__(self, name: str, args: ClusterAutoscalerArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(
            "bulkhead:autoscaler:ClusterAutoscaler", name, opts, app=NAME, k8s_provider=args.access.k8s_provider
        )
        self._args = args
        self.role = pod_identity_role(
            f"{name}-role",
            cluster_arn=args.access.arn,
            namespace=NAMESPACE,
            service_account=NAME,
            description=f"{name}: cluster-autoscaler",
            parent=self,
        )
        self._association = associate_pod_identity(
            f"{name}-role",
            role=self.role,
            cluster_name=args.access.name,
            namespace=NAMESPACE,
            service_account=NAME,
            parent=self,
        )
        aws.iam.RolePolicy(
            f"{name}-scale-node-groups",
            role=self.role.id,
            policy=self._policy(),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self._create_rbac()
        self._create_workload()
        self.register_outputs({"role_arn": self.role.arn})

    def _policy(self) -> pulumi.Output[str]:
        access = self._args.access
        groups = pulumi.Output.concat(
            "arn:aws:autoscaling:",
            access.region,
            ":",
            access.account_id,
            ":autoScalingGroup:*:autoScalingGroupName/*",
        )
        node_groups = pulumi.Output.concat(
            "arn:aws:eks:", access.region, ":", access.account_id, ":nodegroup/", access.name, "/*/*"
        )
        scaling = pulumi.Output.from_input(access.name).apply(
            lambda cluster: statement(
                "ScaleOnlyThisClustersNodeGroups",
                SCALING_ACTIONS,
                [groups],
                conditions={"StringEquals": {f"aws:ResourceTag/k8s.io/cluster-autoscaler/{cluster}": "owned"}},
            )
        )
        return document(
            [
                statement("DiscoverNodeGroups", DISCOVERY_ACTIONS, ["*"]),
                scaling,
                statement("DescribeThisClustersNodeGroups", ["eks:DescribeNodegroup"], [node_groups]),
            ]
        )

    def _create_rbac(self) -> None:
        name, labels = self._name, self._labels
        k8s.rbac.v1.ClusterRole(
            f"{name}-clusterrole",
            metadata=objects.metadata(NAME, None, labels),
            rules=list(CLUSTER_RULES),
            opts=self._k8s(),
        )
        self._bind("clusterrolebinding", namespace=None, role_kind="ClusterRole", role=NAME, binding=NAME)
        k8s.rbac.v1.Role(
            f"{name}-role-k8s",
            metadata=objects.metadata(NAME, NAMESPACE, labels),
            rules=list(NAMESPACE_RULES),
            opts=self._k8s(),
        )
        self._bind("rolebinding", namespace=NAMESPACE, role_kind="Role", role=NAME, binding=NAME)

    def _create_workload(self) -> None:
        name, args, labels = self._name, self._args, self._labels
        discovery = pulumi.Output.concat(
            "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/",
            args.access.name,
        )
        container = {
            "name": NAME,
            "image": args.image,
            "command": [
                "./cluster-autoscaler",
                "--cloud-provider=aws",
                f"--namespace={NAMESPACE}",
                discovery,
                "--balance-similar-node-groups",
                "--expander=least-waste",
                # Service pods write only to an emptyDir /tmp; that must not pin their nodes.
                "--skip-nodes-with-local-storage=false",
                "--leader-elect=true",
            ],
            # IMDS is out of reach (hop limit 1): the region comes from the environment.
            "env": [{"name": "AWS_REGION", "value": args.access.region}],
            "ports": [{"name": "metrics", "container_port": METRICS_PORT, "protocol": "TCP"}],
            "liveness_probe": objects.http_probe("/health-check", METRICS_PORT, initial_delay=10),
            "readiness_probe": objects.http_probe("/health-check", METRICS_PORT),
            "resources": objects.resources({"cpu": "100m", "memory": "600Mi"}, {"cpu": "500m", "memory": "600Mi"}),
        }
        # Without the association in place first, the pods start with no AWS credentials.
        self._deploy(container, replicas=args.replicas, uid=UID, rollout=args.rollout, depends_on=[self._association])
        objects.network_policy(
            f"{name}-netpol",
            name=NAME,
            namespace=NAMESPACE,
            labels=labels,
            pod_labels=labels,
            ingress=[],
            egress=[
                objects.dns_egress(),
                # The Kubernetes API and the regional AWS APIs (Auto Scaling and EC2 have no VPC
                # endpoint here, so they are reached through NAT): HTTPS only.
                {"to": objects.cidr_peers(["0.0.0.0/0"]), "ports": objects.tcp_ports(HTTPS)},
                pod_identity_agent_egress(),
            ],
            opts=self._k8s(),
        )
