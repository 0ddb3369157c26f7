"""Data-tier settings: shipped values, environment floors, clear errors, cross-section checks."""

import pytest

from infra.settings import validate_settings
from tests.settings.support import problems

SOURCE = "stacks/Pulumi.test.yaml"


def problems_of(raw: dict, region: str) -> list[str]:
    return problems(raw, region, SOURCE)


@pytest.mark.parametrize(
    ("environment", "readers", "nodes", "window"),
    [
        ("dev", 0, 1, 7),
        ("staging", 1, 2, 14),
        ("prod", 2, 3, 30),
    ],
)
def test_shipped_stacks_declare_the_design_table(shipped_settings, environment, readers, nodes, window):
    settings = validate_settings(*shipped_settings(environment), SOURCE)
    assert settings.database is not None and settings.database.readers == readers
    assert settings.cache is not None and settings.cache.nodes == nodes
    assert settings.secrets.recovery_window_days == window
    assert (settings.database.reader_autoscaling is not None) == (environment == "prod")


def test_prod_floors_are_all_reported_at_once(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["database"].update(
        readers=1,
        backup_retention_days=14,
        final_snapshot=False,
        instance_class="db.t4g.medium",
        log_retention_days=90,
    )
    del raw["database"]["reader_autoscaling"]
    raw["cache"].update(nodes=2, snapshot_retention_days=1, node_type="cache.t4g.small", final_snapshot=False)
    raw["secrets"]["recovery_window_days"] = 7
    assert sorted(problems_of(raw, region)) == sorted(
        [
            f"{SOURCE}: database.readers: must be >= 2 in prod (got 1)",
            f"{SOURCE}: database.backup_retention_days: must be >= 35 in prod (got 14)",
            f"{SOURCE}: database.log_retention_days: must be >= 365 in prod (got 90)",
            f"{SOURCE}: database.final_snapshot: must be true in prod (got False)",
            f"{SOURCE}: database.reader_autoscaling: is required in prod (got None)",
            f"{SOURCE}: database.instance_class: must not be a burstable (db.t*) class in prod (got 'db.t4g.medium')",
            f"{SOURCE}: cache.nodes: must be >= 3 in prod (got 2)",
            f"{SOURCE}: cache.snapshot_retention_days: must be >= 7 in prod (got 1)",
            f"{SOURCE}: cache.final_snapshot: must be true in prod (got False)",
            f"{SOURCE}: cache.node_type: must not be a burstable (cache.t*) type in prod (got 'cache.t4g.small')",
            f"{SOURCE}: secrets.recovery_window_days: must be >= 30 in prod (got 7)",
        ]
    )


def test_staging_needs_a_reader_and_a_replica(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["database"]["readers"] = 0
    raw["cache"]["nodes"] = 1
    assert sorted(problems_of(raw, region)) == [
        f"{SOURCE}: cache.nodes: must be >= 2 in staging (got 1)",
        f"{SOURCE}: database.readers: must be >= 1 in staging (got 0)",
    ]


@pytest.mark.parametrize(
    ("section", "key", "value", "expected"),
    [
        (
            "database",
            "instance_class",
            "db.m5.large",
            "database.instance_class: must be an Aurora PostgreSQL instance class",
        ),
        (
            "database",
            "engine_version",
            "13.9",
            "database.engine_version: must be an Aurora PostgreSQL version",
        ),
        ("database", "backup_retention_days", 36, "database.backup_retention_days: must be <= 35 (got 36)"),
        ("database", "backup_retention_days", 0, "database.backup_retention_days: must be >= 1 (got 0)"),
        (
            "database",
            "monitoring_interval",
            0,
            "database.monitoring_interval: must be one of [1, 5, 10, 15, 30, 60]",
        ),
        ("database", "master_username", "postgres", "database.master_username: must not be a well-known"),
        (
            "database",
            "log_retention_days",
            45,
            "database.log_retention_days: must be one of the CloudWatch Logs",
        ),
        ("database", "instance_class", "db.serverless", "database.serverless: is required exactly when"),
        ("cache", "engine", "memcached", "cache.engine: must be one of 'valkey' or 'redis'"),
        (
            "cache",
            "engine_version",
            "6.2",
            "cache.engine_version: must be one of ['7.2', '8.0', '8.1'] for valkey",
        ),
        (
            "cache",
            "node_type",
            "r7g.large",
            "cache.node_type: must be an ElastiCache node type such as cache.r7g.large",
        ),
        ("cache", "node_type", "cache.t3.large", "(got 'cache.t3.large')"),
        ("database", "engine_version", "16.99", "database.engine_version: is not an Aurora PostgreSQL 16 version"),
        ("cache", "nodes", 7, "cache.nodes: must be <= 6 (got 7)"),
        ("secrets", "recovery_window_days", 31, "secrets.recovery_window_days: must be <= 30"),
    ],
)
def test_bad_values_name_field_value_and_range(shipped_settings, section, key, value, expected):
    raw, region = shipped_settings("dev")
    raw[section][key] = value
    problems = problems_of(raw, region)
    assert any(expected in problem for problem in problems), problems


def test_readers_must_fit_the_availability_zones(shipped_settings):
    raw, region = shipped_settings("dev")  # two AZs
    raw["database"]["readers"] = 2
    assert problems_of(raw, region) == [
        f"{SOURCE}: database.readers: every instance needs its own AZ: at most 1 reader(s) over "
        "network.az_count 2 (got 2)"
    ]


def test_secret_names_must_be_unique(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["secrets"]["app_secrets"].append({"name": "payments-api-key"})
    assert problems_of(raw, region) == [
        f"{SOURCE}: secrets.app_secrets[2].name: must be unique (got 'payments-api-key')"
    ]


def test_rotation_is_bounded(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["secrets"]["app_secrets"][0]["rotation"]["every_days"] = 120
    assert problems_of(raw, region) == [
        f"{SOURCE}: secrets.app_secrets[0].rotation.every_days: must be <= 90 (got 120)"
    ]  # `secret` paths never echo


def test_services_must_name_secrets_and_stores_that_exist(shipped_settings):
    raw, region = shipped_settings("staging")
    del raw["cache"]
    raw["secrets"]["app_secrets"] = [s for s in raw["secrets"]["app_secrets"] if s["name"] != "payments-api-key"]
    raw["services"][0]["needs"].update(secrets=["payments-api-key"], database_user="bulkhead_admin")
    problems = problems_of(raw, region)
    assert (
        f"{SOURCE}: services[0].needs.secrets: names an unknown secret; "
        "secrets.app_secrets has ['push-signing-key'] (got 'payments-api-key')" in problems
    )
    assert f"{SOURCE}: services[0].needs.database_user: must not be the master user (got 'bulkhead_admin')" in problems
    assert f"{SOURCE}: services[0].needs.cache: needs a `cache:` section (got True)" in problems


def test_sections_are_optional_and_default_to_none(shipped_settings):
    raw, region = shipped_settings("dev")
    for section in (
        "database",
        "cache",
        "secrets",
        "services",
        "queues",
        "releases",
        "rollout",
        "front_door",
        "identity",
    ):
        del raw[section]
    settings = validate_settings(raw, region, SOURCE)
    assert settings.database is None and settings.cache is None and settings.secrets.app_secrets == ()
    assert settings.queues == () and settings.releases is None
    assert (settings.rollout.progress_deadline_seconds, settings.rollout.min_ready_seconds) == (600, 10)


def test_an_application_rotation_function_must_be_in_the_stacks_region_and_account(shipped_settings):
    raw, region = shipped_settings("dev")
    elsewhere = "arn:aws:lambda:eu-west-1:999988887777:function:payments-key-rotation"
    raw["secrets"]["app_secrets"][0]["rotation"]["lambda_arn"] = elsewhere
    path = f"{SOURCE}: secrets.app_secrets[0].rotation.lambda_arn"
    assert problems_of(raw, region) == [
        f"{path}: must be a function in the stack's region us-east-1 (got {elsewhere!r})",
        f"{path}: must be a function in the stack's account 111122223333 (got {elsewhere!r})",
    ]


def test_the_master_rotation_needs_a_global_database_and_the_secrets_manager_endpoint(shipped_settings):
    raw, region = shipped_settings("dev")  # no DR strategy, no VPC endpoints
    raw["database"]["master_secret_rotation"] = {"every_days": 30}
    assert problems_of(raw, region) == [
        f"{SOURCE}: database.master_secret_rotation: is only used with dr.strategy pilot-light or warm-standby; "
        "otherwise RDS manages and rotates the master secret (dr.strategy is 'none') (got {'every_days': 30})",
        f"{SOURCE}: network.vpc_endpoints: must be true when database.master_secret_rotation is set: the rotation "
        "function runs in the isolated subnets and reaches Secrets Manager only through its VPC endpoint (got False)",
    ]


def test_the_master_rotation_takes_no_function_arn(shipped_settings):
    # The blueprint deploys AWS's rotation function itself: an ARN typed into the stack file is refused.
    raw, region = shipped_settings("prod")
    raw["database"]["master_secret_rotation"]["lambda_arn"] = "arn:aws:lambda:us-east-1:111122223333:function:x"
    [line] = problems_of(raw, region)
    assert line.startswith(f"{SOURCE}: database.master_secret_rotation.lambda_arn: unknown key")
