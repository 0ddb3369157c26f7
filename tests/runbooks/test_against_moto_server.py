"""The runbooks end to end through `--endpoint-url`: the real CLI talks HTTP to a local moto server.

Unlike the other runbook tests (in-process `mock_aws` or Stubber), nothing is patched while the CLI
runs: it builds its own boto3 clients, and the stores exist only in the server, so a correct report
proves that every call went to the endpoint. `dr status` and `dr failover --dry-run` are the runbooks
moto 5.2.5 can serve end to end (Aurora global clusters, RDS clusters, CloudWatch metrics), once the
cache is left out of the outputs: moto has no ElastiCache global datastore API. `backup verify` cannot
pass here (moto has no recovery points, and an empty protected-resource list is itself a failure);
those paths are covered with Stubber in the other runbook tests.
"""

from __future__ import annotations

import copy
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from moto.server import ThreadedMotoServer

from bulkhead import cli
from bulkhead.exit_codes import EXIT_FAILED, EXIT_OK
from tests.runbooks.support import EAST, PROD_OUTPUTS, WEST, create_global_database, put_aurora_lag

DB_ARN = PROD_OUTPUTS["databases"][0]["cluster_arn"]
DR_DB_ARN = PROD_OUTPUTS["databases"][0]["dr_cluster_arn"]


def _reset(url: str) -> None:
    """Empty moto's backends: they are process-wide, shared with the `mock_aws` tests of this worker."""
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST"), timeout=10)


@pytest.fixture
def endpoint(aws_sandbox: None, request: pytest.FixtureRequest) -> str:
    """URL of a fresh moto server on a free loopback port (fake credentials come from `aws_sandbox`)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()  # returns once the socket is bound: nothing to wait for
    request.addfinalizer(server.stop)
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    _reset(url)
    request.addfinalizer(lambda: _reset(url))  # finalizers run last-in first-out: before stop
    return url


@pytest.fixture
def outputs() -> dict[str, Any]:
    """Prod outputs without the cache: moto has no ElastiCache global datastore API."""
    data = copy.deepcopy(PROD_OUTPUTS)
    data["caches"] = []
    return data


@contextmanager
def setup_calls_to(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Send the test's own boto3 setup calls to the server; unset before the CLI runs, so only
    `--endpoint-url` can route the runbook there."""
    with monkeypatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", endpoint)
        yield


def run_cli(
    argv: list[str], outputs: dict[str, Any], endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> tuple[int, list[str]]:
    path = tmp_path / "prod-outputs.json"
    path.write_text(json.dumps(outputs), encoding="utf-8")
    code = cli.main([*argv, "--endpoint-url", endpoint, "--outputs", str(path)])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ("lag_ms", "exit_code", "verdict", "lag_text", "result"),
    [
        (850, EXIT_OK, "OK  ", "lag=0.8s", ["RESULT: OK"]),
        (
            90_000,
            EXIT_FAILED,
            "FAIL",
            "lag=90.0s",
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
    code, lines = run_cli(["dr", "status"], outputs, endpoint, tmp_path, capsys)
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
    code, lines = run_cli(["dr", "failover", "--to", WEST, "--dry-run"], outputs, endpoint, tmp_path, capsys)
    assert code == EXIT_OK, lines
    # The writer answered DescribeDBClusters through the endpoint as `available`: a switchover (no
    # data loss) is planned, and nothing mutating was called (moto would have refused it).
    assert lines[1] == f"1. [planned] database app: switchover ({EAST} -> {WEST})"
    assert lines[2].startswith(f"2. [to-do] traffic clients: move client traffic to {WEST}")
    assert lines[3:] == ["RESULT: OK"]
