"""The DR section's strategy-dependent parts: the DR network and the warm-standby cluster."""

from tests.settings.support import problems


def test_warm_standby_needs_a_dr_network_and_a_standby_cluster(shipped_settings):
    raw, region = shipped_settings("prod")
    del raw["dr"]["network"], raw["dr"]["standby"]
    assert problems(raw, region, "stacks/Pulumi.prod.yaml") == [
        "stacks/Pulumi.prod.yaml: dr.network: is required when strategy is 'warm-standby' (got None)",
        "stacks/Pulumi.prod.yaml: dr.standby: is required when strategy is 'warm-standby' (got None)",
    ]


def test_backup_restore_has_no_standing_network_or_cluster(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["dr"]["network"] = {"cidr_block": "10.120.0.0/16"}
    raw["dr"]["standby"] = {"min_nodes": 2, "max_nodes": 4}
    assert problems(raw, region, "stacks/Pulumi.staging.yaml") == [
        "stacks/Pulumi.staging.yaml: dr.network: is only used with strategy pilot-light or warm-standby "
        "(got 'backup-restore')",
        "stacks/Pulumi.staging.yaml: dr.standby: is only used with strategy warm-standby (got 'backup-restore')",
    ]


def test_dr_network_meets_the_environment_floors_of_a_network(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["dr"]["network"]["az_count"] = 2
    assert problems(raw, region, "stacks/Pulumi.prod.yaml") == [
        "stacks/Pulumi.prod.yaml: dr.network.az_count: must be >= 3 in prod (got 2)"
    ]


def test_standby_keeps_at_least_two_nodes_and_min_not_above_max(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["dr"]["standby"] = {"min_nodes": 1, "max_nodes": 12}
    assert problems(raw, region, "stacks/Pulumi.prod.yaml") == [
        "stacks/Pulumi.prod.yaml: dr.standby.min_nodes: must be >= 2 (got 1)"
    ]
    raw["dr"]["standby"] = {"min_nodes": 6, "max_nodes": 4}
    assert problems(raw, region, "stacks/Pulumi.prod.yaml") == [
        "stacks/Pulumi.prod.yaml: dr.standby: min_nodes (6) must be <= max_nodes (4) "
        "(got {'min_nodes': 6, 'max_nodes': 4})"
    ]
