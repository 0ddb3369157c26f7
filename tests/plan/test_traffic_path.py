"""The traffic half of the DR posture: detection, DNS TTL and standby capacity in the achieved RTO."""

from bulkhead.plan import traffic_path as t
from bulkhead.plan.posture import compute_posture, failures, render_text
from tests.plan.test_posture import DR, PRIMARY, dr_site, global_cache, global_database, plan, rec
from tests.support import shipped_plan

ALB_EAST = {"name": "edge-1.us-east-1.elb.amazonaws.com", "zoneId": "Z35SXDOTRQ7X7K", "evaluateTargetHealth": True}
ALB_WEST = {"name": "edge-2.us-west-2.elb.amazonaws.com", "zoneId": "Z1H1FL5HABSF5", "evaluateTargetHealth": True}


def node_group(region: str, min_size: int):
    return rec(t.NODE_GROUP_TYPE, f"nodes-{region}", region, {"scalingConfig": {"minSize": min_size}})


def failover_records(interval: int = 10, threshold: int = 3) -> list:
    check = rec(
        t.HEALTH_CHECK_TYPE,
        "health",
        PRIMARY,
        {"requestInterval": interval, "failureThreshold": threshold},
        {"id": "hc-1"},
    )
    primary = rec(
        t.RECORD_TYPE,
        "api-primary",
        PRIMARY,
        {"aliases": [ALB_EAST], "failoverRoutingPolicies": [{"type": "PRIMARY"}], "healthCheckId": "hc-1"},
    )
    secondary = rec(
        t.RECORD_TYPE,
        "api-secondary",
        PRIMARY,
        {"aliases": [ALB_WEST], "failoverRoutingPolicies": [{"type": "SECONDARY"}]},
    )
    return [check, primary, secondary]


def warm_standby(standby_nodes: int, *records) -> list:
    return (
        global_database()
        + global_cache()
        + dr_site(compute=True)
        + [node_group(PRIMARY, 3), node_group(DR, standby_nodes)]
        + list(records)
    )


def test_failover_rto_is_detection_then_the_slower_of_promotion_and_scale_out_then_a_ttl():
    posture = compute_posture(plan(warm_standby(2, *failover_records())))
    traffic = posture.traffic
    assert (traffic.routing, traffic.detection_seconds, traffic.dns_ttl_seconds) == ("failover", 30, 60)
    scale_out = t.HPA_REACTION_MINUTES + t.NODE_PROVISIONING_MINUTES + t.POD_READY_MINUTES
    assert traffic.capacity_minutes == scale_out
    assert posture.achieved_rto_minutes == 1 + max(posture.data_store_rto_minutes, scale_out) + 1
    assert failures(posture) == []


def test_a_standby_already_at_the_primary_floor_adds_no_scale_out():
    posture = compute_posture(plan(warm_standby(3, *failover_records())))
    assert posture.traffic.capacity_minutes == 0
    assert posture.achieved_rto_minutes == 1 + posture.data_store_rto_minutes + 1


def test_slow_detection_and_scale_out_can_miss_a_tight_rto():
    posture = compute_posture(plan(warm_standby(2, *failover_records(interval=30, threshold=10)), rto=10))
    assert posture.traffic.detection_seconds == 300
    assert posture.achieved_rto_minutes == 5 + 8 + 1
    [message] = failures(posture)
    assert message.startswith("traffic: clients reach us-west-2 after 14 min (data stores 5 min, failover routing;")
    assert message.endswith("the RTO target is 10 min")
    assert "traffic: failover routing" in render_text(posture) and "[MISSES TARGET]" in render_text(posture)


def test_a_simple_record_needs_people_to_notice_and_repoint():
    simple = rec(t.RECORD_TYPE, "api", PRIMARY, {"aliases": [ALB_EAST]})
    posture = compute_posture(plan(warm_standby(3, simple)))
    assert posture.traffic.routing == "simple" and posture.traffic.repoint_minutes == t.MANUAL_REPOINT_MINUTES
    assert posture.achieved_rto_minutes == (
        t.MANUAL_DETECTION_MINUTES + posture.data_store_rto_minutes + t.MANUAL_REPOINT_MINUTES + 1
    )


def test_without_a_public_record_there_is_no_traffic_path():
    posture = compute_posture(plan(warm_standby(2)))
    assert posture.traffic is None and posture.achieved_rto_minutes is None


def test_prod_achieved_rto_counts_the_traffic_path_and_meets_30_minutes():
    posture = compute_posture(shipped_plan("prod"))
    assert posture.traffic.routing == "failover" and posture.traffic.detection_seconds == 30
    assert (posture.traffic.standby_nodes, posture.traffic.primary_nodes) == (2, 3)
    assert posture.data_store_rto_minutes < posture.achieved_rto_minutes <= 30
