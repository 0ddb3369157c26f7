"""Building blocks of the Kubernetes objects every Bulkhead workload uses.

One place defines what "restricted" means (Pod Security Standards `restricted` plus a read-only root
filesystem), how pods spread over zones and how a PodDisruptionBudget is shaped, so the services and
the cluster's own controllers (cluster-autoscaler, metrics-server) cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone"
HOSTNAME_TOPOLOGY_KEY = "kubernetes.io/hostname"
TMP_VOLUME = "tmp"
DEFAULT_UID = 10001  # >= 10000 keeps clear of host users (CKV_K8S_40)
DNS_PORT = 53
# The EKS Pod Identity agent serves credentials on this node-local address (a DaemonSet on hostNetwork).
POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32"
POD_IDENTITY_AGENT_PORT = 80
# A pod-template annotation naming the AWS role Pod Identity gives the pods: pods created before the
# association get no credentials, so a changed role (a new association) rolls them.
POD_IDENTITY_ROLE_ANNOTATION = "bulkhead.io/pod-identity-role"
POD_SECURITY_LABELS = {f"pod-security.kubernetes.io/{mode}": "restricted" for mode in ("enforce", "audit", "warn")}


def app_labels(name: str) -> dict[str, str]:
    """The labels that select one Bulkhead workload's pods (services and cluster controllers alike)."""
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "bulkhead"}


def k8s_options(parent: pulumi.Resource, provider: k8s.Provider, **kwargs: Any) -> pulumi.ResourceOptions:
    """Options of a Kubernetes child: the cluster's provider, never the ambient kubeconfig."""
    return pulumi.ResourceOptions(parent=parent, provider=provider, **kwargs)


