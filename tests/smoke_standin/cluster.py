"""A stand-in cluster for the smoke suite's self-test: pods shaped like the shipped prod stack's `api`
service, reached through a `kubectl` stand-in (tests/smoke_standin/kubectl) instead of a cluster.

The good pod is the prod plan's `api` Deployment as it would run: its pod spec is the Deployment's pod
template (probes, securityContext, the connection variables the wiring gives it), and its sandbox holds
what the kernel and the network would show from inside: the process's UIDs, a read-only root mount, no
service-account token, private addresses for the data endpoints, a TLS-only cache, probe endpoints that
answer, and no route to the instance metadata service. Each bad pod is the good pod with one of those
things wrong.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bulkhead.smoke.evidence import CACHE_HOST, CACHE_PORT, DATA_ENDPOINT_VARIABLES, IMDS_PORT
from bulkhead.smoke.pods import FLAGS_AGENT_IMAGE, FLAGS_AGENT_PORT
from tests.support import shipped_plan

HERE = Path(__file__).resolve().parent
PRIMARY_CLUSTER = "mobile-prod-cluster"
CONTEXT = f"arn:aws:eks:us-east-1:111122223333:cluster/{PRIMARY_CLUSTER}"  # as `aws eks update-kubeconfig` names it
SERVICE = "api"
TOKEN = "var/run/secrets/kubernetes.io/serviceaccount/token"
# Commands a minimal image has; the network tools are stand-ins that answer from the pod's net/ facts.
REAL_TOOLS = ("cat", "grep", "uname")
STANDIN_TOOLS = ("nc", "getent", "openssl", "curl")
# What the AppConfig Agent answers on `/` (no configuration there): it answers at all.
FLAGS_AGENT_URL = f"http://127.0.0.1:{FLAGS_AGENT_PORT}/"


@dataclass
class PodShape:
    """What a pod is, and what it shows from inside."""

    namespace: str
    name: str
    labels: dict[str, str]
    spec: dict[str, Any]
    ip: str
    uids: tuple[int, ...]
    root_mount_options: str = "ro,relatime"
    token_mounted: bool = False
    addresses: dict[str, list[str]] = field(default_factory=dict)  # DNS name -> addresses
    open_ports: set[str] = field(default_factory=set)  # "host:port" a TCP connection reaches
    tls_ports: set[str] = field(default_factory=set)  # "host:port" completing a TLS handshake
    plaintext_replies: dict[str, str] = field(default_factory=dict)  # "host:port" -> reply to a plaintext PING
    http: dict[str, int] = field(default_factory=dict)  # URL -> status

    @property
    def container(self) -> dict[str, Any]:
        return self.spec["containers"][0]

    def env(self) -> dict[str, str]:
        return {e["name"]: e["value"] for e in self.container.get("env", []) if "value" in e}


def _deployment_template(service: str) -> dict[str, Any]:
    """The pod template of the service's Deployment in the prod plan's primary cluster."""
    (deployment,) = [
        r
        for r in shipped_plan("prod").resources
        if r.type == "kubernetes:apps/v1:Deployment" and r.name == f"{PRIMARY_CLUSTER}-{service}-deployment"
    ]
    return copy.deepcopy(deployment.inputs["spec"]["template"])


def good_pod(name: str = "api-7d9f8b6c5d-x2k4p", namespace: str = SERVICE) -> PodShape:
    template = _deployment_template(SERVICE)
    pod = PodShape(
        namespace=namespace,
        name=name,
        labels=template["metadata"]["labels"],
        spec=template["spec"],
        ip="10.30.48.17",
        uids=(template["spec"]["securityContext"]["runAsUser"],) * 4,
    )
    env = pod.env()
    for index, variable in enumerate(DATA_ENDPOINT_VARIABLES):
        if env.get(variable):
            pod.addresses[env[variable]] = [f"10.30.{64 + index}.{20 + index}"]
            port = env[CACHE_PORT] if variable == CACHE_HOST else env["BULKHEAD_DB_PORT"]
            pod.open_ports.add(f"{env[variable]}:{port}")
    cache = f"{env[CACHE_HOST]}:{env[CACHE_PORT]}"
    pod.tls_ports.add(cache)
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        http = pod.container.get(probe, {}).get("httpGet")
        if http:
            port = next(p["containerPort"] for p in pod.container["ports"] if p["name"] == http["port"])
            pod.http[f"http://{pod.ip}:{port}{http['path']}"] = 200
    if _flags_agents(pod):  # the api reads flags (needs.flags): its agent sidecar answers
        pod.http[FLAGS_AGENT_URL] = 404
    return pod


def _flags_agents(pod: PodShape) -> list[dict[str, Any]]:
    return [c for c in pod.spec["containers"] if FLAGS_AGENT_IMAGE in c["image"]]


def without_flags_agent(pod: PodShape) -> PodShape:
    """The pod of a service that reads no flags: no agent beside it."""
    pod = replace(pod, spec=copy.deepcopy(pod.spec), http=dict(pod.http))
    pod.spec["containers"] = [c for c in pod.spec["containers"] if FLAGS_AGENT_IMAGE not in c["image"]]
    pod.http.pop(FLAGS_AGENT_URL, None)
    return pod


def _dead_flags_agent(pod: PodShape) -> None:
    assert _flags_agents(pod), "the prod api reads flags: its pod has the agent sidecar"
    del pod.http[FLAGS_AGENT_URL]


def _bad(name: str, change: Callable[[PodShape], None]) -> PodShape:
    pod = good_pod(name=f"api-{name}", namespace="drift")
    change(pod)
    return pod


def _public_database(pod: PodShape) -> None:
    pod.addresses[pod.env()["BULKHEAD_DB_HOST"]] = ["52.94.133.131"]


def _plaintext_cache(pod: PodShape) -> None:
    env = pod.env()
    pod.plaintext_replies[f"{env[CACHE_HOST]}:{env[CACHE_PORT]}"] = "-NOAUTH Authentication required."


def _failing_readiness(pod: PodShape) -> None:
    (readiness,) = [url for url in pod.http if url.endswith(pod.container["readinessProbe"]["httpGet"]["path"])]
    pod.http[readiness] = 503


def bad_pods() -> list[tuple[PodShape, str]]:
    """One bad pod per check, in namespace `drift`: the pod, and the one check it must fail."""
    return [
        (_bad("root", lambda pod: setattr(pod, "uids", (0, 0, 0, 0))), "test_runs_as_the_expected_non_root_uid"),
        (
            _bad("writable-root", lambda pod: setattr(pod, "root_mount_options", "rw,relatime")),
            "test_root_filesystem_is_read_only",
        ),
        (_bad("token", lambda pod: setattr(pod, "token_mounted", True)), "test_no_service_account_token_is_mounted"),
        (
            _bad("imds", lambda pod: pod.open_ports.add(f"169.254.169.254:{IMDS_PORT}")),
            "test_instance_metadata_is_unreachable",
        ),
        (_bad("public-database", _public_database), "test_data_endpoints_resolve_to_private_addresses"),
        (_bad("plaintext-cache", _plaintext_cache), "test_cache_port_accepts_tls_and_refuses_plaintext"),
        (_bad("not-ready", _failing_readiness), "test_readiness_and_liveness_endpoints_answer"),
        (_bad("dead-flags-agent", _dead_flags_agent), "test_flags_agent_answers"),
    ]


def write_cluster(root: Path, pods: list[PodShape]) -> dict[str, str]:
    """The stand-in cluster under `root`; returns the environment that points the stand-in kubectl at it
    (its directory first on PATH, holding kubectl only)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "context").write_text(CONTEXT)
    items: dict[str, list[dict[str, Any]]] = {"_all": []}
    for pod in pods:
        item = _pod_item(pod)
        items["_all"].append(item)
        items.setdefault(pod.namespace, []).append(item)
        _write_sandbox(root / "sandboxes" / pod.namespace / pod.name, pod)
    (root / "pods").mkdir()
    for namespace, listed in items.items():
        document = {"apiVersion": "v1", "kind": "List", "items": listed}
        (root / "pods" / f"{namespace}.json").write_text(json.dumps(document))
    path = root / "path"
    path.mkdir()
    (path / "kubectl").symlink_to(HERE / "kubectl")
    return {"STANDIN_CLUSTER": str(root), "PATH": f"{path}{os.pathsep}{os.environ['PATH']}"}


