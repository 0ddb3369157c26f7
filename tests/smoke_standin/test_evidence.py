"""How the smoke suite reads what it finds: pod specs from kubectl, and the kernel's files in the pod."""

from __future__ import annotations

import pytest

from bulkhead.smoke import evidence
from bulkhead.smoke.pods import KubectlError, is_running_service, parse_pod


def pod_item(namespace: str = "api", phase: str = "Running", **container: object) -> dict:
    service = {
        "name": "api",
        "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/mobile/api:1.8.2",
        "ports": [{"name": "http", "containerPort": 8080}],
        "readinessProbe": {"httpGet": {"path": "/readyz", "port": "http", "scheme": "HTTP"}},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
        **container,
    }
    return {
        "metadata": {"name": "api-1", "namespace": namespace},
        "spec": {"containers": [service], "securityContext": {"runAsUser": 10001}},
        "status": {"phase": phase, "podIP": "10.30.48.17"},
    }


def test_probe_ports_given_by_name_resolve_to_the_container_port() -> None:
    pod = parse_pod(pod_item())
    assert [(p.kind, p.port, p.path) for p in pod.probes] == [
        ("liveness", 8080, "/healthz"),
        ("readiness", 8080, "/readyz"),
    ]
    assert (pod.run_as_user, pod.flags_agent_port) == (10001, None)


def test_a_probe_on_an_undeclared_port_name_is_refused() -> None:
    item = pod_item(readinessProbe={"httpGet": {"path": "/readyz", "port": "admin"}})
    with pytest.raises(KubectlError, match="probe port 'admin' is not a declared port"):
        parse_pod(item)


def test_the_container_securitycontext_overrides_the_pods_uid() -> None:
    assert parse_pod(pod_item(securityContext={"runAsUser": 0})).run_as_user == 0


def test_controllers_and_pods_not_running_are_not_checked() -> None:
    assert is_running_service(pod_item())
    assert not is_running_service(pod_item(namespace="kube-system"))
    assert not is_running_service(pod_item(phase="Pending"))


def test_the_mount_in_effect_is_the_last_one_at_that_point() -> None:
    mounts = "overlay / overlay ro,relatime 0 0\nproc /proc proc rw 0 0\nnone / tmpfs rw 0 0\n"
    assert evidence.mount_options(mounts, "/") == {"rw"}
    with pytest.raises(ValueError, match="nothing is mounted at /data"):
        evidence.mount_options(mounts, "/data")


def test_private_means_the_ranges_a_vpc_uses() -> None:
    assert [evidence.is_private(a) for a in ("10.30.1.5", "172.31.0.9", "100.64.3.2", "192.168.0.1")] == [True] * 4
    assert [evidence.is_private(a) for a in ("52.94.133.131", "169.254.169.254", "127.0.0.1", "fd00:ec2::254")] == [
        False
    ] * 4


def test_the_process_environment_is_read_from_its_nul_separated_file() -> None:
    env = evidence.environment(b"PATH=/bin\0BULKHEAD_DB_HOST=db.internal\0EMPTY=\0")
    assert env == {"PATH": "/bin", "BULKHEAD_DB_HOST": "db.internal", "EMPTY": ""}
    assert evidence.data_endpoints(env) == {"BULKHEAD_DB_HOST": "db.internal"}


def test_a_plaintext_answer_is_any_resp_reply() -> None:
    assert evidence.answers_resp("+PONG\r\n") and evidence.answers_resp("-NOAUTH Authentication required.\r\n")
    assert not evidence.answers_resp("") and not evidence.answers_resp("\x15\x03\x01\x00\x02")
