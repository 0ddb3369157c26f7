"""`bulkhead verify` against a moto server holding each shipped stack, deployed from its plan.

The environment is what the plan says `pulumi up` creates (tests/verify/environment.py: moto for what it
implements, per-operation answers validated against botocore's models for what it lacks). verify runs
through the real CLI with `--endpoint-url`; the only thing injected is the boto3 session that carries
those answers. Every check passes on each shipped stack; then each drift of tests/verify/drifts.py
fails exactly its check, on its target.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bulkhead import cli
from bulkhead.exit_codes import EXIT_FAILED, EXIT_OK
from bulkhead.verify.registry import CHECKS
from tests.runbooks.support import FakeClock
from tests.support import shipped_plan
from tests.verify.drifts import DRIFTS, Drift
from tests.verify.environment import Deployed, Environment, deploy

# What each shipped stack has nothing of, and says so (SKIP with why) instead of passing.
EXPECTED_SKIPS = {
    "prod": {},
    "staging": {
        "backup.vault-lock": "no vault lock declared in staging",
        "replication.database": "no Aurora global database in the outputs (dr_strategy backup-restore)",
        "replication.cache": "no ElastiCache global datastore in the outputs (dr_strategy backup-restore)",
        "edge.health-check": (
            "api.staging.mobile.example.com routes simply to the primary region: no failover health check"
        ),
    },
    "dev": {
        "keys.replica": "no replica keys in the outputs: the environment has no DR region",
        "secrets.replica": "no secret replica declared: the environment has no DR region",
        "backup.vault-lock": "no vault lock declared in dev",
        "replication.database": "no Aurora global database in the outputs (dr_strategy none)",
        "replication.cache": "no ElastiCache global datastore in the outputs (dr_strategy none)",
        "edge.health-check": "api.dev.mobile.example.com routes simply to the primary region: no failover health check",
    },
}


def run_verify(
    deployed: Deployed, endpoint: str, clock: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture, *argv: str
) -> tuple[int, str]:
    """`bulkhead verify` as on the command line; the clients carry the session with the answers."""
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(deployed.outputs), encoding="utf-8")
    args = cli.build_parser().parse_args(["verify", "--outputs", str(path), "--endpoint-url", endpoint, *argv])
    clients = deployed.clients(args.endpoint_url)
    code = args.run(args, clients=clients, clock=clock)
    return code, capsys.readouterr().out


def results(output: str) -> list[dict[str, Any]]:
    return json.loads(output)["items"]


@pytest.fixture
def clock() -> FakeClock:
    # moto stamps a cluster's LatestRestorableTime with the real time: the report's clock starts there too.
    return FakeClock(datetime.now(UTC))


@pytest.mark.parametrize("stack", ["prod", "staging", "dev"])
def test_every_check_passes_on_the_environment_the_plan_describes(stack, endpoint, clock, tmp_path, capsys) -> None:
    deployed = deploy(Environment.from_plan(shipped_plan(stack)), clock)
    code, output = run_verify(deployed, endpoint, clock, tmp_path, capsys, "--format", "json")
    items = results(output)
    assert code == EXIT_OK, [i for i in items if i["status"] == "FAIL"]
    assert {i["check"] for i in items} == {check.id for check in CHECKS}
    skipped = {i["check"]: i["detail"] for i in items if i["status"] == "SKIP"}
    assert skipped == EXPECTED_SKIPS[stack]
    assert all(i["status"] == "PASS" for i in items if i["check"] not in skipped)


@pytest.mark.parametrize("drift", DRIFTS, ids=[drift.name for drift in DRIFTS])
def test_each_drift_fails_exactly_its_check(drift: Drift, endpoint, clock, tmp_path, capsys) -> None:
    env = Environment.from_plan(shipped_plan("prod"))
    drift.change(env)
    code, output = run_verify(deploy(env, clock), endpoint, clock, tmp_path, capsys, "--format", "json")
    failures = [i for i in results(output) if i["status"] != "PASS"]
    assert code == EXIT_FAILED
    assert [(i["check"], i["target"], i["status"]) for i in failures] == [(drift.check, drift.target, "FAIL")]
    assert drift.says in failures[0]["detail"]


def test_the_text_report_has_one_line_per_check_and_names_the_failure(endpoint, clock, tmp_path, capsys) -> None:
    (drift,) = [d for d in DRIFTS if d.name == "database-dr-force-ssl-off"]
    env = Environment.from_plan(shipped_plan("prod"))
    drift.change(env)
    code, output = run_verify(deploy(env, clock), endpoint, clock, tmp_path, capsys)
    lines = output.splitlines()
    assert code == EXIT_FAILED
    assert lines[0].startswith("bulkhead verify · environment prod · ")
    # 85: 65 for the stores, keys, cluster, runners, backup, replication and edge; 20 for the queue in both
    # regions (3 checks), the alerts topics (2 each), the trail and its bucket, two detectors and two hubs,
    # the flags of both regions (2 each).
    assert lines[1] == "checks: 85 PASS, 1 FAIL, 0 SKIP"
    assert sum(line.startswith("PASS  ") for line in lines) == 85
    (failure,) = [line for line in lines if line.startswith("FAIL  ")]
    assert failure.startswith("FAIL  database.tls  mobile-prod-db: mobile-prod-db-dr (us-west-2): parameter group ")
    assert lines[-2:] == [
        "RESULT: FAILED (1 problem(s))",
        f"  - {failure.removeprefix('FAIL  ').replace('  ', ' ', 1)}",
    ]


def test_only_runs_the_checks_named(endpoint, clock, tmp_path, capsys) -> None:
    deployed = deploy(Environment.from_plan(shipped_plan("prod")), clock)
    code, output = run_verify(
        deployed, endpoint, clock, tmp_path, capsys, "--only", "cluster", "--only", "keys.replica", "--format", "json"
    )
    assert code == EXIT_OK
    assert {i["check"] for i in results(output)} == {
        "cluster.endpoint",
        "cluster.secrets-encryption",
        "cluster.logging",
        "cluster.access-entries",
        "cluster.deletion-protection",
        "keys.replica",
    }
    assert {(s, o) for s, o, _ in deployed.answers.calls} <= {
        ("eks", "DescribeCluster"),
        ("eks", "ListAccessEntries"),
        ("eks", "DescribeAccessEntry"),
        ("eks", "ListAssociatedAccessPolicies"),
        ("kms", "DescribeKey"),
    }


def test_the_option_alone_routes_every_call_to_the_endpoint(
    endpoint, clock, tmp_path, capsys, retry_waits, monkeypatch
) -> None:
    """Nothing injected: the CLI builds its own clients from `--endpoint-url`. What moto serves passes;
    what only the answers serve fails by API name, as against an account that lacks it."""
    deployed = deploy(Environment.from_plan(shipped_plan("prod")), clock)
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(deployed.outputs), encoding="utf-8")
    code = cli.main(["verify", "--outputs", str(path), "--endpoint-url", endpoint, "--format", "json"])
    items = results(capsys.readouterr().out)
    by_check: dict[str, set[str]] = {}
    for item in items:
        by_check.setdefault(item["check"], set()).add(item["status"])
    assert code == EXIT_FAILED
    # S3 included: path-style requests to the IP endpoint reach the server like every other service's.
    served_by_moto = [c.id for c in CHECKS if c.id.split(".")[0] in ("keys", "database", "cache")] + ["audit.bucket"]
    assert all(by_check[check] == {"PASS"} for check in served_by_moto)
    failing = {(i["check"], i["target"]): i["detail"] for i in items if i["status"] == "FAIL"}
    assert failing[("cluster.endpoint", "mobile-prod-cluster (us-east-1)")].startswith(
        "DescribeCluster in us-east-1 failed: ResourceNotFoundException"
    )
    assert failing[("secrets.encryption", "payments-api-key")].startswith(
        "DescribeSecret in us-east-1 failed: ResourceNotFoundException"
    )
    backup_line = ("backup.recovery-points", "arn:aws:rds:us-east-1:111122223333:cluster:mobile-prod-db")
    assert "ListRecoveryPointsByBackupVault in us-east-1 failed" in failing[backup_line]
