"""The written drill in docs/runbooks.md stays true: each `<!-- drill: NAME -->` block's command is run
as written (against the AWS answers of that moment of the drill, replayed with Stubber) and must print
exactly the lines the block shows, with the exit status the block states.

The AWS answers follow the drill's story: a game-day switchover with both regions healthy, then a
failover while us-east-1's RDS endpoint does not answer from the operator's network. They are Stubber
responses validated against the service models, because the drill runs SwitchoverGlobalCluster,
FailoverGlobalCluster and the ElastiCache global datastore APIs, which moto 5.2.5 does not implement.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.runbooks import responses
from tests.runbooks.responses import DESCRIBE_CLUSTER, DESCRIBE_DATASTORE, GID
from tests.runbooks.support import EAST, WEST, TestClients, invoke

DOC = Path(__file__).resolve().parents[2] / "docs" / "runbooks.md"
BLOCK = re.compile(r"<!-- drill: (?P<name>[a-z-]+) -->\n```text\n(?P<body>.*?)```\n", re.DOTALL)
TO_WEST_DB = {"GlobalClusterIdentifier": GID, "TargetDbClusterIdentifier": responses.CLUSTER_ARNS[WEST]}
TO_WEST_CACHE = {
    "GlobalReplicationGroupId": responses.GLOBAL_GROUP_ID,
    "PrimaryRegion": WEST,
    "PrimaryReplicationGroupId": "prod-sessions-dr",
}


def healthy_status(clients: TestClients) -> None:
    clients.stub("rds", WEST).add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    responses.stub_aurora_lag(clients, WEST, 850)
    clients.stub("elasticache", WEST).add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), DESCRIBE_DATASTORE
    )
    responses.stub_cache_lag(clients, WEST, 0.4)


def before_the_move(clients: TestClients, lag_ms: float = 850) -> None:
    clients.stub("rds", WEST).add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    responses.stub_db_cluster(clients, EAST)
    responses.stub_aurora_lag(clients, WEST, lag_ms)


def cache_moves(clients: TestClients) -> None:
    cache_west = clients.stub("elasticache", WEST)
    cache_west.add_response("describe_global_replication_groups", responses.global_datastore(EAST), DESCRIBE_DATASTORE)
    cache_west.add_response(
        "failover_global_replication_group",
        {"GlobalReplicationGroup": responses.global_datastore(EAST, "modifying")["GlobalReplicationGroups"][0]},
        TO_WEST_CACHE,
    )
    cache_west.add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST, "modifying"), DESCRIBE_DATASTORE
    )
    cache_west.add_response("describe_global_replication_groups", responses.global_datastore(WEST), DESCRIBE_DATASTORE)
    responses.stub_group(clients, WEST, role="PRIMARY")


def switchover(clients: TestClients) -> None:
    before_the_move(clients)
    rds_west = clients.stub("rds", WEST)
    rds_west.add_response(
        "switchover_global_cluster", responses.global_cluster_result(EAST, "switching-over", WEST), TO_WEST_DB
    )
    for body in (responses.global_cluster(EAST, "switching-over", moving_to=WEST), responses.global_cluster(WEST)):
        rds_west.add_response("describe_global_clusters", body, DESCRIBE_CLUSTER)
    cache_moves(clients)


def primary_unreachable(clients: TestClients) -> None:
    """us-east-1's RDS endpoint does not answer from where the operator sits; us-west-2 answers."""
    clients.stub("rds", WEST).add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    clients.make_unreachable("rds", EAST)
    responses.stub_aurora_lag(clients, WEST, 4200)


def failover_refused(clients: TestClients) -> None:
    primary_unreachable(clients)


def forced_failover(clients: TestClients) -> None:
    primary_unreachable(clients)
    rds_west = clients.stub("rds", WEST)
    rds_west.add_response(
        "failover_global_cluster",
        responses.global_cluster_result(EAST, "failing-over", WEST, failover_status="pending", data_loss=True),
        {**TO_WEST_DB, "AllowDataLoss": True},
    )
    gone = responses.global_cluster(
        WEST, "failing-over", moving_to=WEST, failover_status="failing-over", data_loss=True
    )
    rds_west.add_response("describe_global_clusters", gone, DESCRIBE_CLUSTER)
    responses.stub_db_cluster(clients, WEST)
    cache_moves(clients)


SCENARIOS: dict[str, Callable[[TestClients], None]] = {
    "status-before": healthy_status,
    "switchover-dry-run": before_the_move,  # the fence is not confirmed: the caches are not even read
    "switchover": switchover,
    "failover-cannot-tell": failover_refused,
    "failover-forced": forced_failover,
}


def drill_blocks() -> dict[str, str]:
    return {match["name"]: match["body"] for match in BLOCK.finditer(DOC.read_text(encoding="utf-8"))}


def test_every_drill_block_has_a_scenario() -> None:
    assert sorted(drill_blocks()) == sorted(SCENARIOS)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_drill_block_is_what_the_runbook_prints(name: str, tmp_path: Path, prod_outputs: dict[str, Any], clock) -> None:
    command, *shown = drill_blocks()[name].rstrip("\n").split("\n")
    status_line = shown.pop()
    argv = shlex.split(command.removeprefix("$ "))
    assert argv[:1] == ["bulkhead"]
    outputs = tmp_path / "prod.json"
    outputs.write_text(json.dumps(prod_outputs))
    argv = [str(outputs) if arg == "prod.json" else arg for arg in argv[1:]]
    clients = TestClients(allow_moto=False)
    SCENARIOS[name](clients)
    code, out, _ = invoke(argv, clients, clock)
    clients.assert_all_consumed()
    assert out.rstrip("\n").split("\n") == shown
    assert status_line == f"(exit {code})"
