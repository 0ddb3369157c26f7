"""Inside each running service pod: what the plan and the pack promise about a workload, seen from the
workload itself. Each check says, in its docstring, what it proves.

The pod's spec is read once by `kubectl get pods` (bulkhead/smoke/pods.py); everything else comes from
inside the service's container through `kubectl exec` (testinfra's kubectl backend).
"""

from __future__ import annotations

import pytest
from testinfra.host import Host

from bulkhead.smoke import evidence
from bulkhead.smoke.pods import Pod


def _environment(host: Host) -> dict[str, str]:
    """The service process's own environment (what it was started with, not the exec shell's)."""
    return evidence.environment(host.file(f"{evidence.APP_PROCESS}/environ").content)


def _require_tools(host: Host, pod: Pod, *alternatives: str) -> None:
    assert any(host.exists(tool) for tool in alternatives), (
        f"cannot check from {pod.label}: none of {list(alternatives)} in container {pod.container}"
    )


def test_runs_as_the_expected_non_root_uid(host: Host, pod: Pod) -> None:
    """The service process runs as the non-root UID its pod spec sets (runAsUser): code that takes over
    the process has no root inside the container."""
    uids = evidence.process_uids(host.file(f"{evidence.APP_PROCESS}/status").content_string)
    assert pod.run_as_user not in (None, 0), f"the pod spec sets runAsUser={pod.run_as_user}, expected a non-root UID"
    assert uids == {pod.run_as_user}, f"process UIDs (real, effective, saved, fs) are {sorted(uids)}"


def test_root_filesystem_is_read_only(host: Host, pod: Pod) -> None:
    """The container's root filesystem is mounted read-only: nothing can drop binaries or rewrite
    configuration in the image at run time (only the /tmp volume is writable)."""
    options = evidence.mount_options(host.file(f"{evidence.APP_PROCESS}/mounts").content_string, "/")
    assert "ro" in options, f"/ is mounted {sorted(options)}"


def test_no_service_account_token_is_mounted(host: Host, pod: Pod) -> None:
    """No Kubernetes API token is in the pod: a compromised service cannot call the Kubernetes API."""
    assert not host.file(evidence.SERVICE_ACCOUNT_TOKEN).exists, f"{evidence.SERVICE_ACCOUNT_TOKEN} is mounted"


def test_instance_metadata_is_unreachable(host: Host, pod: Pod) -> None:
    """The pod cannot open a connection to the instance metadata service (IPv4 or IPv6 endpoint): the
    node role's credentials are out of reach, the pod's only AWS identity is its own."""
    _require_tools(host, pod, "nc", "bash")
    reachable = [a for a in evidence.IMDS_ADDRESSES if host.addr(a).port(evidence.IMDS_PORT).is_reachable]
    assert reachable == [], f"instance metadata reachable at {reachable} port {evidence.IMDS_PORT}"


def test_data_endpoints_resolve_to_private_addresses(host: Host, pod: Pod) -> None:
    """Every data endpoint the service is configured with (BULKHEAD_*_HOST) resolves, from the pod, to
    private addresses only: database and cache traffic stays inside the VPC."""
    endpoints = evidence.data_endpoints(_environment(host))
    if not endpoints:
        pytest.skip("the service declares no database and no cache")
    _require_tools(host, pod, "getent")
    for variable, name in endpoints.items():
        addresses = host.addr(name).ip_addresses
        assert addresses, f"{variable}={name} does not resolve"
        public = sorted(a for a in addresses if not evidence.is_private(a))
        assert public == [], f"{variable}={name} resolves to non-private {public}"


def test_cache_port_accepts_tls_and_refuses_plaintext(host: Host, pod: Pod) -> None:
    """The cache endpoint completes a TLS handshake and gives a plaintext client no answer: cache
    traffic can be neither read nor injected on the network."""
    env = _environment(host)
    if not env.get(evidence.CACHE_HOST):
        pytest.skip("the service declares no cache")
    _require_tools(host, pod, "openssl")
    _require_tools(host, pod, "nc")
    name, port = env[evidence.CACHE_HOST], env.get(evidence.CACHE_PORT, "6379")
    handshake = host.run(evidence.tls_handshake(name, port))
    assert handshake.rc == 0, f"no TLS handshake with {name}:{port}: {handshake.stderr.strip()[-200:]}"
    plaintext = host.run(evidence.plaintext_ping(name, port))
    assert not evidence.answers_resp(plaintext.stdout), f"{name}:{port} answered a plaintext PING: {plaintext.stdout!r}"


def test_readiness_and_liveness_endpoints_answer(host: Host, pod: Pod) -> None:
    """The HTTP endpoints the kubelet probes (liveness, readiness, startup) answer with success at the
    pod's address: the pod serves, it is not merely running."""
    assert pod.probes, "the pod spec declares no HTTP probe"
    assert pod.ip, "the pod has no IP yet"
    failing = []
    for probe in pod.probes:
        address = evidence.url(probe.scheme, pod.ip, probe.port, probe.path)
        result = host.run(evidence.http_get(address))
        if result.rc != 0:
            failing.append(f"{probe.kind} {address} (exit {result.rc}: {result.stderr.strip()[-120:]})")
    assert failing == [], f"probe endpoints not answering: {failing}"


def test_flags_agent_answers(host: Host, pod: Pod) -> None:
    """The feature-flag agent beside the service (AWS AppConfig agent) answers on its port: flags can
    be read, and a rollout that trips an alarm can be rolled back."""
    if pod.flags_agent_port is None:
        pytest.skip("no feature-flag agent in this pod (its service does not declare needs.flags)")
    address = evidence.url("http", "127.0.0.1", pod.flags_agent_port, "/")
    result = host.run(evidence.http_get(address, any_status=True))
    assert result.rc == 0, f"the flags agent does not answer at {address}: {result.stderr.strip()[-120:]}"
