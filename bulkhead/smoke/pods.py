"""Which pods the smoke suite runs in: every running pod of a Bulkhead service, found with `kubectl`.

Bulkhead labels every workload it deploys `app.kubernetes.io/part-of=bulkhead` (components/kubernetes/
objects.py). The cluster's own controllers carry the label too but live in `kube-system` and are not
services (the autoscaler needs its API token), so that namespace is left out.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

SELECTOR = "app.kubernetes.io/part-of=bulkhead"
NOT_SERVICES = frozenset({"kube-system"})
# The AWS AppConfig agent sidecar (public.ecr.aws/aws-appconfig/aws-appconfig-agent) serves on 2772.
FLAGS_AGENT_IMAGE = "aws-appconfig-agent"
FLAGS_AGENT_PORT = 2772
KUBECTL_TIMEOUT_SECONDS = 60


class KubectlError(Exception):
    """kubectl is missing, or refused the request (unknown context, no access): nothing can be checked."""


@dataclass(frozen=True)
class HttpProbe:
    kind: str  # "liveness" | "readiness" | "startup"
    scheme: str
    port: int
    path: str


@dataclass(frozen=True)
class Pod:
    namespace: str
    name: str
    container: str  # the service's own container (not a sidecar)
    ip: str | None
    run_as_user: int | None  # from the pod spec: the UID the process must run as
    probes: tuple[HttpProbe, ...]
    flags_agent_port: int | None  # None: no AppConfig agent beside the service

    @property
    def label(self) -> str:
        return f"{self.namespace}/{self.name}"

    def hostspec(self, context: str, kubeconfig: str | None = None) -> str:
        """testinfra's address of the service container through `kubectl exec`."""
        query = {"namespace": self.namespace, "container": self.container, "context": context}
        if kubeconfig:
            query["kubeconfig"] = kubeconfig
        return f"kubectl://{self.name}?{urlencode(query)}"


def kubectl(args: Sequence[str], context: str, kubeconfig: str | None = None) -> str:
    command = ["kubectl", f"--context={context}", *([f"--kubeconfig={kubeconfig}"] if kubeconfig else []), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=KUBECTL_TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        raise KubectlError("kubectl not found on PATH: install it and configure the cluster's context") from None
    except subprocess.TimeoutExpired:
        raise KubectlError(f"kubectl {' '.join(args)} did not answer in {KUBECTL_TIMEOUT_SECONDS}s") from None
    if done.returncode != 0:
        raise KubectlError(f"kubectl {' '.join(args)}: {done.stderr.strip() or f'exit {done.returncode}'}")
    return done.stdout


def discover(context: str, namespaces: Sequence[str] = (), kubeconfig: str | None = None) -> list[Pod]:
    """The running service pods, in the given namespaces (all but kube-system when none is given)."""
    scopes = [["-n", namespace] for namespace in namespaces] or [["--all-namespaces"]]
    items: list[dict[str, Any]] = []
    for scope in scopes:
        text = kubectl(["get", "pods", *scope, "-l", SELECTOR, "-o", "json"], context, kubeconfig)
        try:
            items += json.loads(text).get("items", [])
        except (json.JSONDecodeError, AttributeError):
            raise KubectlError(f"kubectl get pods: not a JSON pod list (got {text[:80]!r})") from None
    pods = [parse_pod(item) for item in items if is_running_service(item)]
    return sorted(pods, key=lambda pod: pod.label)


def is_running_service(item: dict[str, Any]) -> bool:
    namespace = item.get("metadata", {}).get("namespace")
    return namespace not in NOT_SERVICES and item.get("status", {}).get("phase") == "Running"


def parse_pod(item: dict[str, Any]) -> Pod:
    spec = item.get("spec", {})
    containers = spec.get("containers", [])
    service = next((c for c in containers if FLAGS_AGENT_IMAGE not in c.get("image", "")), containers[0])
    agent = next((c for c in containers if FLAGS_AGENT_IMAGE in c.get("image", "")), None)
    run_as_user = (service.get("securityContext") or {}).get("runAsUser")
    if run_as_user is None:
        run_as_user = (spec.get("securityContext") or {}).get("runAsUser")
    return Pod(
        namespace=item["metadata"]["namespace"],
        name=item["metadata"]["name"],
        container=service["name"],
        ip=item.get("status", {}).get("podIP"),
        run_as_user=run_as_user,
        probes=tuple(_probes(service)),
        flags_agent_port=_agent_port(agent) if agent is not None else None,
    )


def _port_number(container: dict[str, Any], port: int | str) -> int:
    """A probe's port: a number, or the name of one of the container's ports."""
    if isinstance(port, int) or str(port).isdigit():
        return int(port)
    for declared in container.get("ports", []):
        if declared.get("name") == port:
            return int(declared["containerPort"])
    raise KubectlError(f"container {container.get('name')}: probe port {port!r} is not a declared port")


def _probes(container: dict[str, Any]) -> list[HttpProbe]:
    probes = []
    for kind in ("liveness", "readiness", "startup"):
        http = (container.get(f"{kind}Probe") or {}).get("httpGet")
        if http:
            port = _port_number(container, http["port"])
            probes.append(HttpProbe(kind, http.get("scheme", "HTTP").lower(), port, http.get("path", "/")))
    return probes


def _agent_port(agent: dict[str, Any]) -> int:
    ports = [int(p["containerPort"]) for p in agent.get("ports", []) if "containerPort" in p]
    return ports[0] if ports else FLAGS_AGENT_PORT