def _pod_item(pod: PodShape) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": pod.name, "namespace": pod.namespace, "labels": pod.labels},
        "spec": pod.spec,
        "status": {"phase": "Running", "podIP": pod.ip},
    }


def _write_sandbox(sandbox: Path, pod: PodShape) -> None:
    process = sandbox / "fs" / "proc" / "1"
    process.mkdir(parents=True)
    uids = "\t".join(str(uid) for uid in pod.uids)
    (process / "status").write_text(f"Name:\t{pod.container['name']}\nState:\tS (sleeping)\nUid:\t{uids}\n")
    (process / "mounts").write_text(
        f"overlay / overlay {pod.root_mount_options},lowerdir=/var/lib/containerd/l1 0 0\n"
        "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
        "tmpfs /tmp tmpfs rw,nosuid,nodev,size=65536k 0 0\n"
    )
    environ = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOSTNAME": pod.name, **pod.env()}
    (process / "environ").write_bytes(b"".join(f"{k}={v}".encode() + b"\0" for k, v in environ.items()))
    if pod.token_mounted:
        token = sandbox / "fs" / TOKEN
        token.parent.mkdir(parents=True)
        token.write_text("eyJhbGciOiJSUzI1NiJ9.stand-in.token")
    net = sandbox / "net"
    net.mkdir()
    (net / "hosts").write_text("".join(f"{name} {a}\n" for name, addrs in pod.addresses.items() for a in addrs))
    (net / "open").write_text("".join(f"{target}\n" for target in sorted(pod.open_ports | pod.tls_ports)))
    (net / "tls").write_text("".join(f"{target}\n" for target in sorted(pod.tls_ports)))
    (net / "plaintext").write_text("".join(f"{t} {reply}\n" for t, reply in pod.plaintext_replies.items()))
    (net / "http").write_text("".join(f"{url} {status}\n" for url, status in pod.http.items()))
    tools = sandbox / "bin"
    tools.mkdir()
    for tool in REAL_TOOLS:
        (tools / tool).symlink_to(shutil.which(tool) or f"/bin/{tool}")
    for tool in STANDIN_TOOLS:
        (tools / tool).symlink_to(HERE / "tools" / tool)
