"""The runbooks' command line: options, exit codes, text/JSON reports, errors without tracebacks, and
credential problems that cannot be mistaken for DR findings.

AWS answers come from Stubber (validated against the service models): the cases need the ElastiCache
global datastore, Backup recovery points or SwitchoverGlobalCluster paths, which moto 5.2.5 lacks, or
exact error codes (expired tokens) that moto does not produce. The missing-credentials and unknown-
profile cases use the real Boto3Clients and never reach an endpoint.
"""

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
from tests.runbooks.support import EAST, WEST, TestClients, invoke


@pytest.fixture
def outputs_file(tmp_path: Path, prod_outputs: dict[str, Any]) -> Path:
    path = tmp_path / "prod.json"
    path.write_text(json.dumps(prod_outputs))
    return path


def test_failover_dry_run_prints_the_plan_and_exits_zero(stubbed, clock, outputs_file) -> None:
    stubbed.stub("rds", WEST).add_response(
        "describe_global_clusters", responses.global_cluster(EAST), responses.DESCRIBE_CLUSTER
    )
    responses.stub_db_cluster(stubbed, EAST)
    responses.stub_aurora_lag(stubbed, WEST, 850)
    stubbed.stub("elasticache", WEST).add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), responses.DESCRIBE_DATASTORE
    )
    argv = [
        "dr",
        "failover",
        "--outputs",
        str(outputs_file),
        "--to",
        WEST,
        "--dry-run",
        "--writes-stopped",
        "confirmed",
    ]
    code, out, err = invoke(argv, stubbed, clock)
    assert code == EXIT_OK, out
    assert out.splitlines()[:7] == [
        "bulkhead dr failover --to us-west-2 --dry-run · environment prod · 2026-11-25T04:00:00+00:00",
        "deadline: 2026-11-25T04:30:00+00:00 (30 min from the start)",
        "1. [planned] fence writes to us-east-1: confirm writes to the old primary are stopped: confirmed by the "
        "operator: writes to the old primary are stopped by other means; not verified by this runbook",
        "2. [planned] database app: switchover (no data loss) (us-east-1 -> us-west-2)",
        "       evidence: primary: writer cluster prod-app-db in us-east-1 reports status 'available'",
        "       evidence: replication lag of us-west-2: 0.8 s "
        "(AuroraGlobalDBRPOLag in us-west-2, datapoint of 03:59 UTC)",
        "3. [planned] cache sessions: failover-global-replication-group (us-east-1 -> us-west-2)",
    ]
    # Every step is logged on stderr, stamped by the injected clock.
    assert err.splitlines()[0] == "2026-11-25T04:00:00+00:00 deadline 2026-11-25T04:30:00+00:00 (30 min)"
    assert "2026-11-25T04:00:00+00:00 database app: switchover (no data loss): us-east-1 -> us-west-2: planned" in err


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
    assert (report["schema_version"], report["runbook"], report["ok"]) == (2, "dr status", False)
    assert report["problems"] == [
        "database app: DescribeGlobalClusters in us-west-2 failed: GlobalClusterNotFoundFault: "
        "Global cluster prod-app-global not found"
    ]
    assert [item["kind"] for item in report["items"]] == ["database", "cache"]


def test_failover_json_report_lists_steps_and_what_people_must_do(stubbed, clock, outputs_file, prod_outputs) -> None:
    prod_outputs["caches"] = []
    outputs_file.write_text(json.dumps(prod_outputs))
    stubbed.stub("rds", WEST).add_response(
        "describe_global_clusters", responses.global_cluster(WEST), responses.DESCRIBE_CLUSTER
    )
    responses.stub_db_cluster(stubbed, WEST)
    code, out, _ = invoke(["dr", "failover", "--outputs", str(outputs_file), "--to", WEST, "--json"], stubbed, clock)
    report = json.loads(out)
    assert (code, report["schema_version"], report["ok"]) == (EXIT_OK, 2, True)
    assert [(item["kind"], item["status"]) for item in report["items"]] == [
        ("fence", "not-needed"),
        ("database", "already-done"),
        ("traffic", "to-do"),
    ]
    assert report["human_actions"][0].startswith("traffic clients: move client traffic to us-west-2")


