"""Node autoscaling: cluster-autoscaler's Kubernetes objects (RBAC, Deployment, PDB, NetworkPolicy).

It discovers the cluster's managed node groups by the tags EKS puts on their Auto Scaling groups
and moves their desired size between the node group's min and max. Its AWS role (which may change the
size only of Auto Scaling groups tagged as owned by this cluster) is created by the AWS layer
(components/platform/cluster_autoscaling.py) and reaches the pods through EKS Pod Identity. See
docs/platform.md for why cluster-autoscaler rather than Karpenter.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s

from components.kubernetes import objects as objects
from components.kubernetes.controller import NAMESPACE, SystemController
from components.kubernetes.provider import KubernetesTarget
from components.reference.kubernetes import CLUSTER_AUTOSCALER as NAME
from components.support.validation import require_between

METRICS_PORT = 8085
HTTPS = 443
UID = 65534  # "nobody", as the upstream manifests run it
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
        target: The cluster it scales.
        image: cluster-autoscaler image; its minor version must match the cluster's.
        pod_identity_role_arn: Its AWS role, which the AWS layer associated with its service account.
        replicas: Replicas (leader election keeps one active), 1-5. Default: 2
        rollout: Progress deadline and min-ready time of its Deployment. Default: - 600 s and 10 s.
    """

    target: KubernetesTarget
    image: str
    pod_identity_role_arn: pulumi.Input[str]
    replicas: int = 2
    rollout: objects.RolloutArgs = objects.DEFAULT_ROLLOUT

    def __post_init__(self) -> None:
        require_between("ClusterAutoscalerArgs.replicas", self.replicas, 1, 5)


class ClusterAutoscaler(SystemController):
    """cluster-autoscaler: RBAC, Deployment, PDB and NetworkPolicy."""

    def __init__(self, name: str, args: ClusterAutoscalerArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(
            "bulkhead:autoscaler:ClusterAutoscaler", name, opts, app=NAME, k8s_provider=args.target.provider
        )
        self._args = args
        self._create_rbac()
        self._create_workload()
        self.register_outputs({})

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
            args.target.name,
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
            "env": [{"name": "AWS_REGION", "value": args.target.region}],
            "ports": [{"name": "metrics", "container_port": METRICS_PORT, "protocol": "TCP"}],
            "liveness_probe": objects.http_probe("/health-check", METRICS_PORT, initial_delay=10),
            "readiness_probe": objects.http_probe("/health-check", METRICS_PORT),
            "resources": objects.resources({"cpu": "100m", "memory": "600Mi"}, {"cpu": "500m", "memory": "600Mi"}),
        }
        self._deploy(
            container,
            replicas=args.replicas,
            uid=UID,
            rollout=args.rollout,
            pod_identity_role_arn=args.pod_identity_role_arn,
        )
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
                objects.pod_identity_agent_egress(),
            ],
            opts=self._k8s(),
        )
