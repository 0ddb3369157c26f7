"""SLO alarms, the composite service health, data store and cluster alarms, and the dashboard."""

import json

import pytest

from components.observability.alarms import AlarmRoute
from components.observability.dashboard import DashboardArgs, ServicePanel, dashboard_body
from components.observability.slo import Objective, ServiceEndpoint, ServiceHealth, ServiceHealthArgs
from components.observability.store_alarms import (
    CacheThresholds,
    DatabaseThresholds,
    aurora_global_lag_spec,
    aurora_specs,
    cache_specs,
    cluster_specs,
)
from tests.support import ACCOUNT_ID, PRIMARY_REGION, in_provider, provider, record

TOPIC_ARN = f"arn:aws:sns:{PRIMARY_REGION}:{ACCOUNT_ID}:mobile-prod-alerts"
ROUTE = AlarmRoute(topic_arn=TOPIC_ARN, name_prefix="mobile-prod")
# What the front door hands over: the ALB and target group ARN suffixes (CloudWatch dimensions).
ENDPOINT = ServiceEndpoint(
    region=PRIMARY_REGION,
    load_balancer="app/mobile-prod-edge/50dc6c495c0c9188",
    target_group="targetgroup/mobile-prod-api/73e2d6bc24d8a067",
)
OBJECTIVE = Objective(availability_percent=99.9, latency_p99_ms=800)
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm"


def build_health(endpoint=ENDPOINT):
    def build():
        ServiceHealth(
            "mobile-prod-api-health",
            ServiceHealthArgs(
                service="api",
                route=ROUTE,
                cluster_name="mobile-prod-cluster",
                namespace="api",
                min_pods=3,
                objective=OBJECTIVE,
                endpoint=endpoint,
            ),
            opts=in_provider(provider()),
        )

    return record(build)


@pytest.fixture(scope="module")
def exposed():
    return build_health()


def alarms_by_name(recorded):
    return {r.inputs["name"]: r.inputs for r in recorded.of_type(ALARM)}


def composites_by_name(recorded):
    return {r.inputs["alarmName"]: r for r in recorded.of_type(COMPOSITE)}


def test_burn_rate_windows_alarm_on_the_5xx_ratio_against_budget_times_burn_rate(exposed):
    alarms = alarms_by_name(exposed)
    fast_long = alarms["mobile-prod-page-api-fast-burn-long"]
    assert fast_long["threshold"] == pytest.approx(14.4 * 0.001)
    slow_long = alarms["mobile-prod-ticket-api-slow-burn-long"]
    assert slow_long["threshold"] == pytest.approx(6 * 0.001)
    periods = {
        name: {q["metric"]["period"] for q in a["metricQueries"] if "metric" in q}
        for name, a in alarms.items()
        if "burn" in name
    }
    assert periods == {
        "mobile-prod-page-api-fast-burn-long": {3600},
        "mobile-prod-page-api-fast-burn-short": {300},
        "mobile-prod-ticket-api-slow-burn-long": {21600},
        "mobile-prod-ticket-api-slow-burn-short": {1800},
    }
    errors, requests, ratio = fast_long["metricQueries"]
    assert errors["metric"]["metricName"] == "HTTPCode_Target_5XX_Count"
    assert errors["metric"]["dimensions"] == {
        "LoadBalancer": "app/mobile-prod-edge/50dc6c495c0c9188",
        "TargetGroup": "targetgroup/mobile-prod-api/73e2d6bc24d8a067",
    }
    assert requests["metric"]["metricName"] == "RequestCount"
    assert ratio["returnData"] is True and "FILL(errors, 0)" in ratio["expression"]
    assert fast_long["treatMissingData"] == "notBreaching"