def test_outputs_can_come_from_stdin(stubbed, clock, prod_outputs) -> None:
    prod_outputs["caches"] = []
    prod_outputs["backup"]["protected_resource_arns"] = []
    for region, name in ((EAST, "prod-backup"), (WEST, "prod-backup-dr")):
        stubbed.stub("backup", region).add_response(
            "describe_backup_vault", responses.backup_vault(name, region, True), {"BackupVaultName": name}
        )
    code, out, _ = invoke(["backup", "verify", "--outputs", "-"], stubbed, clock, stdin=json.dumps(prod_outputs))
    assert code == EXIT_FAILED
    assert out.splitlines()[-1] == "  - backup.protected_resource_arns: empty in the outputs, so no backup was verified"


@pytest.mark.parametrize(
    ("argv_tail", "change", "expected"),
    [
        (["dr", "status"], {"primary_region": None}, "error: {path}: primary_region: Input should be a valid string"),
        (["backup", "verify"], "not json", "error: {path}: not valid JSON (line 1, column 1: Expecting value)"),
        (["dr", "failover", "--to", "eu-west-1"], None, "error: --to: must be one of us-east-1, us-west-2"),
        # Environment names are matched exactly: `Prod` is not some other environment with fewer checks.
        (
            ["backup", "verify"],
            {"environment": "Prod"},
            "error: {path}: environment: Input should be 'dev', 'staging' or 'prod'",
        ),
        (
            ["dr", "status"],
            {"databases": [], "caches": []},
            "error: {path}: databases, caches: a prod outputs file lists at least one data store (got none)",
        ),
        (
            ["dr", "failover", "--to", WEST],
            {"databases": [], "caches": []},
            "error: {path}: databases, caches: a prod outputs file lists at least one data store (got none)",
        ),
    ],
    ids=["bad-key", "not-json", "bad-target", "environment-case", "prod-status-no-stores", "prod-failover-no-stores"],
)
def test_unusable_input_exits_two_with_one_clear_line(
    stubbed, clock, outputs_file, prod_outputs, argv_tail, change, expected
):
    if isinstance(change, str):
        outputs_file.write_text(change)
    elif change is not None:
        outputs_file.write_text(json.dumps({**prod_outputs, **change}))
    code, out, err = invoke([*argv_tail[:2], "--outputs", str(outputs_file), *argv_tail[2:]], stubbed, clock)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.startswith(expected.format(path=outputs_file))
    assert "Traceback" not in err and stubbed.calls == []


def test_unknown_profile_is_a_credentials_error_not_a_dr_finding(clock, outputs_file) -> None:
    args = build_parser().parse_args(["dr", "status", "--outputs", str(outputs_file), "--profile", "on-call"])
    err = io.StringIO()
    assert run(args, clock=clock, stdout=io.StringIO(), stderr=err) == EXIT_BAD_INPUT
    first, hint = err.getvalue().splitlines()
    assert first == "error: AWS credentials: The config profile (on-call) could not be found"
    assert hint.startswith("The runbook stopped because AWS did not accept its credentials: this says nothing")


