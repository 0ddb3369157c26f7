"""metrics-server: the resource metrics API (`metrics.k8s.io`) that HorizontalPodAutoscalers read.

Typed objects equivalent to the upstream high-availability manifest, with the restricted pod shape
every Bulkhead workload uses. The APIService skips TLS verification of metrics-server's self-signed
serving certificate, as upstream ships it; the API server reaches it only inside the VPC, and the
NetworkPolicy admits only the VPC range on its port.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s

from components.kubernetes import objects as objects
from components.kubernetes.controller import NAMESPACE, SystemController
from components.kubernetes.provider import KubernetesTarget
from components.reference.kubernetes import METRICS_SERVER as NAME
from components.support.validation import require_between

SECURE_PORT = 10250
HTTPS = 443
UID = 10001  # >= 10000: never a user of the node (k8s-run-as-non-root)
API_GROUP = "metrics.k8s.io"
AGGREGATE_LABELS = {f"rbac.authorization.k8s.io/aggregate-to-{role}": "true" for role in ("admin", "edit", "view")}


@dataclass(frozen=True, kw_only=True)
class MetricsServerArgs:
    """Inputs for `MetricsServer`.

    Attributes:
        target: The cluster it serves metrics for.
        image: metrics-server image.
        vpc_cidr_block: Range of the nodes and the control-plane ENIs (kubelets and API server).
        api_server_service_ip: ClusterIP of `default/kubernetes`, the address the pods dial for the API
            server.
        replicas: Replicas, 1-5. Default: 2
        rollout: Progress deadline and min-ready time of its Deployment. Default: - 600 s and 10 s.
    """

    target: KubernetesTarget
    image: str
    vpc_cidr_block: pulumi.Input[str]
    api_server_service_ip: pulumi.Input[str]
    replicas: int = 2
    rollout: objects.RolloutArgs = objects.DEFAULT_ROLLOUT

    def __post_init__(self) -> None:
        require_between("MetricsServerArgs.replicas", self.replicas, 1, 5)


class MetricsServer(SystemController):
    """ServiceAccount, RBAC, Deployment, Service, APIService, PDB and NetworkPolicy."""

    def __init__(self, name: str, args: MetricsServerArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:metrics:MetricsServer", name, opts, app=NAME, k8s_provider=args.target.provider)
        self._args = args
        self._create_rbac()
        self._create_workload()
        self.register_outputs({})

    def _create_rbac(self) -> None:
        name, labels = self._name, self._labels
        k8s.rbac.v1.ClusterRole(
            f"{name}-aggregated-reader",
            metadata=objects.metadata("system:aggregated-metrics-reader", None, {**labels, **AGGREGATE_LABELS}),
            rules=[objects.policy_rule([API_GROUP], ["pods", "nodes"], ["get", "list", "watch"])],
            opts=self._k8s(),
        )
        k8s.rbac.v1.ClusterRole(
            f"{name}-clusterrole",
            metadata=objects.metadata(f"system:{NAME}", None, labels),
            rules=[
                objects.policy_rule([""], ["nodes/metrics"], ["get"]),
                objects.policy_rule([""], ["pods", "nodes"], ["get", "list", "watch"]),
            ],
            opts=self._k8s(),
        )
        self._bind(
            "auth-reader",
            namespace=NAMESPACE,
            role_kind="Role",
            role="extension-apiserver-authentication-reader",
            binding=f"{NAME}-auth-reader",
        )
        self._bind(
            "auth-delegator",
            namespace=None,
            role_kind="ClusterRole",
            role="system:auth-delegator",
            binding=f"{NAME}:system:auth-delegator",
        )
        self._bind(
            "clusterrolebinding",
            namespace=None,
            role_kind="ClusterRole",
            role=f"system:{NAME}",
            binding=f"system:{NAME}",
        )

    def _create_workload(self) -> None:
        name, args, labels = self._name, self._args, self._labels
        container = {
            "name": NAME,
            "image": args.image,
            "args": [
                "--cert-dir=/tmp",
                f"--secure-port={SECURE_PORT}",
                "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                "--kubelet-use-node-status-port",
                "--metric-resolution=15s",
            ],
            "ports": [{"name": "https", "container_port": SECURE_PORT, "protocol": "TCP"}],
            "liveness_probe": objects.http_probe("/livez", "https", scheme="HTTPS"),
            "readiness_probe": objects.http_probe("/readyz", "https", scheme="HTTPS", initial_delay=20),
            "resources": objects.resources({"cpu": "100m", "memory": "200Mi"}, {"cpu": "500m", "memory": "400Mi"}),
        }
        self._deploy(container, replicas=args.replicas, uid=UID, rollout=args.rollout)
        k8s.core.v1.Service(
            f"{name}-service",
            metadata=objects.metadata(NAME, NAMESPACE, labels),
            spec={
                "selector": dict(labels),
                "ports": [{"name": "https", "port": HTTPS, "target_port": "https", "protocol": "TCP"}],
            },
            opts=self._k8s(),
        )
        k8s.apiregistration.v1.APIService(
            f"{name}-apiservice",
            metadata=objects.metadata(f"v1beta1.{API_GROUP}", None, labels),
            spec={
                "group": API_GROUP,
                "version": "v1beta1",
                "group_priority_minimum": 100,
                "version_priority": 100,
                "insecure_skip_tls_verify": True,
                "service": {"name": NAME, "namespace": NAMESPACE, "port": HTTPS},
            },
            opts=self._k8s(),
        )
        vpc = objects.cidr_peers([args.vpc_cidr_block])
        objects.network_policy(
            f"{name}-netpol",
            name=NAME,
            namespace=NAMESPACE,
            labels=labels,
            pod_labels=labels,
            ingress=[{"from": vpc, "ports": objects.tcp_ports(SECURE_PORT)}],  # the API server
            egress=[
                objects.dns_egress(),
                {"to": vpc, "ports": objects.tcp_ports(SECURE_PORT, HTTPS)},  # kubelets, API server ENIs
                # The VPC CNI enforces egress before kube-proxy translates the Service IP, so the
                # API server must also be allowed at the ClusterIP the pod dials.
                {
                    "to": objects.cidr_peers([pulumi.Output.concat(args.api_server_service_ip, "/32")]),
                    "ports": objects.tcp_ports(HTTPS),
                },
            ],
            opts=self._k8s(),
        )
