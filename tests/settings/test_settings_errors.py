"""Each kind of bad stack input gives its exact, one-line message, and all problems come at once."""

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
        r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]+$ (got 'arn:aws:iam::111122223333:user/alice')"
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
    assert lines == [f"{SOURCE}: aws:region: must match ^[a-z]{{2}}(-gov)?-[a-z]+-\\d$ (got 'mars-1')"]


def test_reports_every_problem_at_once(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["network"]["az_count"] = 2
    raw["keys"]["deletion_window_days"] = 60
    raw["dr"]["rto_minutes"] = 120
    raw["app"] = "Mobile App"
    assert problems(raw, region) == [
        f"{SOURCE}: app: must match ^[a-z][a-z0-9-]{{1,19}}$ (got 'Mobile App')",
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
