"""The runbooks end to end through `--endpoint-url`: the real CLI talks HTTP to a local moto server.

Unlike the other runbook tests (in-process `mock_aws` or Stubber), nothing is patched while the CLI
runs (except botocore's retry back-off, recorded instead of slept): it builds its own boto3 clients, and
the stores exist only in the server, so a correct report proves that every call went to the endpoint.

The healthy paths moto 5.2.5 can serve end to end are `dr status` and `dr failover --dry-run` on the
Aurora global database (global clusters, RDS clusters, CloudWatch metrics). The server is also the
real faulty endpoint of the fault tests: the APIs moto lacks answer with an HTML error page (500 for
SwitchoverGlobalCluster and DescribeGlobalReplicationGroups, raising NotImplementedError; 404 for
ListRecoveryPointsByBackupVault), which botocore cannot parse, and a closed port answers nothing.
"""

from __future__ import annotations

import copy
import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from bulkhead import cli
from bulkhead.exit_codes import EXIT_FAILED, EXIT_OK
from bulkhead.runbooks.aws import Boto3Clients
from bulkhead.runbooks.cli import build_parser, run
from tests.aws_fixtures import setup_calls_to
from tests.runbooks.support import EAST, PROD_OUTPUTS, WEST, create_global_database, put_aurora_lag

DB_ARN = PROD_OUTPUTS["databases"][0]["cluster_arn"]
DR_DB_ARN = PROD_OUTPUTS["databases"][0]["dr_cluster_arn"]


@pytest.fixture
def outputs() -> dict[str, Any]:
    """Prod outputs without the cache, for the paths moto can serve (it has no global datastore API)."""
    data = copy.deepcopy(PROD_OUTPUTS)
    data["caches"] = []
    return data


