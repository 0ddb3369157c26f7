"""Policy config files: shipped environments, enforcement per category, validation errors."""

import json

import pytest

from policies.config import PolicyConfigError, default_config_path, load_config, parse_config
from policies.registry import RULES, by_name
from policies.rule import ENCRYPTION_CATEGORIES


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_shipped_config_loads_and_lists_every_exemption_with_a_reason(environment):
    config = load_config(default_config_path(environment))
    assert set(config.policies) == {rule.name for rule in RULES}
    assert all(len(e.reason) >= 10 for e in config.exemptions)
    assert not [e for e in config.exemptions if by_name()[e.policy].category in ENCRYPTION_CATEGORIES]


def test_dev_makes_availability_backup_and_governance_advisory_and_the_rest_mandatory():
    config = load_config(default_config_path("dev"))
    for rule in RULES:
        expected = "advisory" if rule.category in ("AV", "BDR", "GOV") else "mandatory"
        assert config.policies[rule.name].enforcement == expected, rule.name


@pytest.mark.parametrize("environment", ["staging", "prod"])
def test_staging_and_prod_make_everything_mandatory(environment):
    config = load_config(default_config_path(environment))
    assert {s.enforcement for s in config.policies.values()} == {"mandatory"}


def test_prod_thresholds_come_from_the_config_file():
    prod, dev = load_config(default_config_path("prod")), load_config(default_config_path("dev"))
    assert prod.policies["rds-backup-retention"].properties["minDays"] >= 14
    assert prod.policies["k8s-hpa-min-replicas"].properties["minReplicas"] >= 3
    assert prod.policies["global-replication"].properties["required"] is True
    assert dev.policies["rds-deletion-protection"].properties["required"] is False


def test_defaults_fill_unset_properties():
    config = parse_config({}, "empty")
    assert config.policies["rds-backup-retention"].properties == {"minDays": 7}
    assert config.policies["rds-backup-retention"].enforcement == "mandatory"


def test_all_key_sets_the_default_level_and_policies_override_it():
    config = parse_config({"all": "advisory", "rds-storage-encrypted": "mandatory"}, "x")
    assert config.policies["rds-storage-encrypted"].enforcement == "mandatory"
    assert config.policies["rds-backup-retention"].enforcement == "advisory"


def test_short_exemption_reason_is_rejected_naming_the_field():
    data = {"iam-no-wildcard-actions": {"exemptions": [{"resource": "x", "reason": "because"}]}}
    with pytest.raises(PolicyConfigError) as error:
        parse_config(data, "prod.json")
    assert "prod.json: iam-no-wildcard-actions.exemptions[0]" in str(error.value)
    assert "'because' is too short" in str(error.value)


def test_encryption_policies_cannot_be_exempted():
    data = {"rds-storage-encrypted": {"exemptions": [{"resource": "db", "reason": "legacy snapshot restore"}]}}
    with pytest.raises(PolicyConfigError, match="rds-storage-encrypted.exemptions: EaR .encryption. policies cannot"):
        parse_config(data, "prod.json")


def test_every_problem_is_reported_at_once():
    data = {"all": "strict", "no-such-policy": "advisory", "rds-backup-retention": {"minDays": 60, "typo": 1}}
    with pytest.raises(PolicyConfigError) as error:
        parse_config(data, "c.json")
    lines = str(error.value).splitlines()
    assert 'c.json: all: must be one of mandatory, advisory, disabled (got "strict")' in lines
    assert "c.json: no-such-policy: unknown policy (run `bulkhead policy list` for the names)" in lines
    assert "c.json: rds-backup-retention.minDays: 60 is greater than the maximum of 35" in lines
    assert any(line.startswith("c.json: rds-backup-retention.typo: unknown property") for line in lines)


def test_unreadable_and_invalid_files_give_clear_errors(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "all": mandatory\n}')
    with pytest.raises(PolicyConfigError, match=r"broken.json: invalid JSON at line 2"):
        load_config(broken)
    with pytest.raises(PolicyConfigError, match="cannot read policy config"):
        load_config(tmp_path / "missing.json")
    with pytest.raises(PolicyConfigError, match="environment: must be one of dev, staging, prod .got 'qa'."):
        default_config_path("qa")


def test_config_files_are_plain_pulumi_policy_pack_configs():
    # `--policy-pack-config` accepts "<level>" or {"enforcementLevel": ..., <props>} per policy.
    for environment in ("dev", "staging", "prod"):
        data = json.loads(default_config_path(environment).read_text())
        for key, value in data.items():
            assert key == "all" or key in by_name()
            assert isinstance(value, str | dict)
