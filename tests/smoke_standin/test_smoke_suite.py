"""The smoke suite can pass and can fail: `bulkhead smoke` against stand-in pods instead of a cluster.

`kubectl` on PATH is the stand-in of tests/smoke_standin/kubectl; the pods are tests/smoke_standin/
cluster.py's: the prod `api` service as it should run (with its feature-flag agent beside it, and once
as a service without one), then one pod per check with exactly that thing wrong. The real suite
(tests/smoke) and the real command run in a child process, as an operator would run them; the JUnit
report says what passed.
"""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.smoke.cli import SUITE, run
from tests.smoke_standin.cluster import CONTEXT, bad_pods, good_pod, without_flags_agent, write_cluster

GOOD, WITHOUT_AGENT = "api/api-7d9f8b6c5d-x2k4p", "api/api-without-flags"
FLAGS_CHECK = "test_flags_agent_answers"


def suite_checks() -> set[str]:
    tree = ast.parse((SUITE / "test_service_pods.py").read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def smoke(environment: dict[str, str], tmp_path: Path, *argv: str) -> tuple[int, dict[str, dict[str, str]]]:
    """`bulkhead smoke` in a child process; returns its exit status and, per pod, each check's outcome."""
    report = tmp_path / "smoke.xml"
    done = subprocess.run(
        [sys.executable, "-m", "bulkhead.cli", "smoke", "--context", CONTEXT, "--junit-xml", str(report), *argv],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    outcomes: dict[str, dict[str, str]] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        check, _, pod = case.get("name", "").partition("[")
        children = {child.tag for child in case}
        outcome = "failed" if children & {"failure", "error"} else "skipped" if "skipped" in children else "passed"
        outcomes.setdefault(pod.rstrip("]"), {})[check] = outcome
    return done.returncode, outcomes


@pytest.fixture(scope="module")
def every_pod(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, dict[str, str]], dict[str, str]]:
    """One run over the good pod, a pod without a flags agent, and every bad pod."""
    root = tmp_path_factory.mktemp("cluster")
    bad = bad_pods()
    pods = [good_pod(), without_flags_agent(good_pod(name="api-without-flags")), *(pod for pod, _ in bad)]
    code, outcomes = smoke(write_cluster(root, pods), tmp_path_factory.mktemp("report"))
    return code, outcomes, {f"{pod.namespace}/{pod.name}": check for pod, check in bad}


def test_a_good_pod_passes_every_check(every_pod) -> None:
    _, outcomes, _ = every_pod
    expected = dict.fromkeys(suite_checks(), "passed")
    assert outcomes[GOOD] == expected
    assert outcomes[WITHOUT_AGENT] == {**expected, FLAGS_CHECK: "skipped"}  # a service that reads no flags


def test_each_bad_pod_fails_exactly_its_check(every_pod) -> None:
    code, outcomes, expected_failures = every_pod
    assert code == EXIT_FAILED
    for pod, check in expected_failures.items():
        failed = {name for name, outcome in outcomes[pod].items() if outcome == "failed"}
        assert failed == {check}, pod


def test_every_check_is_shown_to_fail(every_pod) -> None:
    _, _, expected_failures = every_pod
    assert set(expected_failures.values()) == suite_checks()


def test_a_namespace_of_good_pods_exits_0(tmp_path) -> None:
    environment = write_cluster(tmp_path / "cluster", [good_pod()])
    code, outcomes = smoke(environment, tmp_path, "--namespace", "api")
    assert code == EXIT_OK
    assert list(outcomes) == [GOOD]


def _preflight(monkeypatch, capsys, environment: dict[str, str], **options: object) -> tuple[int, str]:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    defaults = {"context": CONTEXT, "namespace": [], "kubeconfig": None, "junit_xml": None}
    code = run(argparse.Namespace(**{**defaults, **options}))
    return code, capsys.readouterr().err


def test_an_unknown_context_exits_2(tmp_path, monkeypatch, capsys) -> None:
    environment = write_cluster(tmp_path / "cluster", [good_pod()])
    code, err = _preflight(monkeypatch, capsys, environment, context="staging")
    assert code == EXIT_BAD_INPUT
    assert err.strip().endswith('error: context "staging" does not exist')


def test_no_service_pod_exits_2(tmp_path, monkeypatch, capsys) -> None:
    environment = write_cluster(tmp_path / "cluster", [good_pod()])
    code, err = _preflight(monkeypatch, capsys, environment, namespace=["worker"])
    assert (code, err.strip()) == (
        EXIT_BAD_INPUT,
        f"error: no running pod of a Bulkhead service in context {CONTEXT} (worker)",
    )


def test_no_kubectl_exits_2(tmp_path, monkeypatch, capsys) -> None:
    code, err = _preflight(monkeypatch, capsys, {"PATH": str(tmp_path)})
    assert (code, err.strip()) == (
        EXIT_BAD_INPUT,
        "error: kubectl not found on PATH: install it and configure the cluster's context",
    )