def test_each_window_notifies_only_through_its_pair(exposed):
    alarms = alarms_by_name(exposed)
    for name, alarm in alarms.items():
        if "burn" in name:
            assert alarm["alarmActions"] == [] and alarm["okActions"] == [], name
    pairs = composites_by_name(exposed)
    fast = pairs["mobile-prod-page-api-fast-burn"].inputs
    long_arn = f"arn:aws:cloudwatch:{PRIMARY_REGION}:{ACCOUNT_ID}:alarm:mobile-prod-page-api-fast-burn-long"
    short_arn = f"arn:aws:cloudwatch:{PRIMARY_REGION}:{ACCOUNT_ID}:alarm:mobile-prod-page-api-fast-burn-short"
    assert fast["alarmRule"] == f'ALARM("{long_arn}") AND ALARM("{short_arn}")'
    assert fast["alarmActions"] == [TOPIC_ARN] and fast["okActions"] == [TOPIC_ARN]
    assert pairs["mobile-prod-ticket-api-slow-burn"].inputs["alarmActions"] == [TOPIC_ARN]


def test_latency_alarm_is_the_p99_in_seconds_against_the_objective(exposed):
    latency = alarms_by_name(exposed)["mobile-prod-page-api-latency-p99"]
    assert (latency["metricName"], latency["extendedStatistic"]) == ("TargetResponseTime", "p99")
    assert latency["threshold"] == 0.8
    assert latency["evaluationPeriods"] == 3


def test_service_health_is_any_of_its_signals_and_is_what_others_watch(exposed):
    health = composites_by_name(exposed)["mobile-prod-ticket-api-unhealthy"].inputs
    rule = health["alarmRule"]
    for part in ("api-pods-below-floor", "api-fast-burn", "api-latency-p99", "api-no-healthy-targets"):
        assert f'alarm:mobile-prod-page-{part}")' in rule
    assert "slow-burn" not in rule  # a slow burn is a ticket, not an outage
    assert rule.count(" OR ") == 3


def test_missing_data_is_breaching_where_silence_means_an_outage(exposed):
    alarms = alarms_by_name(exposed)
    assert alarms["mobile-prod-page-api-no-healthy-targets"]["treatMissingData"] == "breaching"
    pods = alarms["mobile-prod-page-api-pods-below-floor"]
    assert pods["treatMissingData"] == "breaching"
    assert pods["dimensions"] == {"ClusterName": "mobile-prod-cluster", "Namespace": "api", "Service": "api"}
    assert pods["threshold"] == 3


def test_a_service_without_an_endpoint_is_healthy_by_its_pods_alone():
    recorded = build_health(endpoint=None)
    assert list(alarms_by_name(recorded)) == ["mobile-prod-page-api-pods-below-floor"]
    (health,) = recorded.of_type(COMPOSITE)
    assert health.inputs["alarmRule"].count("ALARM(") == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "load_balancer",
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1",
            "ServiceEndpoint.load_balancer",
        ),
        ("target_group", "targetgroup/api", "ServiceEndpoint.target_group"),
    ],
)
def test_endpoints_take_arn_suffixes_not_arns(field, value, message):
    fields = {"region": PRIMARY_REGION, "load_balancer": ENDPOINT.load_balancer, "target_group": ENDPOINT.target_group}
    with pytest.raises(ValueError, match=message):
        ServiceEndpoint(**{**fields, field: value})


def test_objectives_outside_the_range_are_refused():
    with pytest.raises(ValueError, match=r"Objective.availability_percent: must be 90-99.999 \(got 100\)"):
        Objective(availability_percent=100, latency_p99_ms=500)


THRESHOLDS = DatabaseThresholds(cpu_percent=80, freeable_memory_mib=1024, connections=1000, replica_lag_ms=1000)


def test_database_alarms_watch_the_cluster_and_its_readers():
    specs = {s.what: s for s in aurora_specs("mobile-prod-db", 2, THRESHOLDS)}
    assert set(specs) == {"db-cpu", "db-freeable-memory", "db-connections", "db-replica-lag"}
    assert specs["db-freeable-memory"].threshold == 1024 * 1024 * 1024
    assert specs["db-freeable-memory"].comparison == "LessThanThreshold"
    assert specs["db-cpu"].metric.dimensions == {"DBClusterIdentifier": "mobile-prod-db"}
    assert specs["db-replica-lag"].missing_data == "breaching"
    assert "db-replica-lag" not in {s.what for s in aurora_specs("mobile-dev-db", 0, THRESHOLDS)}
    assert {s.what for s in aurora_specs("db-dr", 0, THRESHOLDS, what_prefix="dr-")} == {
        "dr-db-cpu",
        "dr-db-freeable-memory",
        "dr-db-connections",
    }