def run_cli(
    argv: list[str], outputs: dict[str, Any], endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> tuple[int, list[str], str]:
    path = tmp_path / "prod-outputs.json"
    path.write_text(json.dumps(outputs), encoding="utf-8")
    code = cli.main([*argv, "--endpoint-url", endpoint, "--outputs", str(path)])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


@pytest.mark.parametrize(
    ("lag_ms", "exit_code", "verdict", "lag_text", "result"),
    [
        (850, EXIT_OK, "OK  ", "lag=0.8s (AuroraGlobalDBRPOLag)", ["RESULT: OK"]),
        (
            90_000,
            EXIT_FAILED,
            "FAIL",
            "lag=90.0s (AuroraGlobalDBRPOLag)",
            [
                "       problem: replication lag to us-west-2 is 90.0s, above the RPO of 1 min",
                "RESULT: FAILED (1 problem(s))",
                "  - database app: replication lag to us-west-2 is 90.0s, above the RPO of 1 min",
            ],
        ),
    ],
    ids=["lag-within-rpo", "lag-above-rpo"],
)
def test_dr_status_against_moto_server(
    endpoint, outputs, monkeypatch, tmp_path, capsys, lag_ms, exit_code, verdict, lag_text, result
) -> None:
    with setup_calls_to(endpoint, monkeypatch):
        create_global_database()
        # A minute old by the system clock: the CLI runs on the system clock and looks five minutes back.
        put_aurora_lag(lag_ms, datetime.now(UTC) - timedelta(minutes=1))
    code, lines, _ = run_cli(["dr", "status"], outputs, endpoint, tmp_path, capsys)
    assert code == exit_code, lines
    assert lines[0].startswith("bulkhead dr status · environment prod · ")
    assert lines[1:4] == [
        f"[{verdict}] database app: aurora-global-database prod-app-global status=available writer={EAST}",
        f"       writer    {EAST}      {DB_ARN}",
        f"       reader    {WEST}      {DR_DB_ARN} {lag_text}",
    ]
    assert lines[4:] == result


def test_failover_dry_run_against_moto_server(endpoint, outputs, monkeypatch, tmp_path, capsys) -> None:
    with setup_calls_to(endpoint, monkeypatch):
        create_global_database()
        put_aurora_lag(850, datetime.now(UTC) - timedelta(minutes=1))
    argv = ["dr", "failover", "--to", WEST, "--dry-run", "--writes-stopped", "scaled-to-zero"]
    code, lines, _ = run_cli(argv, outputs, endpoint, tmp_path, capsys)
    assert code == EXIT_OK, lines
    # The writer answered DescribeDBClusters through the endpoint as `available`: a switchover (no
    # data loss) is planned, and nothing mutating was called (moto would have refused it).
    assert lines[3:5] == [
        f"2. [planned] database app: switchover (no data loss) ({EAST} -> {WEST})",
        f"       evidence: primary: writer cluster prod-app-db in {EAST} reports status 'available'",
    ]


def test_an_html_error_page_from_the_endpoint_fails_that_store_only(
    endpoint, monkeypatch, tmp_path, capsys, retry_waits
) -> None:
    """moto answers DescribeGlobalReplicationGroups with a 500 HTML page: the cache FAILs by name, the
    database is still checked, the exit is 1 and nothing prints a traceback."""
    with setup_calls_to(endpoint, monkeypatch):
        create_global_database()
        put_aurora_lag(850, datetime.now(UTC) - timedelta(minutes=1))
    code, lines, err = run_cli(["dr", "status"], copy.deepcopy(PROD_OUTPUTS), endpoint, tmp_path, capsys)
    assert code == EXIT_FAILED
    assert lines[1].startswith("[OK  ] database app:")
    (problem,) = [line for line in lines if line.startswith("  - ")]
    assert problem.startswith("  - cache sessions: DescribeGlobalReplicationGroups in us-west-2 failed: ")
    assert "Traceback" not in err and "Traceback" not in "\n".join(lines)


def test_a_switchover_the_endpoint_garbles_is_sent_once_and_fails_by_name(
    endpoint, monkeypatch, tmp_path, capsys, retry_waits
) -> None:
    """moto has no SwitchoverGlobalCluster (a 500 HTML page): the request goes out once, the describe
    that follows shows nothing moving, and the step fails with the API named; caches stay put."""
    with setup_calls_to(endpoint, monkeypatch):
        create_global_database()
        put_aurora_lag(850, datetime.now(UTC) - timedelta(minutes=1))
    path = tmp_path / "prod-outputs.json"
    path.write_text(json.dumps(PROD_OUTPUTS), encoding="utf-8")
    session, sent = boto3.Session(), []
    session.events.register("before-send.rds.SwitchoverGlobalCluster", lambda request, **_: sent.append(request.url))
    argv = ["dr", "failover", "--outputs", str(path), "--to", WEST, "--writes-stopped", "confirmed"]
    args = build_parser().parse_args([*argv, "--endpoint-url", endpoint])
    code = run(args, clients=Boto3Clients(endpoint_url=endpoint, session=session))
    lines = capsys.readouterr().out.splitlines()
    assert code == EXIT_FAILED and len(sent) == 1
    problems = [line for line in lines if line.startswith("  - ")]
    assert problems[0].startswith("  - step 2 database app: failed: SwitchoverGlobalCluster in us-west-2 failed: ")
    assert problems[1] == (
        "  - step 3 cache sessions: blocked: not attempted: a database step failed and caches follow databases"
    )


def test_backup_verify_against_moto_server_names_every_gap(endpoint, monkeypatch, tmp_path, capsys, retry_waits):
    """Vaults are moto's (a compliance lock still in its grace period); recovery points answer 404 HTML;
    the cache group does not exist there. Every gap is named; the exit is 1."""
    with setup_calls_to(endpoint, monkeypatch):
        for region, name in ((EAST, "prod-backup"), (WEST, "prod-backup-dr")):
            backup = boto3.client("backup", region)
            backup.create_backup_vault(BackupVaultName=name)
            backup.put_backup_vault_lock_configuration(
                BackupVaultName=name, MinRetentionDays=35, MaxRetentionDays=35, ChangeableForDays=3
            )
    code, lines, err = run_cli(["backup", "verify"], copy.deepcopy(PROD_OUTPUTS), endpoint, tmp_path, capsys)
    assert code == EXIT_FAILED
    problems = [line for line in lines if line.startswith("  - ")]
    assert [p.split(": ")[0] for p in problems] == [
        "  - primary vault prod-backup",
        "  - dr vault prod-backup-dr",
        f"  - {DB_ARN}",
        "  - cache sessions snapshots",
    ]
    assert "compliance-mode lock still in its grace period" in problems[0]
    assert "ListRecoveryPointsByBackupVault in us-east-1 failed: 404: " in problems[2]
    assert "DescribeSnapshots in us-east-1 failed: ReplicationGroupNotFoundFault" in problems[3]
    assert "Traceback" not in err


def test_an_endpoint_that_does_not_answer_fails_each_store(outputs, tmp_path, capsys, retry_waits) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and now has no listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, lines, err = run_cli(["dr", "status"], outputs, f"http://127.0.0.1:{port}", tmp_path, capsys)
    assert code == EXIT_FAILED
    assert lines[-1] == (
        f"  - database app: DescribeGlobalClusters in us-west-2 failed: EndpointConnectionError: Could not connect to "
        f'the endpoint URL: "http://127.0.0.1:{port}/"'
    )
    assert len(retry_waits) == 3 and "Traceback" not in err
