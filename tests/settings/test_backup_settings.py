"""The backup section: shipped values, environment floors and exact messages for bad input."""

import pytest

from tests.settings.support import PROD, shipped_stack
from tests.settings.support import problems as settings_problems


def problems(raw, region, source=PROD):
    return settings_problems(raw, region, source)


@pytest.mark.parametrize(
    ("environment", "retention", "copy_retention", "locked"),
    [("dev", 7, 7, False), ("staging", 14, 14, False), ("prod", 35, 35, True)],
)
def test_shipped_backup_sections(environment, retention, copy_retention, locked):
    backup = shipped_stack(environment).backup
    assert (backup.retention_days, backup.copy_retention_days, backup.vault_lock) == (
        retention,
        copy_retention,
        locked,
    )
    assert backup.schedule == "cron(0 5 ? * * *)"


def test_prod_requires_35_days_continuous_backup_vault_lock_and_restore_tests(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["backup"].update(
        retention_days=14,
        dr_copy_retention_days=7,
        continuous_backup=False,
        vault_lock=False,
        restore_testing=False,
    )
    assert problems(raw, region) == [
        "stacks/Pulumi.prod.yaml: backup.retention_days: must be >= 35 in prod (got 14)",
        "stacks/Pulumi.prod.yaml: backup.dr_copy_retention_days: must be >= 35 in prod (got 7)",
        "stacks/Pulumi.prod.yaml: backup.continuous_backup: must be true in prod (got False)",
        "stacks/Pulumi.prod.yaml: backup.vault_lock: must be true in prod (got False)",
        "stacks/Pulumi.prod.yaml: backup.restore_testing: must be true in prod (got False)",
    ]


def test_staging_keeps_at_least_14_days(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["backup"]["retention_days"] = 7
    assert problems(raw, region, "stacks/Pulumi.staging.yaml") == [
        "stacks/Pulumi.staging.yaml: backup.retention_days: must be >= 14 in staging (got 7)"
    ]


def test_schedule_must_run_at_least_daily(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["backup"]["schedule"] = "cron(0 5 ? * SUN *)"
    assert problems(raw, region, "stacks/Pulumi.dev.yaml") == [
        "stacks/Pulumi.dev.yaml: backup.schedule: must run at least daily (runs up to 10080 minutes apart) "
        "(got 'cron(0 5 ? * SUN *)')"
    ]


def test_schedule_must_be_an_aws_cron_expression(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["backup"]["schedule"] = "0 5 * * *"
    assert problems(raw, region, "stacks/Pulumi.dev.yaml") == [
        "stacks/Pulumi.dev.yaml: backup.schedule: '0 5 * * *': must be an AWS cron expression such as "
        "'cron(0 5 ? * * *)' (got '0 5 * * *')"
    ]


def test_compliance_lock_grace_time_is_at_least_3_days(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["backup"]["vault_lock_changeable_for_days"] = 1
    assert problems(raw, region) == [
        "stacks/Pulumi.prod.yaml: backup.vault_lock_changeable_for_days: must be >= 3 (got 1)"
    ]


def test_unknown_backup_key_is_rejected(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["backup"]["retention"] = 7
    assert problems(raw, region, "stacks/Pulumi.dev.yaml") == [
        "stacks/Pulumi.dev.yaml: backup.retention: unknown key (check the spelling; allowed "
        "keys are listed in "
        "docs/settings.md)"
    ]