def test_global_lag_alarms_at_a_share_of_the_rpo_through_metrics_insights():
    recorded = record(
        lambda: _alarm_set([aurora_global_lag_spec("mobile-prod-db-dr", rpo_minutes=1, percent_of_rpo=50)])
    )
    alarm = recorded.one(ALARM).inputs
    assert alarm["threshold"] == 30_000  # ms: half of one minute
    (query,) = alarm["metricQueries"]
    assert query["expression"] == (
        "SELECT MAX(AuroraGlobalDBReplicationLag) FROM \"AWS/RDS\" WHERE DBClusterIdentifier = 'mobile-prod-db-dr'"
    )
    assert alarm["treatMissingData"] == "breaching"


def test_cache_alarms_take_the_worst_member_node():
    recorded = record(
        lambda: _alarm_set(
            cache_specs(
                "mobile-prod-cache", 3, CacheThresholds(engine_cpu_percent=80, memory_percent=80, evictions=100)
            )
        )
    )
    cpu = alarms_by_name(recorded)["mobile-prod-page-cache-engine-cpu"]
    nodes = [q["metric"]["dimensions"]["CacheClusterId"] for q in cpu["metricQueries"] if "metric" in q]
    assert nodes == ["mobile-prod-cache-001", "mobile-prod-cache-002", "mobile-prod-cache-003"]
    assert cpu["metricQueries"][-1]["expression"] == "MAX([n1, n2, n3])"
    assert alarms_by_name(recorded)["mobile-prod-ticket-cache-evictions"]["treatMissingData"] == "notBreaching"


def test_cluster_alarms_watch_capacity_against_the_node_group_minimum():
    specs = {s.what: s for s in cluster_specs("mobile-prod-cluster", min_nodes=3, pending_pods_minutes=10)}
    assert specs["cluster-nodes-below-minimum"].threshold == 3
    assert specs["cluster-nodes-below-minimum"].missing_data == "breaching"
    assert specs["cluster-pending-pods"].evaluation_periods == 10
    assert "pod_status_pending" in specs["cluster-pending-pods"].queries[0].expression


def _alarm_set(specs):
    from components.observability.alarm_set import AlarmSet, AlarmSetArgs

    AlarmSet("set", AlarmSetArgs(route=ROUTE, specs=specs), opts=in_provider(provider()))


def test_dashboard_shows_each_slo_with_its_objective_as_a_line():
    args = DashboardArgs(
        dashboard_name="mobile-prod-slo",
        region=PRIMARY_REGION,
        dr_region="us-west-2",
        rpo_seconds=60,
        cache_nodes=3,
    )
    api = ServicePanel(
        name="api",
        namespace="api",
        error_budget=0.001,
        latency_p99_seconds=0.8,
        load_balancer=ENDPOINT.load_balancer,
        target_group=ENDPOINT.target_group,
    )
    body = json.loads(
        dashboard_body(
            args,
            {
                "services": [api, ServicePanel(name="worker", namespace="worker")],
                "cluster_name": "mobile-prod-cluster",
                "database_cluster_identifier": "mobile-prod-db",
                "cache_replication_group_id": "mobile-prod-cache",
                "dr_database_cluster_identifier": "mobile-prod-db-dr",
                "dr_cache_replication_group_id": None,
            },
        )
    )
    titles = {w["properties"]["title"]: w["properties"] for w in body["widgets"]}
    assert titles["api: 5xx ratio"]["annotations"]["horizontal"][0]["value"] == 0.001
    assert titles["api: p99 latency (s)"]["annotations"]["horizontal"][0]["value"] == 0.8
    assert "worker: 5xx ratio" not in titles and "worker: running pods" in titles
    assert titles["DR replication lag (us-west-2)"]["region"] == "us-west-2"
    assert titles["DR replication lag (us-west-2)"]["annotations"]["horizontal"][0]["value"] == 60_000
    positions = [(w["x"], w["y"]) for w in body["widgets"]]
    assert len(set(positions)) == len(positions)
