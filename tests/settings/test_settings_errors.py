"""Each kind of bad stack input gives its exact, one-line message, and all problems come at once."""

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from infra.settings.network import LOG_RETENTION_DAYS
from tests.settings.support import problems as settings_problems

SOURCE = "stacks/Pulumi.prod.yaml"


def problems(raw, region="us-east-1"):
    return settings_problems(raw, region, SOURCE)


def test_fails_when_prod_has_two_azs(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["network"]["az_count"] = 2
    assert problems(raw, region) == [f"{SOURCE}: network.az_count: must be >= 3 in prod (got 2)"]


def test_fails_when_prod_shares_one_nat(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["network"]["nat_gateways"] = "single"
    assert problems(raw, region) == [f"{SOURCE}: network.nat_gateways: must be 'one-per-az' in prod (got 'single')"]


def test_fails_when_prod_turns_deletion_protection_off(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["deletion_protection"] = False
    assert problems(raw, region) == [f"{SOURCE}: deletion_protection: must be true in prod (got False)"]


def test_fails_when_dr_region_equals_primary(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["dr"]["region"] = region
    assert problems(raw, region) == [
        f"{SOURCE}: dr.region: must differ from the primary region aws:region (us-east-1) (got 'us-east-1')"
    ]


def test_fails_when_prod_has_no_dr_strategy(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["dr"] = {"strategy": "none", "rpo_minutes": 1, "rto_minutes": 30}
    assert problems(raw, region) == [f"{SOURCE}: dr.strategy: must be one of ['warm-standby'] in prod (got 'none')"]


def test_fails_when_a_strategy_has_no_dr_region(shipped_settings):
    raw, region = shipped_settings("staging")
    del raw["dr"]["region"]
    assert problems(raw, region) == [f"{SOURCE}: dr.region: is required when strategy is 'backup-restore' (got None)"]


def test_fails_when_prod_rpo_is_looser_than_one_minute(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["dr"]["rpo_minutes"] = 15
    assert problems(raw, region) == [f"{SOURCE}: dr.rpo_minutes: must be <= 1 in prod (got 15)"]


def test_fails_when_key_deletion_window_is_short_in_prod(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["keys"]["deletion_window_days"] = 7
    assert problems(raw, region) == [f"{SOURCE}: keys.deletion_window_days: must be >= 30 in prod (got 7)"]


def test_fails_when_admin_role_is_not_a_role_arn(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["keys"]["admin_role_arns"] = ["arn:aws:iam::111122223333:user/alice"]
    assert problems(raw, region) == [
        f"{SOURCE}: keys.admin_role_arns[0]: must match "
        r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]+\Z (got 'arn:aws:iam::111122223333:user/alice')"
    ]


def test_fails_on_unknown_key_without_echoing_its_value(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["database_password"] = "hunter2-very-secret"
    lines = problems(raw, region)
    assert lines == [
        f"{SOURCE}: database_password: unknown key (check the spelling; allowed keys are listed in docs/settings.md)"
    ]
    assert "hunter2" not in "\n".join(lines)


def test_fails_on_missing_required_key(shipped_settings):
    raw, region = shipped_settings("dev")
    del raw["keys"]
    assert problems(raw, region) == [f"{SOURCE}: keys: is required"]


def test_fails_on_bad_region():
    lines = problems(
        {
            "environment": "dev",
            "app": "mobile",
            "account_id": "111122223333",
            "keys": {"admin_role_arns": ["arn:aws:iam::111122223333:role/deployer"]},
        },
        region="mars-1",
    )
    [line] = lines
    assert line.startswith(f"{SOURCE}: aws:region: must be an AWS region such as us-east-1 (botocore ")
    assert line.endswith("(got 'mars-1')")


def test_reports_every_problem_at_once(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["network"]["az_count"] = 2
    raw["keys"]["deletion_window_days"] = 60
    raw["dr"]["rto_minutes"] = 120
    raw["app"] = "Mobile App"
    assert problems(raw, region) == [
        f"{SOURCE}: app: must match ^[a-z](-?[a-z0-9])+\\Z (got 'Mobile App')",
        f"{SOURCE}: network.az_count: must be >= 3 in prod (got 2)",
        f"{SOURCE}: keys.deletion_window_days: must be <= 30 (got 60)",
        f"{SOURCE}: dr.rto_minutes: must be <= 30 in prod (got 120)",
    ]


def test_settings_that_are_not_a_mapping_are_rejected():
    assert problems(["environment", "dev"]) == [
        f"{SOURCE}: bulkhead:settings: must be a mapping of settings (got list)"
    ]


@given(az_count=st.integers().filter(lambda n: not 2 <= n <= 4))
@hypothesis_settings(max_examples=40, deadline=None)
def test_az_count_outside_2_to_4_is_rejected_with_its_bound(az_count):
    raw = {
        "environment": "dev",
        "app": "mobile",
        "account_id": "111122223333",
        "network": {"az_count": az_count},
        "keys": {"admin_role_arns": ["arn:aws:iam::111122223333:role/deployer"]},
    }
    bound = "must be >= 2" if az_count < 2 else "must be <= 4"
    assert problems(raw) == [f"{SOURCE}: network.az_count: {bound} (got {az_count})"]


@given(days=st.integers(min_value=0, max_value=4000).filter(lambda n: n not in LOG_RETENTION_DAYS))
@hypothesis_settings(max_examples=40, deadline=None)
def test_flow_log_retention_must_be_a_cloudwatch_value(days):
    raw = {
        "environment": "dev",
        "app": "mobile",
        "account_id": "111122223333",
        "network": {"flow_log_retention_days": days},
        "keys": {"admin_role_arns": ["arn:aws:iam::111122223333:role/deployer"]},
    }
    [line] = problems(raw)
    assert line.startswith(f"{SOURCE}: network.flow_log_retention_days: must be one of the CloudWatch Logs")
    assert line.endswith(f"(got {days})")


@given(
    key=st.sampled_from(["password", "auth_token", "client_secret", "private_key"]),
    value=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=8, max_size=30),
)
@hypothesis_settings(max_examples=30, deadline=None)
def test_secret_looking_values_are_never_echoed(key, value):
    raw = {
        "environment": "dev",
        "app": "mobile",
        "account_id": "111122223333",
        "network": {key: value},
        "keys": {"admin_role_arns": ["arn:aws:iam::111122223333:role/deployer"]},
    }
    [line] = problems(raw)
    assert line == (
        f"{SOURCE}: network.{key}: unknown key (check the spelling; allowed keys are listed in docs/settings.md)"
    )


def test_fails_when_a_dr_region_is_set_without_a_strategy(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["dr"]["region"] = "us-west-2"
    assert problems(raw, region) == [
        f"{SOURCE}: dr.region: is only used with a strategy other than 'none' (got 'us-west-2')"
    ]


def test_cross_field_problems_come_with_field_problems(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["cluster"]["nodes"]["min_size"] = "three"  # a field problem in the section...
    raw["cluster"]["addons"]["kube_proxy"] = "v1.35.0-eksbuild.1"  # ...and a cross-field one beside it
    raw["services"][0]["port"] = 80  # a field problem in another section...
    raw["secrets"]["app_secrets"][0]["rotation"]["lambda_arn"] = "arn:aws:lambda:us-west-2:111122223333:function:f"
    assert problems(raw, region) == [
        f"{SOURCE}: cluster.nodes.min_size: must be a whole number (without quotes) (got 'three')",
        f"{SOURCE}: cluster.addons.kube_proxy: must match the cluster version (v1.36.x) (got 'v1.35.0-eksbuild.1')",
        f"{SOURCE}: services[0].port: must be >= 1024 (got 80)",
        f"{SOURCE}: secrets.app_secrets[0].rotation.lambda_arn: must be a function in the stack's region "
        "us-east-1 (got 'arn:aws:lambda:us-west-2:111122223333:function:f')",
    ]


def test_a_check_that_needs_a_refused_field_is_skipped_not_guessed(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["cache"]["engine"] = "memcached"  # engine_version is checked against the engine: no guess at it
    assert problems(raw, region) == [f"{SOURCE}: cache.engine: must be one of 'valkey' or 'redis' (got 'memcached')"]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("deletion_protection",), "true", "must be true or false"),
        (("network", "az_count"), "3", "must be a whole number (without quotes)"),
        (("network", "az_count"), True, "must be a whole number"),
        (("database", "engine_version"), 16.8, "must be text (quote it)"),
        (("network",), ["a", "list"], "must be a mapping of keys to values"),
        (("keys", "admin_role_arns"), "arn:aws:iam::111122223333:role/x", "must be a list"),
    ],
)
def test_types_are_strict(shipped_settings, path, value, message):
    raw, region = shipped_settings("prod")
    parent = raw
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    [line] = problems(raw, region)
    assert line.startswith(f"{SOURCE}: {'.'.join(path)}: {message} (got ")


@pytest.mark.parametrize(
    "secret",
    [
        "AKIAQ7ZRX2M4WB9KT3NV",
        "k9Zq2Vx7Lr4Tw1Yp8Nb3Hs6Jd0Gf5Mc2Ea7Ru9Ob",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpQIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Xf0kTqW8pZ5\n"
        "-----END RSA PRIVATE KEY-----",
    ],
)
def test_secret_looking_values_are_withheld_wherever_they_are(shipped_settings, secret):
    raw, region = shipped_settings("prod")
    raw["network"]["cidr_block"] = secret  # a value echoed on its own
    raw["tags"] = [{"password": "hunter2-Correct-Horse"}, secret]  # a whole section echoed for its type
    lines = problems(raw, region)
    assert lines == [
        f"{SOURCE}: tags: must be a mapping of keys to values (got [{{'password': [secret]}}, [secret]])",
        f"{SOURCE}: network.cidr_block: must be a network in CIDR notation such as 203.0.113.0/24 "
        "(not a network in CIDR notation) (got [secret])",
    ]


def test_a_huge_value_is_cut_before_it_is_formatted(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["tags"] = [["x" * 100_000] * 100] * 100  # a billion characters if it were printed whole
    [line] = problems(raw, region)
    assert len(line) < 200 and line.endswith("...)")