def metadata(name: str, namespace: str | None, labels: Mapping[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {"name": name, "labels": dict(labels)}
    if namespace is not None:
        result["namespace"] = namespace
    return result


def restricted_container_security_context() -> dict[str, Any]:
    """No privilege escalation, no capabilities, read-only root filesystem (write to /tmp only)."""
    return {
        "allow_privilege_escalation": False,
        "privileged": False,
        "read_only_root_filesystem": True,
        "run_as_non_root": True,
        "capabilities": {"drop": ["ALL"]},
        "seccomp_profile": {"type": "RuntimeDefault"},
    }


def restricted_pod_security_context(uid: int) -> dict[str, Any]:
    if uid <= 0:
        raise ValueError(f"uid: must be a non-zero, non-root user id (got {uid})")
    return {
        "run_as_non_root": True,
        "run_as_user": uid,
        "run_as_group": uid,
        "fs_group": uid,
        "seccomp_profile": {"type": "RuntimeDefault"},
    }


def tmp_volume() -> dict[str, Any]:
    """A small in-memory-backed scratch space, since the root filesystem is read-only."""
    return {"name": TMP_VOLUME, "empty_dir": {"size_limit": "256Mi"}}


def tmp_mount() -> dict[str, Any]:
    return {"name": TMP_VOLUME, "mount_path": "/tmp"}


def zone_spread(labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Spread replicas evenly over zones (hard) and, best effort, over nodes."""
    selector = {"match_labels": dict(labels)}
    return [
        {
            "max_skew": 1,
            "topology_key": ZONE_TOPOLOGY_KEY,
            "when_unsatisfiable": "DoNotSchedule",
            "label_selector": selector,
        },
        {
            "max_skew": 1,
            "topology_key": HOSTNAME_TOPOLOGY_KEY,
            "when_unsatisfiable": "ScheduleAnyway",
            "label_selector": selector,
        },
    ]


def pod_spec(
    *,
    service_account: str,
    containers: Sequence[Mapping[str, Any]],
    labels: Mapping[str, str],
    uid: int = DEFAULT_UID,
    automount_token: bool = False,
    priority_class: str | None = None,
) -> dict[str, Any]:
    """A restricted pod spec with zone spread and a /tmp emptyDir for every container."""
    spec: dict[str, Any] = {
        "service_account_name": service_account,
        "automount_service_account_token": automount_token,
        "security_context": restricted_pod_security_context(uid),
        "containers": [
            {
                **container,
                "security_context": restricted_container_security_context(),
                "volume_mounts": [*container.get("volume_mounts", ()), tmp_mount()],
            }
            for container in containers
        ],
        "volumes": [tmp_volume()],
        "topology_spread_constraints": zone_spread(labels),
    }
    if priority_class is not None:
        spec["priority_class_name"] = priority_class
    return spec


@dataclass(frozen=True, kw_only=True)
class RolloutArgs:
    """How long a Deployment's rollout may take before Kubernetes reports it failed.

    Attributes:
        progress_deadline_seconds: Seconds without progress after which the rollout is marked failed
            (`Progressing=False`, reason ProgressDeadlineExceeded), so the update that started it fails
            instead of waiting forever; must exceed min_ready_seconds. Default: 600
        min_ready_seconds: Seconds a new pod must stay ready before it counts as available (and the
            rollout replaces the next old pod): a pod that crashes soon after its first ready probe
            stops the rollout. Default: 10
    """

    progress_deadline_seconds: int = 600
    min_ready_seconds: int = 10

    def __post_init__(self) -> None:
        if self.min_ready_seconds < 0:
            raise ValueError(f"RolloutArgs.min_ready_seconds: must be >= 0 (got {self.min_ready_seconds})")
        if self.progress_deadline_seconds <= self.min_ready_seconds:
            raise ValueError(
                f"RolloutArgs.progress_deadline_seconds: must be greater than min_ready_seconds "
                f"({self.min_ready_seconds}), as Kubernetes requires (got {self.progress_deadline_seconds})"
            )


DEFAULT_ROLLOUT = RolloutArgs()


def rolling_update() -> dict[str, Any]:
    """Surge new pods first and never drop below the current count: updates keep capacity."""
    return {"type": "RollingUpdate", "rolling_update": {"max_unavailable": 0, "max_surge": "25%"}}


def deployment(
    resource_name: str,
    *,
    name: str,
    namespace: str,
    labels: Mapping[str, str],
    replicas: int,
    pod: Mapping[str, Any],
    rollout: RolloutArgs,
    opts: pulumi.ResourceOptions,
    pod_annotations: Mapping[str, pulumi.Input[str]] | None = None,
) -> k8s.apps.v1.Deployment:
    """A surge-first rolling Deployment whose rollout fails (rather than hangs) after `rollout`'s deadline."""
    template_metadata: dict[str, Any] = {"labels": dict(labels)}
    if pod_annotations:
        template_metadata["annotations"] = dict(pod_annotations)
    return k8s.apps.v1.Deployment(
        resource_name,
        metadata=metadata(name, namespace, labels),
        spec={
            "replicas": replicas,
            "selector": {"match_labels": dict(labels)},
            "strategy": rolling_update(),
            "progress_deadline_seconds": rollout.progress_deadline_seconds,
            "min_ready_seconds": rollout.min_ready_seconds,
            "template": {"metadata": template_metadata, "spec": dict(pod)},
        },
        opts=opts,
    )


def disruption_budget(
    resource_name: str, *, name: str, namespace: str, labels: Mapping[str, str], opts: pulumi.ResourceOptions
) -> k8s.policy.v1.PodDisruptionBudget:
    """At most one pod voluntarily evicted at a time (never zero: node drains must progress)."""
    return k8s.policy.v1.PodDisruptionBudget(
        resource_name,
        metadata=metadata(name, namespace, labels),
        spec={"max_unavailable": 1, "selector": {"match_labels": dict(labels)}},
        opts=opts,
    )


def service_account(
    resource_name: str,
    *,
    name: str,
    namespace: str,
    labels: Mapping[str, str],
    automount_token: bool,
    opts: pulumi.ResourceOptions,
) -> k8s.core.v1.ServiceAccount:
    return k8s.core.v1.ServiceAccount(
        resource_name,
        metadata=metadata(name, namespace, labels),
        automount_service_account_token=automount_token,
        opts=opts,
    )


def role_binding(
    resource_name: str,
    *,
    name: str,
    namespace: str | None,
    labels: Mapping[str, str],
    role_kind: str,
    role: str,
    service_account: str,
    service_account_namespace: str,
    opts: pulumi.ResourceOptions,
) -> k8s.rbac.v1.RoleBinding | k8s.rbac.v1.ClusterRoleBinding:
    """Binds `role` to one service account: a RoleBinding in `namespace`, or a ClusterRoleBinding
    when `namespace` is None."""
    binding = k8s.rbac.v1.ClusterRoleBinding if namespace is None else k8s.rbac.v1.RoleBinding
    return binding(
        resource_name,
        metadata=metadata(name, namespace, labels),
        role_ref={"api_group": "rbac.authorization.k8s.io", "kind": role_kind, "name": role},
        subjects=[{"kind": "ServiceAccount", "name": service_account, "namespace": service_account_namespace}],
        opts=opts,
    )


def resources(requests: Mapping[str, str], limits: Mapping[str, str]) -> dict[str, Any]:
    return {"requests": dict(requests), "limits": dict(limits)}


def http_probe(
    path: str,
    port: str | int,
    *,
    scheme: str = "HTTP",
    period: int = 10,
    failure_threshold: int = 3,
    initial_delay: int = 0,
) -> dict[str, Any]:
    return {
        "http_get": {"path": path, "port": port, "scheme": scheme},
        "period_seconds": period,
        "failure_threshold": failure_threshold,
        "initial_delay_seconds": initial_delay,
        "timeout_seconds": 2,
    }


def tcp_probe(port: str | int, *, period: int = 10, failure_threshold: int = 3) -> dict[str, Any]:
    """A probe that only opens a TCP connection (for sidecars whose HTTP paths are not ours)."""
    return {
        "tcp_socket": {"port": port},
        "period_seconds": period,
        "failure_threshold": failure_threshold,
        "timeout_seconds": 2,
    }


def policy_rule(
    api_groups: Sequence[str], resources_: Sequence[str], verbs: Sequence[str], names: Sequence[str] = ()
) -> dict[str, Any]:
    """One RBAC rule; never `*` (control K20, policies/controls.py)."""
    for value in (*api_groups, *resources_, *verbs):
        if value == "*":
            raise ValueError(f"RBAC rules must name groups, resources and verbs explicitly (got {value!r})")
    rule: dict[str, Any] = {
        "api_groups": list(api_groups),
        "resources": list(resources_),
        "verbs": list(verbs),
    }
    if names:
        rule["resource_names"] = list(names)
    return rule


def namespace_selector(namespace: str) -> dict[str, Any]:
    """Selects one namespace by the name label Kubernetes puts on every namespace."""
    return {"match_labels": {"kubernetes.io/metadata.name": namespace}}


def dns_egress() -> dict[str, Any]:
    """Egress to the cluster DNS (CoreDNS pods in kube-system) on port 53."""
    return {
        "to": [
            {
                "namespace_selector": namespace_selector("kube-system"),
                "pod_selector": {"match_labels": {"k8s-app": "kube-dns"}},
            }
        ],
        "ports": [{"protocol": "UDP", "port": DNS_PORT}, {"protocol": "TCP", "port": DNS_PORT}],
    }


def cidr_peers(cidr_blocks: pulumi.Input[Sequence[pulumi.Input[str]]]) -> pulumi.Input[list[dict[str, Any]]]:
    """NetworkPolicy peers for CIDR ranges; the list may itself be an output of the AWS layer."""
    return pulumi.Output.from_input(cidr_blocks).apply(lambda cidrs: [{"ip_block": {"cidr": cidr}} for cidr in cidrs])


def pod_identity_agent_egress() -> dict[str, Any]:
    """NetworkPolicy egress to the node-local Pod Identity agent: without it a pod gets no AWS credentials."""
    return {"to": cidr_peers([POD_IDENTITY_AGENT_CIDR]), "ports": tcp_ports(POD_IDENTITY_AGENT_PORT)}


def tcp_ports(*ports: int | str) -> list[dict[str, Any]]:
    return [{"protocol": "TCP", "port": port} for port in ports]


def network_policy(
    resource_name: str,
    *,
    name: str,
    namespace: str,
    labels: Mapping[str, str],
    pod_labels: Mapping[str, str] | None,
    ingress: Sequence[Mapping[str, Any]],
    egress: Sequence[Mapping[str, Any]],
    opts: pulumi.ResourceOptions,
    annotations: Mapping[str, str] | None = None,
) -> k8s.networking.v1.NetworkPolicy:
    """Isolates the selected pods (all pods when `pod_labels` is None) in both directions; the
    rules are the only traffic allowed. No rules at all is a default-deny policy."""
    meta = metadata(name, namespace, labels)
    if annotations:
        meta["annotations"] = dict(annotations)
    return k8s.networking.v1.NetworkPolicy(
        resource_name,
        metadata=meta,
        spec={
            "pod_selector": {"match_labels": dict(pod_labels)} if pod_labels else {},
            "policy_types": ["Ingress", "Egress"],
            "ingress": [dict(rule) for rule in ingress],
            "egress": [dict(rule) for rule in egress],
        },
        opts=opts,
    )
