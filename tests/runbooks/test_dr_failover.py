"""`dr failover`: the operator's choice of data loss, fencing, in-flight moves, single-attempt mutations
with reconciliation, one deadline, cache promotion with back-off, traffic, and re-runs that converge.

moto 5.2.5 implements CreateGlobalCluster/DescribeGlobalClusters/DescribeDBClusters and CloudWatch, so
the dry-run and already-done paths run against moto. It lacks SwitchoverGlobalCluster and
FailoverGlobalCluster (both raise NotImplementedError) and every ElastiCache global datastore API
(DescribeGlobalReplicationGroups, FailoverGlobalReplicationGroup): the mutating paths replay Stubber
responses validated against botocore's service models (see responses.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from moto import mock_aws

from bulkhead.runbooks.dr_failover import dr_failover
from bulkhead.runbooks.failover_database import FAILOVER, SWITCHOVER
from bulkhead.runbooks.outputs import parse_outputs
from bulkhead.runbooks.report import render_text
from bulkhead.runbooks.steps import FailoverOptions, UsageError
from tests.runbooks import responses
from tests.runbooks.responses import DESCRIBE_CLUSTER, DESCRIBE_DATASTORE, GID
from tests.runbooks.support import EAST, NOW, WEST, FakeClock, TestClients, create_global_database, put_aurora_lag

TO_WEST_DB = {"GlobalClusterIdentifier": GID, "TargetDbClusterIdentifier": responses.CLUSTER_ARNS[WEST]}
TO_WEST_CACHE = {
    "GlobalReplicationGroupId": responses.GLOBAL_GROUP_ID,
    "PrimaryRegion": WEST,
    "PrimaryReplicationGroupId": "prod-sessions-dr",
}
MUTATING = {"SwitchoverGlobalCluster", "FailoverGlobalCluster", "FailoverGlobalReplicationGroup"}
CACHE_ACTION = "failover-global-replication-group"
TRAFFIC = ("traffic", "move client traffic to us-west-2", EAST, WEST, "to-do")
FENCE_DONE = ("fence", "confirm writes to the old primary are stopped", None, None, "done")
FENCE_NOT_NEEDED = ("fence", "confirm writes to the old primary are stopped", None, None, "not-needed")


def failover(outputs: dict[str, Any], clients: TestClients, clock: FakeClock, target: str = WEST, **options: Any):
    """Run the failover; writes are confirmed stopped unless the test says otherwise."""
    log: list[str] = []
    options = {"writes_stopped": "scaled-to-zero", **options}
    report = dr_failover(parse_outputs(outputs), clients, clock, FailoverOptions(target=target, **options), log.append)
    return report, [(s.kind, s.action, s.before, s.after, s.status) for s in report.items], log


def mutations(clients: TestClients) -> list[str]:
    return [op for op in clients.operations() if op in MUTATING]


def stub_move_start(clients: TestClients, probe: str = "available", lag_ms: float | None = 850) -> None:
    """What the database step reads before it moves the writer: the global cluster (asked in the target
    region), the writer's own status (in its region) and the target's lag."""
    clients.stub("rds", WEST).add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    responses.stub_db_cluster(clients, EAST, probe)
    responses.stub_aurora_lag(clients, WEST, lag_ms)


def stub_switchover(clients: TestClients, polls: list[dict[str, Any]]) -> None:
    stub_move_start(clients)
    rds_west = clients.stub("rds", WEST)
    rds_west.add_response(
        "switchover_global_cluster", responses.global_cluster_result(EAST, "switching-over", WEST), TO_WEST_DB
    )
    for body in polls:
        rds_west.add_response("describe_global_clusters", body, DESCRIBE_CLUSTER)


def stub_cache_failover(clients: TestClients, polls: list[tuple[str, str]]) -> None:
    """Describe (primary in the east), one accepted failover, then polls of (primary region, DR group status)."""
    cache_west = clients.stub("elasticache", WEST)
    cache_west.add_response("describe_global_replication_groups", responses.global_datastore(EAST), DESCRIBE_DATASTORE)
    cache_west.add_response(
        "failover_global_replication_group",
        {"GlobalReplicationGroup": responses.global_datastore(EAST, "modifying")["GlobalReplicationGroups"][0]},
        TO_WEST_CACHE,
    )
    for primary, group_status in polls:
        cache_west.add_response(
            "describe_global_replication_groups", responses.global_datastore(primary, "modifying"), DESCRIBE_DATASTORE
        )
        if primary == WEST:
            responses.stub_group(clients, WEST, role="PRIMARY", status=group_status)


def stub_database_in_place(clients: TestClients, region: str = WEST) -> None:
    """A database whose writer already is `region` and available there."""
    clients.stub("rds", region).add_response(
        "describe_global_clusters", responses.global_cluster(region), DESCRIBE_CLUSTER
    )
    responses.stub_db_cluster(clients, region)


# -- the healthy path ---------------------------------------------------------------------------------


def test_switches_databases_over_first_then_caches_then_leaves_traffic_to_people(stubbed, clock, prod_outputs):
    stub_switchover(
        stubbed, [responses.global_cluster(EAST, "switching-over", moving_to=WEST), responses.global_cluster(WEST)]
    )
    stub_cache_failover(stubbed, [(EAST, "available"), (WEST, "available")])
    report, steps, log = failover(prod_outputs, stubbed, clock)
    assert steps == [
        FENCE_DONE,
        ("database", SWITCHOVER, EAST, WEST, "done"),
        ("cache", CACHE_ACTION, EAST, WEST, "done"),
        TRAFFIC,
    ]
    assert report.ok, report.problems
    assert mutations(stubbed) == ["SwitchoverGlobalCluster", "FailoverGlobalReplicationGroup"]
    # Mutations go through single-attempt clients, in the target region.
    assert stubbed.mutating_clients == [("rds", WEST), ("elasticache", WEST)]
    assert clock.sleeps == [15, 15]  # one poll interval per store, on the injected clock
    assert report.items[1].evidence == [
        "primary: writer cluster prod-app-db in us-east-1 reports status 'available'",
        "replication lag of us-west-2: 0.8 s (AuroraGlobalDBRPOLag in us-west-2, datapoint of 03:59 UTC)",
    ]
    assert report.human_actions[0].startswith(
        "traffic clients: move client traffic to us-west-2: the outputs name no front door"
    )
    assert report.human_actions[1].startswith("keep writes to us-east-1 stopped")
    assert "database app: switchover (no data loss): us-east-1 -> us-west-2: done" in log


def test_dry_run_shows_each_mode_and_mutates_nothing(mixed, clock, prod_outputs) -> None:
    mixed.stub("elasticache", WEST).add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), DESCRIBE_DATASTORE
    )
    with mock_aws():
        create_global_database()
        put_aurora_lag(850, NOW - timedelta(minutes=1))
        report, steps, _ = failover(prod_outputs, mixed, clock, dry_run=True)
    assert steps == [
        ("fence", "confirm writes to the old primary are stopped", None, None, "planned"),
        ("database", SWITCHOVER, EAST, WEST, "planned"),
        ("cache", CACHE_ACTION, EAST, WEST, "planned"),
        TRAFFIC,
    ]
    assert report.ok and report.runbook == "dr failover --to us-west-2 --dry-run"
    assert not MUTATING & set(mixed.operations()) and mixed.mutating_clients == []
    assert clock.sleeps == []


def test_target_already_holding_every_writer_needs_no_fence_and_no_call(mixed, clock, prod_outputs) -> None:
    mixed.stub("elasticache", EAST).add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), DESCRIBE_DATASTORE
    )
    responses.stub_group(mixed, EAST, role="PRIMARY")
    with mock_aws():
        create_global_database()
        report, steps, _ = failover(prod_outputs, mixed, clock, target=EAST, writes_stopped=None)
    assert steps[:3] == [
        FENCE_NOT_NEEDED,
        ("database", "none", EAST, EAST, "already-done"),
        ("cache", "none", EAST, EAST, "already-done"),
    ]
    assert report.ok and mutations(mixed) == []


# -- the operator chooses data loss ---------------------------------------------------------------------


def test_primary_shown_down_is_not_failed_over_without_allow_data_loss(stubbed, clock, prod_outputs) -> None:
    stub_move_start(stubbed, probe="inaccessible-encryption-credentials")
    report, steps, _ = failover(prod_outputs, stubbed, clock)
    assert [s[-1] for s in steps] == ["not-needed", "failed", "blocked", "blocked"]
    assert "run again with --allow-data-loss" in report.items[1].detail
    assert report.items[1].evidence == [
        "primary: writer cluster prod-app-db in us-east-1 reports status 'inaccessible-encryption-credentials'",
        "replication lag of us-west-2: 0.8 s (AuroraGlobalDBRPOLag in us-west-2, datapoint of 03:59 UTC)",
    ]
    assert mutations(stubbed) == []


@pytest.mark.parametrize(
    ("probe", "evidence"),
    [
        ("inaccessible-encryption-credentials", "writer cluster prod-app-db in us-east-1 reports status"),
        ("DBClusterNotFoundFault", "RDS in us-east-1 answers that writer cluster prod-app-db does not exist"),
    ],
)
def test_primary_shown_down_fails_over_with_allow_data_loss(stubbed, clock, prod_outputs, probe, evidence) -> None:
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    if probe == "DBClusterNotFoundFault":
        responses.stub_db_cluster_error(stubbed, EAST, probe, "DBCluster prod-app-db not found", 404)
    else:
        responses.stub_db_cluster(stubbed, EAST, probe)
    responses.stub_aurora_lag(stubbed, WEST, 2400)
    rds_west.add_response(
        "failover_global_cluster",
        responses.global_cluster_result(EAST, "failing-over", WEST, failover_status="pending", data_loss=True),
        {**TO_WEST_DB, "AllowDataLoss": True},
    )
    # The old region is down: the global cluster never settles, but the target is the writer and available.
    still_failing_over = responses.global_cluster(
        WEST, "failing-over", moving_to=WEST, failover_status="failing-over", data_loss=True
    )
    rds_west.add_response("describe_global_clusters", still_failing_over, DESCRIBE_CLUSTER)
    responses.stub_db_cluster(stubbed, WEST)
    prod_outputs["caches"] = []
    report, steps, _ = failover(prod_outputs, stubbed, clock, allow_data_loss=True)
    assert steps[1] == ("database", FAILOVER, EAST, WEST, "done")
    assert evidence in report.items[1].evidence[0]
    assert (
        report.items[1].evidence[1]
        == "replication lag of us-west-2: 2.4 s (AuroraGlobalDBRPOLag in us-west-2, datapoint of 03:59 UTC)"
    )
    assert any("not replicated before the failover are not in us-west-2" in a for a in report.human_actions)


@pytest.mark.parametrize(
    ("code", "message", "status"),
    [
        ("InternalFailure", "Service unavailable", 503),
        ("AccessDenied", "not authorized to perform rds:DescribeDBClusters", 403),
        ("Throttling", "Rate exceeded", 400),
    ],
)
def test_a_probe_that_cannot_tell_fails_the_step_even_with_allow_data_loss(
    stubbed, clock, prod_outputs, code, message, status
):
    stubbed.stub("rds", WEST).add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    responses.stub_db_cluster_error(stubbed, EAST, code, message, status)
    responses.stub_aurora_lag(stubbed, WEST, 850)
    prod_outputs["caches"] = []
    report, _, _ = failover(prod_outputs, stubbed, clock, allow_data_loss=True)
    step = report.items[1]
    assert step.status == "failed" and step.detail.startswith("cannot tell whether the primary is down")
    assert "--force-failover --allow-data-loss" in step.detail
    assert step.evidence[0] == (
        f"primary: could not read writer cluster prod-app-db: DescribeDBClusters in us-east-1 failed: {code}: {message}"
    )
    assert mutations(stubbed) == []


def test_force_failover_overrides_a_primary_that_still_reports_available(stubbed, clock, prod_outputs) -> None:
    stub_move_start(stubbed, probe="available", lag_ms=None)
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_response(
        "failover_global_cluster",
        responses.global_cluster_result(EAST, "failing-over", WEST, failover_status="pending", data_loss=True),
        {**TO_WEST_DB, "AllowDataLoss": True},
    )
    rds_west.add_response("describe_global_clusters", responses.global_cluster(WEST), DESCRIBE_CLUSTER)
    responses.stub_db_cluster(stubbed, WEST)
    prod_outputs["caches"] = []
    report, steps, _ = failover(prod_outputs, stubbed, clock, allow_data_loss=True, force_failover=True)
    assert steps[1] == ("database", FAILOVER, EAST, WEST, "done")
    assert report.items[1].evidence[1:] == [
        "replication lag of us-west-2: no AuroraGlobalDBRPOLag or AuroraGlobalDBReplicationLag datapoint for "
        "us-west-2 in the last 5 minutes",
        "failover forced by the operator (--force-failover --allow-data-loss)",
    ]


@pytest.mark.parametrize(("allow_data_loss", "ok", "status"), [(False, False, "failed"), (True, True, "planned")])
def test_dry_run_exits_non_zero_when_it_would_need_data_loss_without_the_flag(
    stubbed, clock, prod_outputs, allow_data_loss, ok, status
):
    stub_move_start(stubbed, probe="inaccessible-encryption-credentials-recoverable")
    prod_outputs["caches"] = []
    report, steps, _ = failover(prod_outputs, stubbed, clock, dry_run=True, allow_data_loss=allow_data_loss)
    assert (report.ok, steps[1][-1]) == (ok, status)
    assert steps[1][1] == (FAILOVER if allow_data_loss else "move the writer: no mode chosen")
    assert mutations(stubbed) == []


def test_busy_but_serving_primary_still_gets_a_switchover(stubbed, clock, prod_outputs) -> None:
    stub_move_start(stubbed, probe="backing-up")
    prod_outputs["caches"] = []
    _, steps, _ = failover(prod_outputs, stubbed, clock, dry_run=True, allow_data_loss=True)
    assert steps[1] == ("database", SWITCHOVER, EAST, WEST, "planned")


# -- fencing ------------------------------------------------------------------------------------------


def test_no_writer_moves_until_writes_to_the_old_primary_are_confirmed_stopped(stubbed, clock, prod_outputs):
    stub_move_start(stubbed)
    report, steps, _ = failover(prod_outputs, stubbed, clock, writes_stopped=None)
    assert [s[-1] for s in steps] == ["failed", "blocked", "blocked", "blocked"]
    fence = report.items[0]
    assert fence.name == "writes to us-east-1"
    assert (
        fence.detail
        == "required before a writer moves: stop writes to us-east-1, then run again with --writes-stopped=HOW"
    )
    assert fence.evidence[0].startswith(
        "--writes-stopped=scaled-to-zero: aws eks update-kubeconfig --region us-east-1 --name prod-eks; "
        "kubectl -n api scale deployment --all --replicas=0. "
    )
    assert [line.split(":")[0] for line in fence.evidence] == [
        "--writes-stopped=scaled-to-zero",
        "--writes-stopped=connect-revoked",
        "--writes-stopped=confirmed",
    ]
    assert mutations(stubbed) == [] and not report.ok


def test_dry_run_without_the_fence_confirmation_shows_the_plan_and_exits_non_zero(stubbed, clock, prod_outputs):
    stub_move_start(stubbed)
    prod_outputs["caches"] = []
    report, steps, _ = failover(prod_outputs, stubbed, clock, dry_run=True, writes_stopped=None)
    assert [s[-1] for s in steps] == ["failed", "planned", "blocked"]
    assert report.problems[0].startswith("step 1 fence writes to us-east-1: failed: required before a writer moves")


# -- moves already in flight --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "in_flight",
    [
        {"moving_to": WEST, "failover_status": "pending"},
        {"moving_to": WEST, "failover_status": "switching-over"},
        {"moving_to": WEST, "failover_status": "failing-over", "data_loss": True},
    ],
    ids=["pending", "switching-over", "failing-over"],
)
def test_rerun_waits_for_a_move_in_flight_and_never_calls_again(stubbed, clock, prod_outputs, in_flight) -> None:
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_response(
        "describe_global_clusters", responses.global_cluster(EAST, "switching-over", **in_flight), DESCRIBE_CLUSTER
    )
    rds_west.add_response("describe_global_clusters", responses.global_cluster(WEST), DESCRIBE_CLUSTER)
    if in_flight.get("data_loss"):
        responses.stub_db_cluster(stubbed, WEST)  # a failover is over once the target is available
    prod_outputs["caches"] = []
    report, steps, _ = failover(prod_outputs, stubbed, clock, writes_stopped=None)
    assert steps[1][2:] == (EAST, WEST, "done") and steps[1][1].startswith("wait for the ")
    assert report.ok and mutations(stubbed) == []


def test_a_global_status_of_switching_over_alone_is_waited_on(stubbed, clock, prod_outputs) -> None:
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_response(
        "describe_global_clusters", responses.global_cluster(EAST, "switching-over"), DESCRIBE_CLUSTER
    )
    rds_west.add_response("describe_global_clusters", responses.global_cluster(WEST), DESCRIBE_CLUSTER)
    prod_outputs["caches"] = []
    report, steps, _ = failover(prod_outputs, stubbed, clock)
    assert steps[1] == ("database", "wait for the switchover switching-over from us-east-1 to None", EAST, WEST, "done")
    assert report.ok and mutations(stubbed) == []


@pytest.mark.parametrize(
    "in_flight",
    [
        {"moving_to": WEST, "failover_status": "cancelling"},  # our earlier request is being rolled back
        {"moving_to": EAST, "failover_status": "switching-over"},  # someone moves it the other way
    ],
    ids=["cancelling", "opposite-direction"],
)
def test_a_cancelling_or_opposite_move_is_waited_out_then_reported_without_a_call(
    stubbed, clock, prod_outputs, in_flight
):
    writer = WEST if in_flight["moving_to"] == EAST else EAST
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_response(
        "describe_global_clusters", responses.global_cluster(writer, "switching-over", **in_flight), DESCRIBE_CLUSTER
    )
    still_moving = responses.global_cluster(writer, "switching-over", **in_flight)
    rds_west.add_response("describe_global_clusters", still_moving, DESCRIBE_CLUSTER)
    rds_west.add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    prod_outputs["caches"] = []
    report, _, _ = failover(prod_outputs, stubbed, clock)
    assert report.items[1].status == "failed"
    assert (
        report.items[1].detail
        == "the operation in flight ended with the writer in us-east-1; nothing was called; run again"
    )
    assert mutations(stubbed) == [] and clock.sleeps == [15]


# -- single attempt, then describe and reconcile ------------------------------------------------------


def test_a_switchover_whose_response_failed_but_was_accepted_is_not_a_failure(stubbed, clock, prod_outputs) -> None:
    stub_move_start(stubbed)
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_client_error(
        "switchover_global_cluster", "InternalFailure", "An internal error occurred", 500, expected_params=TO_WEST_DB
    )
    # Described after the error: AWS had taken the request.
    rds_west.add_response(
        "describe_global_clusters", responses.global_cluster(EAST, "switching-over", moving_to=WEST), DESCRIBE_CLUSTER
    )
    rds_west.add_response("describe_global_clusters", responses.global_cluster(WEST), DESCRIBE_CLUSTER)
    prod_outputs["caches"] = []
    report, steps, log = failover(prod_outputs, stubbed, clock)
    assert steps[1] == ("database", SWITCHOVER, EAST, WEST, "done") and report.ok
    assert mutations(stubbed) == ["SwitchoverGlobalCluster"]
    assert any("the request was accepted after all" in line for line in log)


def test_a_refused_switchover_fails_with_its_error_and_blocks_the_caches(stubbed, clock, prod_outputs) -> None:
    stub_move_start(stubbed)
    rds_west = stubbed.stub("rds", WEST)
    rds_west.add_client_error(
        "switchover_global_cluster",
        "InvalidGlobalClusterStateFault",
        "Global cluster prod-app-global is being modified",
        expected_params=TO_WEST_DB,
    )
    rds_west.add_response("describe_global_clusters", responses.global_cluster(EAST, "modifying"), DESCRIBE_CLUSTER)
    report, steps, _ = failover(prod_outputs, stubbed, clock)
    assert [s[-1] for s in steps] == ["done", "failed", "blocked", "blocked"]
    assert report.problems[0] == (
        "step 2 database app: failed: SwitchoverGlobalCluster in us-west-2 failed: InvalidGlobalClusterStateFault: "
        "Global cluster prod-app-global is being modified"
    )
    assert (
        report.problems[1]
        == "step 3 cache sessions: blocked: not attempted: a database step failed and caches follow databases"
    )
    assert mutations(stubbed) == ["SwitchoverGlobalCluster"]
    assert "DescribeGlobalReplicationGroups" not in stubbed.operations()


# -- one deadline for the whole run -------------------------------------------------------------------


def test_one_deadline_covers_the_whole_run(stubbed, clock, prod_outputs) -> None:
    """RTO 2 min: the database takes 90 s, so the cache has only the 30 s left, not a fresh 2 minutes."""
    moving = responses.global_cluster(EAST, "switching-over", moving_to=WEST)
    stub_switchover(stubbed, [moving] * 6 + [responses.global_cluster(WEST)])
    stub_cache_failover(stubbed, [(EAST, "")] * 3)
    prod_outputs["rto_minutes"] = 2
    report, steps, _ = failover(prod_outputs, stubbed, clock)
    assert [s[-1] for s in steps] == ["done", "done", "failed", "blocked"]
    assert report.items[2].detail == (
        "not finished by the 2-minute deadline (2026-11-25T04:02:00+00:00): primary still prod-sessions; "
        "run again to continue"
    )
    assert sum(clock.sleeps) == 120


@pytest.mark.parametrize(
    ("rto_minutes", "deadline_minutes", "expected"),
    [(30, 1, 1), (2, None, 2), (None, None, 60)],  # --deadline-minutes, else the RTO, else best effort: 60
)
def test_deadline_is_the_option_else_the_rto_else_an_hour(
    stubbed, clock, prod_outputs, rto_minutes, deadline_minutes, expected
):
    if rto_minutes is None:  # only dev may go without an RTO
        prod_outputs.update(environment="dev", rpo_minutes=1440)
        prod_outputs["backup"].update(vault_lock=None, dr_vault_lock=None)
    stuck = responses.global_cluster(EAST, "switching-over", moving_to=WEST)
    stub_switchover(stubbed, [stuck] * (expected * 4 + 1))  # polled every 15 s, from 0 to the deadline
    prod_outputs.update(caches=[], rto_minutes=rto_minutes)
    report, steps, _ = failover(prod_outputs, stubbed, clock, deadline_minutes=deadline_minutes)
    assert steps[1] == ("database", SWITCHOVER, EAST, EAST, "failed")
    assert f"not finished by the {expected}-minute deadline" in report.items[1].detail
    assert sum(clock.sleeps) == expected * 60
    assert report.notes == [
        f"deadline: {(NOW + timedelta(minutes=expected)).isoformat()} ({expected} min from the start)"
    ]


# -- caches: promote first, back off on a state error -------------------------------------------------


def test_cache_promotion_is_asked_first_and_retried_after_a_state_error(stubbed, clock, prod_outputs) -> None:
    stub_database_in_place(stubbed)
    cache_west = stubbed.stub("elasticache", WEST)
    cache_west.add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST, "modifying"), DESCRIBE_DATASTORE
    )
    cache_west.add_client_error(
        "failover_global_replication_group",
        "InvalidGlobalReplicationGroupState",
        "Global replication group ldgnf-prod-sessions is not in a valid state",
        expected_params=TO_WEST_CACHE,
    )
    cache_west.add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST, "modifying"), DESCRIBE_DATASTORE
    )
    cache_west.add_response(
        "failover_global_replication_group",
        {"GlobalReplicationGroup": responses.global_datastore(EAST, "modifying")["GlobalReplicationGroups"][0]},
        TO_WEST_CACHE,
    )
    # Done while the old region is away: the datastore stays `modifying`, the target group is primary and available.
    cache_west.add_response(
        "describe_global_replication_groups",
        responses.global_datastore(WEST, "modifying", "associating"),
        DESCRIBE_DATASTORE,
    )
    responses.stub_group(stubbed, WEST, role="PRIMARY")
    report, steps, log = failover(prod_outputs, stubbed, clock)
    assert steps[2] == ("cache", CACHE_ACTION, EAST, WEST, "done") and report.ok
    assert mutations(stubbed) == ["FailoverGlobalReplicationGroup", "FailoverGlobalReplicationGroup"]
    assert clock.sleeps == [15]  # the back-off; the first poll already saw it done
    assert "cache sessions: the datastore is not ready; asking again in 15 s" in log


def test_cache_state_errors_until_the_deadline_fail_the_step(stubbed, clock, prod_outputs) -> None:
    stub_database_in_place(stubbed)
    cache_west = stubbed.stub("elasticache", WEST)
    cache_west.add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST, "modifying"), DESCRIBE_DATASTORE
    )
    for _ in range(3):  # asked at 0, 15 and 45 s; a 60 s back-off no longer fits in the 1-minute deadline
        cache_west.add_client_error(
            "failover_global_replication_group",
            "InvalidGlobalReplicationGroupState",
            "not in a valid state",
            expected_params=TO_WEST_CACHE,
        )
        cache_west.add_response(
            "describe_global_replication_groups", responses.global_datastore(EAST, "modifying"), DESCRIBE_DATASTORE
        )
    report, _, _ = failover(prod_outputs, stubbed, clock, deadline_minutes=1)
    assert report.items[2].detail.startswith("still refused when the 1-minute deadline")
    assert clock.sleeps == [15, 30]


# -- partial failure, interruption and re-run ---------------------------------------------------------


def rerun_after_the_database_moved(prod_outputs: dict[str, Any], clock: FakeClock) -> TestClients:
    """The second run: the database is in place (reported, not switched again), the cache moves."""
    second = TestClients(allow_moto=False)
    stub_database_in_place(second)
    stub_cache_failover(second, [(WEST, "available")])
    report, steps, _ = failover(prod_outputs, second, clock)
    second.assert_all_consumed()
    assert steps[1:3] == [("database", "none", WEST, WEST, "already-done"), ("cache", CACHE_ACTION, EAST, WEST, "done")]
    assert report.ok and mutations(second) == ["FailoverGlobalReplicationGroup"]
    return second


def test_failure_part_way_then_rerun_converges(clock, prod_outputs) -> None:
    first = TestClients(allow_moto=False)
    stub_switchover(first, [responses.global_cluster(WEST)])
    cache_west = first.stub("elasticache", WEST)
    cache_west.add_response("describe_global_replication_groups", responses.global_datastore(EAST), DESCRIBE_DATASTORE)
    cache_west.add_client_error(
        "failover_global_replication_group",
        "InvalidParameterValue",
        "PrimaryReplicationGroupId is not valid",
        expected_params=TO_WEST_CACHE,
    )
    cache_west.add_response("describe_global_replication_groups", responses.global_datastore(EAST), DESCRIBE_DATASTORE)
    report, steps, _ = failover(prod_outputs, first, clock)
    first.assert_all_consumed()
    assert steps[1:3] == [("database", SWITCHOVER, EAST, WEST, "done"), ("cache", CACHE_ACTION, EAST, EAST, "failed")]
    assert report.problems[0] == (
        "step 3 cache sessions: failed: FailoverGlobalReplicationGroup in us-west-2 failed: InvalidParameterValue: "
        "PrimaryReplicationGroupId is not valid"
    )
    rerun_after_the_database_moved(prod_outputs, clock)


def test_a_crash_between_the_database_and_the_cache_step_converges_on_rerun(clock, prod_outputs) -> None:
    first = TestClients(allow_moto=False, crash_on=("elasticache", WEST))
    stub_switchover(first, [responses.global_cluster(WEST)])
    with pytest.raises(KeyboardInterrupt):
        failover(prod_outputs, first, clock)
    first.assert_all_consumed()
    assert mutations(first) == ["SwitchoverGlobalCluster"]
    second = rerun_after_the_database_moved(prod_outputs, clock)
    assert "SwitchoverGlobalCluster" not in second.operations()


# -- what the runbook refuses -------------------------------------------------------------------------


def test_store_without_global_replication_cannot_fail_over(stubbed, clock, prod_outputs) -> None:
    prod_outputs.update(
        environment="staging", dr_strategy="backup-restore", rpo_minutes=1440, rto_minutes=480, caches=[]
    )
    prod_outputs["databases"][0].update(global_cluster_identifier=None, dr_cluster_arn=None)
    prod_outputs["backup"].update(vault_lock=None, dr_vault_lock=None)
    report, _, _ = failover(prod_outputs, stubbed, clock, dry_run=True)
    assert report.problems == [
        "step 2 database app: failed: no global replication for this store: "
        "recover it from the DR backup vault instead",
        "step 3 traffic clients: blocked: not attempted: traffic follows the data stores",
    ]


def test_outputs_without_any_data_store_fail_instead_of_passing(stubbed, clock, prod_outputs) -> None:
    prod_outputs.update(environment="staging", dr_strategy="backup-restore", rpo_minutes=1440, rto_minutes=480)
    prod_outputs.update(databases=[], caches=[], backup=None)
    report, _, _ = failover(prod_outputs, stubbed, clock)
    assert report.problems == ["the outputs list no database and no cache: nothing was moved"]
    assert stubbed.calls == []


@pytest.mark.parametrize(
    ("dr_region", "target", "message"),
    [
        ("us-west-2", "eu-west-1", "--to: must be one of us-east-1, us-west-2 (got 'eu-west-1')"),
        (None, "us-east-1", "--to: environment dev has no DR region; there is nothing to fail over"),
    ],
)
def test_target_must_be_one_of_the_stack_regions(stubbed, clock, prod_outputs, dr_region, target, message):
    if dr_region is None:
        prod_outputs.update(environment="dev", dr_strategy="none", dr_region=None, databases=[], caches=[], backup=None)
    with pytest.raises(UsageError) as excinfo:
        failover(prod_outputs, stubbed, clock, target=target)
    assert str(excinfo.value) == message
    assert stubbed.calls == []


def test_report_text_lists_steps_evidence_and_what_people_must_do(stubbed, clock, prod_outputs) -> None:
    stub_switchover(stubbed, [responses.global_cluster(WEST)])
    prod_outputs["caches"] = []
    report, _, _ = failover(prod_outputs, stubbed, clock)
    lines = render_text(report).splitlines()
    assert lines[1:8] == [
        "deadline: 2026-11-25T04:30:00+00:00 (30 min from the start)",
        "1. [done] fence writes to us-east-1: confirm writes to the old primary are stopped: confirmed by the "
        "operator: the services' Deployments in the old primary region are scaled to 0 replicas; "
        "not verified by this runbook",
        "2. [done] database app: switchover (no data loss) (us-east-1 -> us-west-2)",
        "       evidence: primary: writer cluster prod-app-db in us-east-1 reports status 'available'",
        "       evidence: replication lag of us-west-2: 0.8 s "
        "(AuroraGlobalDBRPOLag in us-west-2, datapoint of 03:59 UTC)",
        "3. [to-do] traffic clients: move client traffic to us-west-2 (us-east-1 -> us-west-2): the outputs name no "
        "front door, so nothing moves traffic automatically: point the name your clients use at the us-west-2 "
        "entry point (DNS record or load balancer), then confirm requests reach us-west-2",
        "RESULT: OK",
    ]
    assert lines[8] == "LEFT FOR PEOPLE (2):"


PROBES = {
    "serving": lambda clients: responses.stub_db_cluster(clients, EAST),
    "kms-lost": lambda clients: responses.stub_db_cluster(clients, EAST, "inaccessible-encryption-credentials"),
    "gone": lambda clients: responses.stub_db_cluster_error(clients, EAST, "DBClusterNotFoundFault", "not found", 404),
    "5xx": lambda clients: responses.stub_db_cluster_error(clients, EAST, "InternalFailure", "unavailable", 503),
    "denied": lambda clients: responses.stub_db_cluster_error(clients, EAST, "AccessDenied", "not authorized", 403),
    "no-answer": lambda clients: clients.make_unreachable("rds", EAST),
}
FLAGS = {
    "none": {},
    "allow-data-loss": {"allow_data_loss": True},
    "force": {"allow_data_loss": True, "force_failover": True},
}


@pytest.mark.parametrize("dry_run", [False, True], ids=["run", "dry-run"])
@pytest.mark.parametrize("flags", sorted(FLAGS))
@pytest.mark.parametrize("probe", sorted(PROBES))
def test_no_code_path_fails_over_with_data_loss_without_the_flag(clock, prod_outputs, probe, flags, dry_run) -> None:
    """Every probe outcome x every flag combination: FailoverGlobalCluster is requested only when the
    operator allowed data loss, and a switchover only when the primary answered that it serves."""
    clients = TestClients(allow_moto=False)  # calls left unstubbed fail the step but are still recorded
    clients.stub("rds", WEST).add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    PROBES[probe](clients)
    responses.stub_aurora_lag(clients, WEST, 850)
    prod_outputs["caches"] = []
    report, steps, _ = failover(prod_outputs, clients, clock, dry_run=dry_run, **FLAGS[flags])
    mode = steps[1][1]
    if mode == FAILOVER:
        assert FLAGS[flags].get("allow_data_loss") and (probe in ("kms-lost", "gone") or flags == "force")
    if mode == SWITCHOVER:
        assert probe == "serving" and flags != "force"
    expected_calls = {SWITCHOVER: ["SwitchoverGlobalCluster"], FAILOVER: ["FailoverGlobalCluster"]}.get(mode, [])
    assert mutations(clients) == ([] if dry_run else expected_calls)
    assert report.ok == (dry_run and mode in (SWITCHOVER, FAILOVER))


def test_options_refuse_force_without_allowing_data_loss() -> None:
    with pytest.raises(UsageError, match=r"^--force-failover: needs --allow-data-loss"):
        FailoverOptions(target=WEST, force_failover=True)
