"""`dr status` against moto (Aurora global database, CloudWatch ListMetrics/PutMetricData/
GetMetricStatistics) and Stubber (ElastiCache global datastore: moto 5.2.5 lacks
DescribeGlobalReplicationGroups; DescribeReplicationGroups, which moto has, is stubbed too because it
goes through the same, stubbed, ElastiCache client)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest
from moto import mock_aws

from bulkhead.runbooks.dr_status import dr_status
from bulkhead.runbooks.outputs import parse_outputs
from bulkhead.runbooks.report import render_text
from tests.runbooks import responses
from tests.runbooks.responses import DESCRIBE_DATASTORE
from tests.runbooks.support import EAST, NOW, WEST, FakeClock, TestClients, create_global_database, put_aurora_lag


def put_lag(milliseconds: float, age: timedelta = timedelta(minutes=1), **kwargs: Any) -> None:
    put_aurora_lag(milliseconds, NOW - age, **kwargs)


def put_cache_lag(
    seconds: float, node: int = 1, age: timedelta = timedelta(minutes=1), group: str = "prod-sessions-dr"
):
    """A `GlobalDatastoreReplicationLag` datapoint of one node of a DR group, as ElastiCache publishes it."""
    boto3.client("cloudwatch", WEST).put_metric_data(
        Namespace="AWS/ElastiCache",
        MetricData=[
            {
                "MetricName": "GlobalDatastoreReplicationLag",
                "Dimensions": [{"Name": "CacheClusterId", "Value": f"{group}-{node:03d}"}],
                "Timestamp": NOW - age,
                "Value": seconds,
                "Unit": "Seconds",
            }
        ],
    )


def stub_datastore(clients: TestClients, nodes: int = 1) -> None:
    """The healthy sessions datastore (primary in the east) and its DR group, both read in the DR region."""
    clients.stub("elasticache", WEST).add_response(
        "describe_global_replication_groups", responses.global_datastore(EAST), DESCRIBE_DATASTORE
    )
    responses.stub_group(clients, WEST, nodes=nodes)


@pytest.fixture
def moto() -> Iterator[None]:
    with mock_aws():
        create_global_database()
        yield


def _status(prod_outputs: dict[str, Any], clients: TestClients, clock: FakeClock):
    report = dr_status(parse_outputs(prod_outputs), clients, clock)
    return report, {item.kind: item for item in report.items}


def test_healthy_global_stores_report_members_writer_and_lag(moto, mixed, clock, prod_outputs) -> None:
    put_lag(850)
    put_cache_lag(0.4)
    stub_datastore(mixed)
    report, stores = _status(prod_outputs, mixed, clock)
    assert report.ok, report.problems
    database = stores["database"]
    assert (database.replication, database.status, database.writer_region) == (
        "aurora-global-database",
        "available",
        EAST,
    )
    assert [(m["role"], m["region"], m["lag_seconds"]) for m in database.members] == [
        ("writer", EAST, None),
        ("reader", WEST, 0.85),
    ]
    cache = stores["cache"]
    assert (cache.status, cache.writer_region, cache.notes) == ("available", EAST, [])
    assert render_text(report).splitlines()[1:7] == [
        "[OK  ] database app: aurora-global-database prod-app-global status=available writer=us-east-1",
        "       writer    us-east-1      arn:aws:rds:us-east-1:111122223333:cluster:prod-app-db",
        "       reader    us-west-2      arn:aws:rds:us-west-2:111122223333:cluster:prod-app-db-dr "
        "lag=0.8s (AuroraGlobalDBRPOLag)",
        "[OK  ] cache sessions: elasticache-global-datastore ldgnf-prod-sessions status=available writer=us-east-1",
        "       primary   us-east-1      prod-sessions",
        "       secondary us-west-2      prod-sessions-dr lag=0.4s (GlobalDatastoreReplicationLag)",
    ]
    # Global APIs are asked in the DR region: the one that must answer during a primary outage.
    assert ("us-west-2", "DescribeGlobalClusters") in mixed.calls


def test_fails_when_replication_lag_exceeds_the_rpo(moto, mixed, clock, prod_outputs) -> None:
    put_lag(90_000)
    put_cache_lag(0.4)
    stub_datastore(mixed)
    report, _ = _status(prod_outputs, mixed, clock)
    assert report.problems == ["database app: replication lag to us-west-2 is 90.0s, above the RPO of 1 min"]


def test_a_missing_aurora_lag_datapoint_fails(moto, mixed, clock, prod_outputs) -> None:
    put_lag(500, age=timedelta(minutes=20))  # too old to describe the current lag
    put_cache_lag(0.4)
    stub_datastore(mixed)
    report, stores = _status(prod_outputs, mixed, clock)
    assert report.problems == [
        "database app: no AuroraGlobalDBRPOLag or AuroraGlobalDBReplicationLag datapoint for us-west-2 "
        "in the last 5 minutes"
    ]
    assert stores["database"].members[1]["lag_seconds"] is None


def test_an_unpublished_aurora_lag_metric_fails(moto, mixed, clock, prod_outputs) -> None:
    put_cache_lag(0.4)
    stub_datastore(mixed)
    report, _ = _status(prod_outputs, mixed, clock)
    assert report.problems == [
        "database app: no AuroraGlobalDBRPOLag or AuroraGlobalDBReplicationLag metric published for us-west-2 "
        "(ListMetrics, last 3 hours)"
    ]


def test_falls_back_to_the_replication_lag_where_no_rpo_lag_is_published(moto, mixed, clock, prod_outputs) -> None:
    put_lag(1_200, metric="AuroraGlobalDBReplicationLag")
    put_cache_lag(0.4)
    stub_datastore(mixed)
    report, stores = _status(prod_outputs, mixed, clock)
    assert report.ok, report.problems
    assert (stores["database"].members[1]["lag_seconds"], stores["database"].members[1]["lag_metric"]) == (
        1.2,
        "AuroraGlobalDBReplicationLag",
    )


def test_the_lag_is_found_under_whatever_dimension_set_rds_publishes(moto, mixed, clock, prod_outputs) -> None:
    """Discovered with ListMetrics, not assumed: a set with one more dimension is still found."""
    put_lag(90_000, extra_dimensions=(("SourceRegion", EAST),))
    put_cache_lag(0.4)
    stub_datastore(mixed)
    report, _ = _status(prod_outputs, mixed, clock)
    assert report.problems == ["database app: replication lag to us-west-2 is 90.0s, above the RPO of 1 min"]


def test_the_lag_is_queried_with_exactly_the_discovered_dimension_set(stubbed, clock, prod_outputs) -> None:
    """ListMetrics filtered on the cluster, recently active; then GetMetricStatistics with the whole set
    it listed (CloudWatch only answers for the exact set; moto is laxer, so Stubber pins the query)."""
    prod_outputs["caches"] = []
    stubbed.stub("rds", WEST).add_response(
        "describe_global_clusters", responses.global_cluster(EAST), responses.DESCRIBE_CLUSTER
    )
    responses.stub_aurora_lag(stubbed, WEST, 850, extra_dimensions=({"Name": "SourceRegion", "Value": EAST},))
    report, stores = _status(prod_outputs, stubbed, clock)
    assert report.ok, report.problems
    assert stores["database"].members[1]["lag_seconds"] == 0.85


def test_a_move_in_flight_is_reported(stubbed, clock, prod_outputs) -> None:
    prod_outputs["caches"] = []
    stubbed.stub("rds", WEST).add_response(
        "describe_global_clusters",
        responses.global_cluster(EAST, "available", moving_to=WEST, failover_status="pending"),
        responses.DESCRIBE_CLUSTER,
    )
    responses.stub_aurora_lag(stubbed, WEST, 850)
    report, _ = _status(prod_outputs, stubbed, clock)
    assert report.problems == [
        "database app: switchover pending from arn:aws:rds:us-east-1:111122223333:cluster:prod-app-db to "
        "arn:aws:rds:us-west-2:111122223333:cluster:prod-app-db-dr in progress"
    ]


def test_unhealthy_datastore_and_missing_global_cluster_are_listed(mixed, clock, prod_outputs) -> None:
    body = responses.global_datastore(EAST, status="modifying")
    body["GlobalReplicationGroups"][0]["Members"].pop()  # the DR member has left the datastore
    mixed.stub("elasticache", WEST).add_response("describe_global_replication_groups", body, DESCRIBE_DATASTORE)
    with mock_aws():  # no global database was created
        report, _ = _status(prod_outputs, mixed, clock)
    assert report.problems == [
        "database app: Aurora global cluster 'prod-app-global' not found (queried in us-west-2)",
        "cache sessions: global datastore status is 'modifying', expected 'available'",
        "cache sessions: replication group prod-sessions-dr is not a member of the global datastore",
    ]


def test_api_errors_are_reported_with_api_name_and_code(stubbed, clock, prod_outputs) -> None:
    stubbed.stub("rds", WEST).add_client_error(
        "describe_global_clusters",
        service_error_code="AccessDenied",
        service_message="not authorized",
        http_status_code=403,
    )
    stubbed.stub("elasticache", WEST).add_response(
        "describe_global_replication_groups", responses.global_datastore(WEST), DESCRIBE_DATASTORE
    )
    responses.stub_cache_lag(stubbed, EAST, 0.3)
    report, stores = _status(prod_outputs, stubbed, clock)
    assert report.problems == ["database app: DescribeGlobalClusters in us-west-2 failed: AccessDenied: not authorized"]
    assert stores["cache"].writer_region == WEST  # after a failover the primary is reported where it is
    # ... and the lag is read where the secondary now is: its group and its node's metric in the east.
    assert [(m["role"], m["region"], m["lag_seconds"]) for m in stores["cache"].members] == [
        ("primary", WEST, None),
        ("secondary", EAST, 0.3),
    ]


def test_fails_when_cache_replication_lag_exceeds_the_rpo(moto, mixed, clock, prod_outputs) -> None:
    put_lag(850)
    put_cache_lag(75)
    stub_datastore(mixed)
    report, _ = _status(prod_outputs, mixed, clock)
    assert report.problems == ["cache sessions: replication lag to us-west-2 is 75.0s, above the RPO of 1 min"]
    assert render_text(report).splitlines()[4].startswith("[FAIL] cache sessions:")


def test_cache_lag_within_the_rpo_passes_at_the_limit(moto, mixed, clock, prod_outputs) -> None:
    put_lag(850)
    put_cache_lag(60)  # exactly the 1-minute RPO: not above it
    stub_datastore(mixed)
    report, stores = _status(prod_outputs, mixed, clock)
    assert report.ok, report.problems
    assert stores["cache"].members[1]["lag_seconds"] == 60


def test_missing_cache_lag_datapoint_fails(moto, mixed, clock, prod_outputs) -> None:
    put_lag(850)
    put_cache_lag(0.4, age=timedelta(minutes=20))  # too old to describe the current lag
    stub_datastore(mixed)
    report, stores = _status(prod_outputs, mixed, clock)
    assert report.problems == [
        "cache sessions: no GlobalDatastoreReplicationLag datapoint for us-west-2 in the last 5 minutes"
    ]
    assert stores["cache"].members[1]["lag_seconds"] is None


def test_cache_lag_is_the_largest_over_the_dr_groups_nodes_and_ignores_other_caches(moto, mixed, clock, prod_outputs):
    """After an in-region failover node 002 is the DR group's primary and publishes the lag."""
    put_lag(850)
    put_cache_lag(0.2, node=1)
    put_cache_lag(80, node=2)
    put_cache_lag(900, node=1, group="prod-queue-dr")  # another cache in the region
    stub_datastore(mixed, nodes=2)
    report, _ = _status(prod_outputs, mixed, clock)
    assert report.problems == ["cache sessions: replication lag to us-west-2 is 80.0s, above the RPO of 1 min"]
    assert mixed.operations().count("GetMetricStatistics") == 3  # the DR cluster, then each DR node


