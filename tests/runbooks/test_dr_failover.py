"""`dr failover`: order, idempotency, dry run, partial failure and re-run.

moto 5.2.5 implements CreateGlobalCluster/DescribeGlobalClusters/DescribeDBClusters, so the dry-run and
already-done paths run against moto. It lacks SwitchoverGlobalCluster, FailoverGlobalCluster (both
raise NotImplementedError) and every ElastiCache global datastore API (DescribeGlobalReplicationGroups,
FailoverGlobalReplicationGroup): the mutating paths therefore replay Stubber responses shaped like the
service models (see responses.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from moto import mock_aws

from bulkhead.runbooks.dr_failover import UsageError, dr_failover
from bulkhead.runbooks.outputs import parse_outputs
from tests.runbooks import responses
from tests.runbooks.support import EAST, WEST, FakeClock, TestClients, create_global_database

GID = "prod-app-global"
DESCRIBE_CLUSTER = {"GlobalClusterIdentifier": GID}
TO_WEST_DB = {"GlobalClusterIdentifier": GID, "TargetDbClusterIdentifier": responses.CLUSTER_ARNS[WEST]}
TO_WEST_CACHE = {
    "GlobalReplicationGroupId": responses.GLOBAL_GROUP_ID,
    "PrimaryRegion": WEST,
    "PrimaryReplicationGroupId": "prod-sessions-dr",
}
MUTATING = {"SwitchoverGlobalCluster", "FailoverGlobalCluster", "FailoverGlobalReplicationGroup"}


def failover(outputs: dict[str, Any], clients: TestClients, clock: FakeClock, target: str = WEST, **kwargs: Any):
    """The report, the data-store steps as tuples (the traffic step is tested in test_traffic.py), the log."""
    log: list[str] = []
    report = dr_failover(
        parse_outputs(outputs), clients, clock, target=target, log=log.append, **{"dry_run": False, **kwargs}
    )
    steps = [(s.kind, s.action, s.before, s.after, s.status) for s in report.items if s.kind != "traffic"]
    return report, steps, log


def data_store_problems(report) -> list[str]:
    """The problems of the data-store steps; a blocked traffic step adds its own (test_traffic.py)."""
    blocked_traffic = [p for p in report.problems if " traffic " in p and ": blocked: " in p]
    assert len(blocked_traffic) == (1 if report.problems else 0), report.problems
    return [p for p in report.problems if p not in blocked_traffic]


def stub_database_switchover(clients: TestClients, polls: list[dict[str, Any]]) -> None:
    rds_west = clients.stub("rds", WEST)
    rds_west.add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    clients.stub("rds", EAST).add_response(
        "describe_db_clusters", responses.db_cluster(EAST), {"DBClusterIdentifier": "prod-app-db"}
    )
    rds_west.add_response(
        "switchover_global_cluster", responses.global_cluster_result(EAST, "switching-over", WEST), TO_WEST_DB
    )
    for body in polls:
        rds_west.add_response("describe_global_clusters", body, DESCRIBE_CLUSTER)


def stub_cache_failover(clients: TestClients, polls: list[dict[str, Any]]) -> None:
    cache_west = clients.stub("elasticache", WEST)
    cache_west.add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), responses.DESCRIBE_DATASTORE
    )
    cache_west.add_response(
        "failover_global_replication_group",
        {"GlobalReplicationGroup": responses.global_datastore(EAST, "modifying")["GlobalReplicationGroups"][0]},
        TO_WEST_CACHE,
    )
    for body in polls:
        cache_west.add_response("describe_global_replication_groups", body, responses.DESCRIBE_DATASTORE)


def test_dry_run_plans_switchover_then_cache_failover_without_mutating(mixed, clock, prod_outputs) -> None:
    mixed.stub("elasticache", WEST).add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), responses.DESCRIBE_DATASTORE
    )
    with mock_aws():
        create_global_database()
        report, steps, _ = failover(prod_outputs, mixed, clock, dry_run=True)
    assert steps == [
        ("database", "switchover", EAST, WEST, "planned"),
        ("cache", "failover-global-replication-group", EAST, WEST, "planned"),
    ]
    assert report.ok and report.runbook == "dr failover --to us-west-2 --dry-run"
    assert set(mixed.operations()) == {
        "DescribeGlobalClusters",
        "DescribeDBClusters",
        "DescribeGlobalReplicationGroups",
    }
    assert clock.sleeps == []


def test_target_already_holding_every_writer_is_already_done(mixed, clock, prod_outputs) -> None:
    mixed.stub("elasticache", EAST).add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), responses.DESCRIBE_DATASTORE
    )
    with mock_aws():
        create_global_database()
        report, steps, log = failover(prod_outputs, mixed, clock, target=EAST)
    assert steps == [
        ("database", "none", EAST, EAST, "already-done"),
        ("cache", "none", EAST, EAST, "already-done"),
    ]
    assert report.ok and not MUTATING & set(mixed.operations())
    assert (
        log[0] == "database app: none: us-east-1 -> us-east-1: already-done (writer already is "
        "arn:aws:rds:us-east-1:111122223333:cluster:prod-app-db)"
    )


def test_switches_databases_over_first_then_fails_caches_over(stubbed, clock, prod_outputs) -> None:
    stub_database_switchover(
        stubbed,
        [responses.global_cluster(EAST, "switching-over", failover_to=WEST), responses.global_cluster(WEST)],
    )
    stub_cache_failover(stubbed, [responses.global_datastore(EAST, "modifying"), responses.global_datastore(WEST)])
    report, steps, log = failover(prod_outputs, stubbed, clock)
    assert steps == [
        ("database", "switchover", EAST, WEST, "done"),
        ("cache", "failover-global-replication-group", EAST, WEST, "done"),
    ]
    assert report.ok
    mutations = [op for op in stubbed.operations() if op in MUTATING]
    assert mutations == ["SwitchoverGlobalCluster", "FailoverGlobalReplicationGroup"]
    assert clock.sleeps == [15, 15]  # one poll interval per step, on the injected clock
    assert log[1] == "database app: switchover: us-east-1 -> us-west-2: done"


def stub_writer_probe(clients: TestClients, probe: str) -> None:
    """DescribeDBClusters on the writer region: an HTTP error code (`503`, `403`) or a cluster status."""
    query = {"DBClusterIdentifier": "prod-app-db"}
    if probe == "503":
        clients.stub("rds", EAST).add_client_error(
            "describe_db_clusters", "InternalFailure", "Service unavailable", 503, expected_params=query
        )
    elif probe == "403":
        clients.stub("rds", EAST).add_client_error(
            "describe_db_clusters",
            "AccessDenied",
            "not authorized to perform rds:DescribeDBClusters",
            403,
            expected_params=query,
        )
    else:
        clients.stub("rds", EAST).add_response("describe_db_clusters", responses.db_cluster(EAST, probe), query)


@pytest.mark.parametrize(
    ("probe", "detail"),
    [
        (
            "503",
            "writer cluster prod-app-db unreachable: "
            "DescribeDBClusters in us-east-1 failed: InternalFailure: Service unavailable",
        ),
        (
            "inaccessible-encryption-credentials",
            "writer cluster prod-app-db in us-east-1 has status 'inaccessible-encryption-credentials'",
        ),
    ],
)
def test_primary_that_is_down_fails_over_with_allow_data_loss(stubbed, clock, prod_outputs, probe, detail):
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    stub_writer_probe(stubbed, probe)
    rds_west.add_response(
        "failover_global_cluster",
        responses.global_cluster_result(EAST, "failing-over", WEST),
        {**TO_WEST_DB, "AllowDataLoss": True},
    )
    rds_west.add_response("describe_global_clusters", responses.global_cluster(WEST), DESCRIBE_CLUSTER)
    prod_outputs["caches"] = []
    report, steps, _ = failover(prod_outputs, stubbed, clock)
    assert steps == [("database", "failover (AllowDataLoss)", EAST, WEST, "done")]
    assert report.items[0].detail == f"current primary unhealthy: {detail}"


def test_busy_but_serving_primary_still_gets_a_switchover(stubbed, clock, prod_outputs) -> None:
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    stub_writer_probe(stubbed, "backing-up")
    prod_outputs["caches"] = []
    _, steps, _ = failover(prod_outputs, stubbed, clock, dry_run=True)
    assert steps == [("database", "switchover", EAST, WEST, "planned")]


def test_primary_health_unknown_fails_the_step_instead_of_risking_data(stubbed, clock, prod_outputs) -> None:
    stubbed.stub("rds", WEST).add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    stub_writer_probe(stubbed, "403")
    prod_outputs["caches"] = []
    report, _, _ = failover(prod_outputs, stubbed, clock)
    assert data_store_problems(report) == [
        "step 1 database app: failed: DescribeDBClusters in us-east-1 failed: AccessDenied: "
        "not authorized to perform rds:DescribeDBClusters"
    ]
    assert not MUTATING & set(stubbed.operations())


def test_failure_part_way_then_rerun_converges(clock, prod_outputs) -> None:
    first = TestClients(allow_moto=False)
    stub_database_switchover(first, [responses.global_cluster(WEST)])
    cache_west = first.stub("elasticache", WEST)
    cache_west.add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), responses.DESCRIBE_DATASTORE
    )
    cache_west.add_client_error(
        "failover_global_replication_group",
        service_error_code="InvalidGlobalReplicationGroupState",
        service_message="Global replication group ldgnf-prod-sessions is not in a valid state",
        expected_params=TO_WEST_CACHE,
    )
    report, steps, _ = failover(prod_outputs, first, clock)
    first.assert_all_consumed()
    assert steps == [
        ("database", "switchover", EAST, WEST, "done"),
        ("cache", "failover-global-replication-group", EAST, EAST, "failed"),
    ]
    assert data_store_problems(report) == [
        "step 2 cache sessions: failed: FailoverGlobalReplicationGroup in us-west-2 failed: "
        "InvalidGlobalReplicationGroupState: "
        "Global replication group ldgnf-prod-sessions is not in a valid state"
    ]

    # Re-run: the database is already in the target region (no second switchover), the cache converges.
    second = TestClients(allow_moto=False)
    second.stub("rds", WEST).add_response("describe_global_clusters", responses.global_cluster(WEST), DESCRIBE_CLUSTER)
    stub_cache_failover(second, [responses.global_datastore(WEST)])
    report, steps, _ = failover(prod_outputs, second, clock)
    second.assert_all_consumed()
    assert steps == [
        ("database", "none", WEST, WEST, "already-done"),
        ("cache", "failover-global-replication-group", EAST, WEST, "done"),
    ]
    assert report.ok
    assert "SwitchoverGlobalCluster" not in second.operations()


def test_failed_database_step_blocks_the_caches(stubbed, clock, prod_outputs) -> None:
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    stubbed.stub("rds", EAST).add_response(
        "describe_db_clusters", responses.db_cluster(EAST), {"DBClusterIdentifier": "prod-app-db"}
    )
    rds_west.add_client_error(
        "switchover_global_cluster",
        service_error_code="InvalidGlobalClusterStateFault",
        service_message="Global cluster prod-app-global is being modified",
        expected_params=TO_WEST_DB,
    )
    report, steps, _ = failover(prod_outputs, stubbed, clock)
    assert [s[-1] for s in steps] == ["failed", "blocked"]
    assert report.problems[1] == (
        "step 2 cache sessions: blocked: not attempted: a database step failed and caches follow databases"
    )
    assert "DescribeGlobalReplicationGroups" not in stubbed.operations()


def test_rerun_waits_for_a_switchover_already_in_flight(stubbed, clock, prod_outputs) -> None:
    rds_west = stubbed.stub("rds", WEST)
    in_flight = responses.global_cluster(EAST, "switching-over", failover_to=WEST)
    rds_west.add_response("describe_global_clusters", in_flight, DESCRIBE_CLUSTER)
    rds_west.add_response("describe_global_clusters", responses.global_cluster(WEST), DESCRIBE_CLUSTER)
    prod_outputs["caches"] = []
    report, steps, _ = failover(prod_outputs, stubbed, clock)
    assert steps == [("database", "wait for the switchover/failover already in progress", EAST, WEST, "done")]
    assert report.ok and not MUTATING & set(stubbed.operations())


def test_a_switchover_away_from_the_target_in_flight_is_refused(stubbed, clock, prod_outputs) -> None:
    # Someone is moving the writer from us-west-2 back to us-east-1 while we ask for us-west-2.
    stubbed.stub("rds", WEST).add_response(
        "describe_global_clusters",
        responses.global_cluster(WEST, "switching-over", failover_to=EAST),
        DESCRIBE_CLUSTER,
    )
    prod_outputs["caches"] = []
    report, _, _ = failover(prod_outputs, stubbed, clock)
    assert data_store_problems(report) == [
        "step 1 database app: failed: a switchover/failover to "
        "arn:aws:rds:us-east-1:111122223333:cluster:prod-app-db is already in progress"
    ]
    assert not MUTATING & set(stubbed.operations())


@pytest.mark.parametrize(
    ("rto_minutes", "wait_minutes", "waited"),
    [(30, 1, 1), (2, None, 2), (None, None, 60)],  # --wait-minutes, else the RTO, else best effort: 60
)
def test_step_that_does_not_converge_times_out_and_asks_for_a_rerun(
    stubbed, clock, prod_outputs, rto_minutes, wait_minutes, waited
) -> None:
    stuck = responses.global_cluster(EAST, "switching-over", failover_to=WEST)
    stub_database_switchover(stubbed, [stuck] * (waited * 4 + 1))  # polled every 15 s, from 0 to the deadline
    prod_outputs.update(caches=[], rto_minutes=rto_minutes)
    report, steps, _ = failover(prod_outputs, stubbed, clock, wait_minutes=wait_minutes)
    assert steps == [("database", "switchover", EAST, EAST, "failed")]
    assert data_store_problems(report) == [
        f"step 1 database app: failed: not converged after {waited} min (writer in us-east-1, global cluster "
        "status 'switching-over'); re-run to continue"
    ]
    assert sum(clock.sleeps) == waited * 60


def test_cache_still_modifying_from_an_earlier_run_is_waited_for(stubbed, clock, prod_outputs) -> None:
    cache_west = stubbed.stub("elasticache", WEST)
    for body in (responses.global_datastore(WEST, "modifying"), responses.global_datastore(WEST)):
        cache_west.add_response("describe_global_replication_groups", body, responses.DESCRIBE_DATASTORE)
    prod_outputs["databases"] = []
    report, steps, _ = failover(prod_outputs, stubbed, clock)
    assert steps == [("cache", "wait for the global datastore to become available", WEST, WEST, "done")]
    assert report.ok and not MUTATING & set(stubbed.operations())


def test_store_without_global_replication_cannot_fail_over(stubbed, clock, prod_outputs) -> None:
    prod_outputs["databases"][0].update(global_cluster_identifier=None, dr_cluster_arn=None)
    prod_outputs["caches"] = []
    report, _, _ = failover(prod_outputs, stubbed, clock, dry_run=True)
    assert data_store_problems(report) == [
        "step 1 database app: failed: no global replication for this store: recover it from the DR backup vault instead"
    ]


@pytest.mark.parametrize(
    ("dr_region", "target", "message"),
    [
        ("us-west-2", "eu-west-1", "--to: must be one of us-east-1, us-west-2 (got 'eu-west-1')"),
        (None, "us-east-1", "--to: environment prod has no DR region; there is nothing to fail over"),
    ],
)
def test_target_must_be_one_of_the_stack_regions(stubbed, clock, prod_outputs, dr_region, target, message):
    if dr_region is None:
        prod_outputs.update(dr_region=None, databases=[], caches=[])
        prod_outputs["backup"].update(dr_vault_name=None, dr_vault_arn=None)
    with pytest.raises(UsageError) as excinfo:
        failover(prod_outputs, stubbed, clock, target=target)
    assert str(excinfo.value) == message
    assert stubbed.calls == []