def test_missing_credentials_exit_two_before_any_call(clock, outputs_file, monkeypatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    args = build_parser().parse_args(["dr", "failover", "--outputs", str(outputs_file), "--to", WEST])
    out, err = io.StringIO(), io.StringIO()
    assert run(args, clock=clock, stdout=out, stderr=err) == EXIT_BAD_INPUT
    assert out.getvalue() == ""
    assert err.getvalue().splitlines()[0] == (
        "error: AWS credentials: no AWS credentials found (environment, --profile, SSO or instance role)"
    )
    assert "FAIL" not in err.getvalue() and "Traceback" not in err.getvalue()


@pytest.mark.parametrize("error_code", ["ExpiredTokenException", "UnrecognizedClientException", "InvalidClientTokenId"])
def test_credentials_refused_by_aws_exit_two_instead_of_failing_a_store(stubbed, clock, outputs_file, error_code):
    stubbed.stub("rds", WEST).add_client_error(
        "describe_global_clusters", error_code, "The security token included in the request is expired", 400
    )
    code, out, err = invoke(["dr", "status", "--outputs", str(outputs_file)], stubbed, clock)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.splitlines()[0] == (
        f"error: AWS credentials: DescribeGlobalClusters in us-west-2: {error_code}: "
        "The security token included in the request is expired"
    )


def test_an_interrupted_failover_exits_one_with_how_to_continue(clock, outputs_file) -> None:
    crashing = TestClients(allow_moto=False, crash_on=("rds", WEST))
    argv = ["dr", "failover", "--outputs", str(outputs_file), "--to", WEST, "--writes-stopped", "confirmed"]
    code, out, err = invoke(argv, crashing, clock)
    assert (code, out) == (EXIT_FAILED, "")
    assert err.splitlines()[-1].startswith("error: interrupted. Steps logged above ran before the interruption.")
    assert "Traceback" not in err


def test_force_failover_needs_allow_data_loss(stubbed, clock, outputs_file) -> None:
    argv = ["dr", "failover", "--outputs", str(outputs_file), "--to", WEST, "--force-failover"]
    code, out, err = invoke(argv, stubbed, clock)
    assert (code, out, stubbed.calls) == (EXIT_BAD_INPUT, "", [])
    assert err == "error: --force-failover: needs --allow-data-loss (a failover loses the writes not yet replicated)\n"


@pytest.mark.parametrize("url", ["not a url", "ftp://127.0.0.1:5000", "http://"])
def test_a_malformed_endpoint_url_is_refused_before_anything_runs(url: str, capsys) -> None:
    with pytest.raises(SystemExit) as excinfo:
        build_parser().parse_args(["dr", "status", "--outputs", "x", "--endpoint-url", url])
    assert excinfo.value.code == EXIT_BAD_INPUT
    assert f"must be an http(s) URL such as http://127.0.0.1:5000 (got {url!r})" in capsys.readouterr().err


def test_endpoint_url_and_region_reach_every_client_and_mutations_get_one_attempt() -> None:
    clients = Boto3Clients(endpoint_url="http://127.0.0.1:5000")
    rds, backup = clients("rds", WEST), clients("backup", EAST)
    assert (rds.meta.endpoint_url, rds.meta.region_name) == ("http://127.0.0.1:5000", WEST)
    assert (backup.meta.endpoint_url, backup.meta.region_name) == ("http://127.0.0.1:5000", EAST)
    assert clients("rds", WEST) is rds  # one client per service and region
    mutating = clients("rds", WEST, mutating=True)
    assert mutating is not rds
    assert mutating.meta.config.retries["total_max_attempts"] == 1
    assert rds.meta.config.retries["total_max_attempts"] == 4


@pytest.mark.parametrize("value", ["0", "-5", "soon", "1441", "nan", "1_0", "١٢"])
def test_deadline_minutes_must_be_a_positive_number(value: str, capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["dr", "failover", "--outputs", "x", "--to", WEST, "--deadline-minutes", value])
    assert f"must be a number of minutes in (0, 1440] (got '{value}')" in capsys.readouterr().err


def test_registered_in_the_bulkhead_cli() -> None:
    parser = bulkhead_cli.build_parser()
    for argv in (["dr", "status"], ["dr", "failover", "--to", WEST], ["backup", "verify"]):
        args = parser.parse_args([*argv, "--outputs", "prod.json"])
        assert args.run is runbooks_run
