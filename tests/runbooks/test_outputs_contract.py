"""The stack outputs contract: what the runbooks accept, and the errors on-call sees otherwise."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from bulkhead.runbooks.outputs import OutputsError, load_outputs, parse_outputs


def _errors(data: Any) -> list[str]:
    with pytest.raises(OutputsError) as excinfo:
        parse_outputs(data, "prod.json")
    return str(excinfo.value).splitlines()


def test_parses_prod_outputs_and_ignores_unknown_keys(prod_outputs: dict[str, Any]) -> None:
    outputs = parse_outputs(prod_outputs)
    assert outputs.regions() == ["us-east-1", "us-west-2"]
    assert outputs.databases[0].global_cluster_identifier == "prod-app-global"
    assert outputs.caches[0].dr_replication_group_id == "prod-sessions-dr"
    assert outputs.backup.schedule_gap_minutes == 24 * 60
    assert outputs.backup.dr_vault_lock.min_retention_days == 35
    assert [service.namespace for service in outputs.services] == ["api"]
    assert not hasattr(outputs, "vpc_id")


def dev(outputs: dict[str, Any]) -> dict[str, Any]:
    outputs.update(environment="dev", dr_strategy="none", dr_region=None, rpo_minutes=1440, rto_minutes=None)
    outputs["databases"][0].update(global_cluster_identifier=None, dr_cluster_arn=None)
    outputs["caches"][0].update(global_replication_group_id=None, dr_replication_group_id=None)
    outputs["backup"].update(dr_vault_name=None, dr_vault_arn=None, vault_lock=None, dr_vault_lock=None)
    return outputs


def test_environment_without_dr_region_parses_with_null_dr_fields(prod_outputs: dict[str, Any]) -> None:
    assert parse_outputs(dev(prod_outputs)).regions() == ["us-east-1"]


def test_a_stack_without_a_database_has_no_backup_key(prod_outputs: dict[str, Any]) -> None:
    outputs = dev(prod_outputs)
    del outputs["backup"]
    outputs["databases"] = []
    assert parse_outputs(outputs).backup is None


@pytest.mark.parametrize("name", ["Prod", "PROD", "prod ", "production"])
def test_environment_names_are_matched_exactly(prod_outputs: dict[str, Any], name: str) -> None:
    """A `Prod` file must not slip past the prod-only checks: it is refused."""
    prod_outputs["environment"] = name
    assert _errors(prod_outputs) == [
        f"prod.json: environment: Input should be 'dev', 'staging' or 'prod' (got {name!r})"
    ]


def test_a_prod_file_must_list_what_prod_requires(prod_outputs: dict[str, Any]) -> None:
    """Every requirement at once, so a truncated or hand-edited file never makes a runbook check nothing."""
    prod_outputs.update(databases=[], caches=[], rto_minutes=None)
    prod_outputs["backup"].update(vault_lock=None, dr_vault_lock=None)
    assert _errors(prod_outputs) == [
        "prod.json: databases, caches: a prod outputs file lists at least one data store (got none): "
        "is this the whole `pulumi stack output --json` of the prod stack?",
        "prod.json: rto_minutes: required in prod (got None)",
        "prod.json: backup.vault_lock: required in prod, which locks its vaults (got None)",
        "prod.json: backup.dr_vault_lock: required in prod, which locks its vaults (got None)",
    ]


def test_prod_needs_its_database_backup_and_its_strategy(prod_outputs: dict[str, Any]) -> None:
    prod_outputs["dr_strategy"] = "backup-restore"
    del prod_outputs["backup"]
    assert _errors(prod_outputs) == [
        "prod.json: dr_strategy: must be one of ['warm-standby'] in prod (got 'backup-restore')",
        "prod.json: backup: required in prod when the stack has a database (got None)",
    ]


def test_a_replicating_strategy_needs_every_store_replicated(prod_outputs: dict[str, Any]) -> None:
    prod_outputs["databases"][0].update(global_cluster_identifier=None, dr_cluster_arn=None)
    prod_outputs["caches"][0].update(global_replication_group_id=None, dr_replication_group_id=None)
    prod_outputs["backup"].update(dr_vault_name=None, dr_vault_arn=None)
    assert _errors(prod_outputs) == [
        "prod.json: databases[0].global_cluster_identifier: required with dr_strategy warm-standby (got None)",
        "prod.json: caches[0].global_replication_group_id: required with dr_strategy warm-standby (got None)",
        "prod.json: backup.dr_vault_name: required with dr_strategy warm-standby (got None)",
    ]


def test_the_backup_schedule_must_be_an_aws_cron_expression(prod_outputs: dict[str, Any]) -> None:
    prod_outputs["backup"]["schedule"] = "rate(1 day)"
    (message,) = _errors(prod_outputs)
    assert message.startswith("prod.json: backup.schedule: 'rate(1 day)': must be an AWS cron expression")


def test_reports_every_missing_key_and_wrong_type_at_once(prod_outputs: dict[str, Any]) -> None:
    del prod_outputs["primary_region"]
    del prod_outputs["databases"][0]["cluster_arn"]
    prod_outputs["rpo_minutes"] = "1"
    prod_outputs["caches"] = {"name": "sessions"}
    assert _errors(prod_outputs) == [
        "prod.json: primary_region: missing required key",
        "prod.json: rpo_minutes: Input should be a valid integer (got '1')",
        "prod.json: databases[0].cluster_arn: missing required key",
        "prod.json: caches: Input should be a valid list (got {'name': 'sessions'})",
    ]


def test_rejects_a_dr_cluster_without_its_global_cluster(prod_outputs: dict[str, Any]) -> None:
    prod_outputs["databases"][0]["global_cluster_identifier"] = None
    assert _errors(prod_outputs) == [
        "prod.json: databases[0]: global_cluster_identifier and dr_cluster_arn must be both set or both null "
        "(got None and 'arn:aws:rds:us-west-2:111122223333:cluster:prod-app-db-dr')"
    ]


def test_rejects_arns_in_the_wrong_region(prod_outputs: dict[str, Any]) -> None:
    prod_outputs["databases"][0]["dr_cluster_arn"] = "arn:aws:rds:eu-west-1:111122223333:cluster:prod-app-db-dr"
    prod_outputs["backup"]["vault_arn"] = "arn:aws:backup:us-west-2:111122223333:backup-vault:prod-backup"
    (message,) = _errors(prod_outputs)
    assert "databases[0].dr_cluster_arn: must be in region us-west-2" in message
    assert "backup.vault_arn: must be in region us-east-1" in message


def test_rejects_dr_region_equal_to_primary_and_bad_region_names(prod_outputs: dict[str, Any]) -> None:
    prod_outputs["dr_region"] = "us-east-1"
    assert "dr_region: must differ from primary_region (got 'us-east-1')" in _errors(prod_outputs)[0]
    prod_outputs["dr_region"] = "US West 2"
    assert _errors(prod_outputs)[0].startswith("prod.json: dr_region: String should match pattern")


def test_rejects_a_non_positive_rpo(prod_outputs: dict[str, Any]) -> None:
    prod_outputs["rpo_minutes"] = 0
    assert _errors(prod_outputs) == ["prod.json: rpo_minutes: Input should be greater than or equal to 1 (got 0)"]


def test_loads_from_a_file_and_from_stdin(tmp_path, prod_outputs: dict[str, Any]) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(prod_outputs))
    assert load_outputs(str(path)).environment == "prod"
    assert load_outputs("-", io.StringIO(json.dumps(prod_outputs))).environment == "prod"


def test_unreadable_or_non_json_files_give_one_clear_error(tmp_path) -> None:
    with pytest.raises(OutputsError, match=r"missing\.json: cannot read outputs file: No such file"):
        load_outputs(str(tmp_path / "missing.json"))
    with pytest.raises(OutputsError, match=r"<stdin>: not valid JSON \(line 1, column 1.*pulumi stack output"):
        load_outputs("-", io.StringIO("Current stack outputs (3):"))
