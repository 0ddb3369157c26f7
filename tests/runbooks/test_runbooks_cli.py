"""The runbooks' command line: options, exit codes, text/JSON reports, errors without tracebacks."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from bulkhead import cli as bulkhead_cli
from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.runbooks import run as runbooks_run
from bulkhead.runbooks.aws import Boto3Clients
from bulkhead.runbooks.cli import build_parser, run
from tests.runbooks import responses
from tests.runbooks.support import EAST, WEST, FakeClock, TestClients


@pytest.fixture
def outputs_file(tmp_path: Path, prod_outputs: dict[str, Any]) -> Path:
    path = tmp_path / "prod.json"
    path.write_text(json.dumps(prod_outputs))
    return path


def invoke(argv: list[str], clients: Any, clock: FakeClock, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(
        build_parser().parse_args(argv),
        clients=clients,
        clock=clock,
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


def stub_healthy_stores(clients: TestClients, writer: str = EAST) -> None:
    clients.stub("rds", WEST).add_response(
        "describe_global_clusters",
        responses.global_cluster(writer),
        {"GlobalClusterIdentifier": "prod-app-global"},
    )
    clients.stub("rds", EAST).add_response(
        "describe_db_clusters", responses.db_cluster(EAST), {"DBClusterIdentifier": "prod-app-db"}
    )
    clients.stub("elasticache", WEST).add_response(
        "describe_global_replication_groups", responses.global_datastore(writer), responses.DESCRIBE_DATASTORE
    )


def test_failover_dry_run_prints_the_plan_and_exits_zero(stubbed, clock, outputs_file) -> None:
    stub_healthy_stores(stubbed)
    code, out, err = invoke(
        ["dr", "failover", "--outputs", str(outputs_file), "--to", WEST, "--dry-run"], stubbed, clock
    )
    assert code == EXIT_OK
    assert out.splitlines() == [
        "bulkhead dr failover --to us-west-2 --dry-run · environment prod · 2026-11-25T04:00:00+00:00",
        "1. [planned] database app: switchover (us-east-1 -> us-west-2)",
        "2. [planned] cache sessions: failover-global-replication-group (us-east-1 -> us-west-2)",
        "RESULT: OK",
    ]
    # Every step is logged on stderr, stamped by the injected clock.
    assert err.splitlines()[0] == "2026-11-25T04:00:00+00:00 database app: switchover: us-east-1 -> us-west-2: planned"


def test_status_json_report_and_exit_one_on_problems(stubbed, clock, outputs_file) -> None:
    stubbed.stub("rds", WEST).add_client_error(
        "describe_global_clusters",
        service_error_code="GlobalClusterNotFoundFault",
        service_message="Global cluster prod-app-global not found",
        http_status_code=404,
    )
    stubbed.stub("elasticache", WEST).add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), responses.DESCRIBE_DATASTORE
    )
    responses.stub_cache_lag(stubbed, WEST, 0.4)
    code, out, _ = invoke(["dr", "status", "--outputs", str(outputs_file), "--json"], stubbed, clock)
    report = json.loads(out)
    assert code == EXIT_FAILED
    assert (report["schema_version"], report["runbook"], report["ok"]) == (1, "dr status", False)
    assert report["problems"] == [
        "database app: DescribeGlobalClusters in us-west-2 failed: GlobalClusterNotFoundFault: "
        "Global cluster prod-app-global not found"
    ]
    assert [item["kind"] for item in report["items"]] == ["database", "cache"]


def test_outputs_can_come_from_stdin(stubbed, clock, prod_outputs) -> None:
    prod_outputs["backup"]["protected_resource_arns"] = []
    prod_outputs["backup"].update(dr_vault_name=None, dr_vault_arn=None)
    stubbed.stub("backup", EAST).add_response(
        "describe_backup_vault",
        responses.backup_vault("prod-backup", EAST, True),
        {"BackupVaultName": "prod-backup"},
    )
    code, out, _ = invoke(["backup", "verify", "--outputs", "-"], stubbed, clock, stdin=json.dumps(prod_outputs))
    assert code == EXIT_FAILED
    assert out.splitlines()[-1] == (
        "  - backup.protected_resource_arns: empty in the outputs, so no backup was verified"
    )


def test_backup_verify_json_report(stubbed, clock, prod_outputs, outputs_file) -> None:
    db_arn = prod_outputs["backup"]["protected_resource_arns"][0]
    prod_outputs["backup"].update(protected_resource_arns=[db_arn], dr_vault_name=None, dr_vault_arn=None)
    outputs_file.write_text(json.dumps(prod_outputs))
    east = stubbed.stub("backup", EAST)
    east.add_response(
        "describe_backup_vault",
        responses.backup_vault("prod-backup", EAST, True),
        {"BackupVaultName": "prod-backup"},
    )
    point = responses.recovery_point(db_arn, "prod-backup", EAST, clock.now(), continuous=True)
    east.add_response(
        "list_recovery_points_by_backup_vault",
        {"RecoveryPoints": [point]},
        {"BackupVaultName": "prod-backup", "ByResourceArn": db_arn},
    )
    code, out, _ = invoke(["backup", "verify", "--outputs", str(outputs_file), "--json"], stubbed, clock)
    report = json.loads(out)
    assert (code, report["ok"], report["problems"]) == (EXIT_OK, True, [])
    vault, resource = report["items"]
    assert (vault["name"], vault["locked"], vault["lock_date"]) == (
        "prod-backup",
        True,
        "2026-01-08T00:00:00+00:00",
    )
    assert resource["recovery_point"] == {
        "arn": point["RecoveryPointArn"],
        "kind": "continuous",
        "status": "COMPLETED",
        "completed_at": "2026-11-25T04:00:00+00:00",
    }
    assert resource["dr_copy"] is None


@pytest.mark.parametrize(
    ("argv_tail", "content", "expected"),
    [
        (["dr", "status"], '{"environment": "prod"}', "error: {path}: primary_region: missing required key"),
        (
            ["backup", "verify"],
            "not json",
            "error: {path}: not valid JSON (line 1, column 1: Expecting value)",
        ),
        (["dr", "failover", "--to", "eu-west-1"], None, "error: --to: must be one of us-east-1, us-west-2"),
    ],
)
def test_unusable_input_exits_two_with_one_clear_line(stubbed, clock, outputs_file, argv_tail, content, expected):
    if content is not None:
        outputs_file.write_text(content)
    code, out, err = invoke([*argv_tail[:2], "--outputs", str(outputs_file), *argv_tail[2:]], stubbed, clock)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.startswith(expected.format(path=outputs_file))
    assert "Traceback" not in err


def test_unknown_profile_is_reported_without_traceback(clock, outputs_file) -> None:
    args = build_parser().parse_args(["dr", "status", "--outputs", str(outputs_file), "--profile", "on-call"])
    err = io.StringIO()
    assert run(args, clock=clock, stdout=io.StringIO(), stderr=err) == EXIT_BAD_INPUT
    assert err.getvalue() == "error: AWS configuration: The config profile (on-call) could not be found\n"


def test_endpoint_url_and_region_reach_every_client() -> None:
    clients = Boto3Clients(endpoint_url="http://127.0.0.1:5000")
    rds, backup = clients("rds", WEST), clients("backup", EAST)
    assert (rds.meta.endpoint_url, rds.meta.region_name) == ("http://127.0.0.1:5000", WEST)
    assert (backup.meta.endpoint_url, backup.meta.region_name) == ("http://127.0.0.1:5000", EAST)
    assert clients("rds", WEST) is rds  # one client per service and region


@pytest.mark.parametrize("value", ["0", "-5", "soon", "1441", "nan", "1_0", "١٢"])
def test_wait_minutes_must_be_a_positive_number(value: str, capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["dr", "failover", "--outputs", "x", "--to", WEST, "--wait-minutes", value])
    assert f"must be a number of minutes in (0, 1440] (got '{value}')" in capsys.readouterr().err


def test_registered_in_the_bulkhead_cli() -> None:
    parser = bulkhead_cli.build_parser()
    for argv in (["dr", "status"], ["dr", "failover", "--to", WEST], ["backup", "verify"]):
        args = parser.parse_args([*argv, "--outputs", "prod.json"])
        assert args.run is runbooks_run