def test_cache_lag_that_cannot_be_read_fails_with_api_name_and_code(stubbed, clock, prod_outputs) -> None:
    prod_outputs["databases"] = []
    prod_outputs["backup"] = None
    elasticache = stubbed.stub("elasticache", WEST)
    elasticache.add_response("describe_global_replication_groups", responses.global_datastore(EAST), DESCRIBE_DATASTORE)
    elasticache.add_client_error(
        "describe_replication_groups",
        service_error_code="AccessDenied",
        service_message="not authorized to perform elasticache:DescribeReplicationGroups",
        http_status_code=403,
    )
    report, _ = _status(prod_outputs, stubbed, clock)
    assert report.problems == [
        "cache sessions: replication lag of us-west-2 unknown: DescribeReplicationGroups in us-west-2 "
        "failed: AccessDenied: not authorized to perform elasticache:DescribeReplicationGroups"
    ]


def dev_outputs(prod_outputs: dict[str, Any]) -> dict[str, Any]:
    prod_outputs.update(environment="dev", dr_strategy="none", dr_region=None, rpo_minutes=1440, rto_minutes=None)
    prod_outputs["databases"][0].update(global_cluster_identifier=None, dr_cluster_arn=None)
    prod_outputs["caches"][0].update(global_replication_group_id=None, dr_replication_group_id=None)
    prod_outputs["backup"].update(dr_vault_name=None, dr_vault_arn=None, vault_lock=None, dr_vault_lock=None)
    return prod_outputs


def test_environment_without_dr_calls_no_api_and_says_so(stubbed, clock, prod_outputs) -> None:
    report, stores = _status(dev_outputs(prod_outputs), stubbed, clock)
    assert report.ok and stubbed.calls == []
    assert {s.replication for s in stores.values()} == {"none"}
    assert stores["database"].notes == ["no cross-region replication configured for this environment"]


def test_outputs_without_any_data_store_fail_instead_of_passing(stubbed, clock, prod_outputs) -> None:
    outputs = dev_outputs(prod_outputs)
    outputs.update(databases=[], caches=[], backup=None)
    report, _ = _status(outputs, stubbed, clock)
    assert report.problems == ["the outputs list no database and no cache: nothing was checked"]
