"""`backup verify`: recovery point freshness, DR copies and vault lock.

Vault checks run against moto (CreateBackupVault, PutBackupVaultLockConfiguration, DescribeBackupVault
are implemented in moto 5.2.5). moto has no recovery points (ListRecoveryPointsByBackupVault answers
404 "Not yet implemented"), so whole-runbook cases replay Stubber responses (see responses.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import boto3
from moto import mock_aws

from bulkhead.runbooks.backup_verify import BackupVerifier, backup_verify
from bulkhead.runbooks.outputs import parse_outputs
from tests.runbooks import responses
from tests.runbooks.support import EAST, NOW, PROD_OUTPUTS, WEST, TestClients

VAULT, DR_VAULT = "prod-backup", "prod-backup-dr"
VAULT_ARN = PROD_OUTPUTS["backup"]["vault_arn"]
DB_ARN, CACHE_ARN = PROD_OUTPUTS["backup"]["protected_resource_arns"]


def hours_ago(hours: float):
    return NOW - timedelta(hours=hours)


def snapshot(arn: str, hours: float, **kwargs: Any) -> dict[str, Any]:
    return responses.recovery_point(arn, VAULT, EAST, hours_ago(hours), **kwargs)


def copy(arn: str, hours: float) -> dict[str, Any]:
    return responses.recovery_point(arn, DR_VAULT, WEST, hours_ago(hours), copied_from=VAULT_ARN)


def stub_backup(
    clients: TestClients,
    primary: dict[str, list[dict[str, Any]]],
    dr: dict[str, list[dict[str, Any]]] | None,
    locked: bool = True,
) -> None:
    """Stub the calls in the order the runbook makes them on each regional client."""
    east = clients.stub("backup", EAST)
    east.add_response("describe_backup_vault", responses.backup_vault(VAULT, EAST, locked), {"BackupVaultName": VAULT})
    if dr is not None:
        clients.stub("backup", WEST).add_response(
            "describe_backup_vault",
            responses.backup_vault(DR_VAULT, WEST, False),
            {"BackupVaultName": DR_VAULT},
        )
    for arn, points in primary.items():
        east.add_response(
            "list_recovery_points_by_backup_vault",
            {"RecoveryPoints": points},
            {"BackupVaultName": VAULT, "ByResourceArn": arn},
        )
        if dr is not None:
            clients.stub("backup", WEST).add_response(
                "list_recovery_points_by_backup_vault",
                {"RecoveryPoints": dr[arn]},
                {"BackupVaultName": DR_VAULT, "ByResourceArn": arn},
            )


def verify(outputs: dict[str, Any], clients: TestClients, clock):
    return backup_verify(parse_outputs(outputs), clients, clock)


def test_prod_passes_with_pitr_fresh_cache_snapshot_dr_copies_and_lock(stubbed, clock, prod_outputs) -> None:
    stub_backup(
        stubbed,
        primary={
            DB_ARN: [snapshot(DB_ARN, 30), snapshot(DB_ARN, 400, continuous=True)],
            CACHE_ARN: [snapshot(CACHE_ARN, 28), snapshot(CACHE_ARN, 3)],
        },
        dr={DB_ARN: [copy(DB_ARN, 5)], CACHE_ARN: [copy(CACHE_ARN, 2)]},
    )
    report = verify(prod_outputs, stubbed, clock)
    assert report.ok, report.problems
    database, cache = report.items[2:]
    assert database.recovery_point["kind"] == "continuous"
    assert cache.recovery_point["completed_at"] == hours_ago(3).isoformat()  # the latest snapshot is chosen
    assert cache.dr_copy["completed_at"] == hours_ago(2).isoformat()


def test_prod_lists_every_gap(stubbed, clock, prod_outputs) -> None:
    stub_backup(
        stubbed,
        primary={
            # A fresh snapshot does not give a 1-minute RPO: continuous backup has been stopped.
            DB_ARN: [snapshot(DB_ARN, 400, continuous=True, status="STOPPED"), snapshot(DB_ARN, 1)],
            CACHE_ARN: [snapshot(CACHE_ARN, 30), snapshot(CACHE_ARN, 2, status="PARTIAL")],
        },
        dr={DB_ARN: [], CACHE_ARN: [copy(CACHE_ARN, 2)]},
        locked=False,
    )
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == [
        "primary vault prod-backup: vault lock is off; environment prod requires a compliance-mode vault lock",
        f"{DB_ARN}: no active continuous (point-in-time) recovery point in vault prod-backup; "
        "an RPO of 1 min needs continuous backup",
        f"{DB_ARN}: no completed recovery point in DR vault prod-backup-dr (us-west-2)",
        f"{CACHE_ARN}: latest completed recovery point in vault prod-backup is 30.0 h old, "
        "older than the 1440 min window",
    ]


def test_day_long_rpo_needs_a_snapshot_within_the_rpo_and_no_lock(stubbed, clock, prod_outputs) -> None:
    prod_outputs.update(environment="staging", rpo_minutes=1440, rto_minutes=480)
    stub_backup(
        stubbed,
        primary={
            DB_ARN: [snapshot(DB_ARN, 20)],
            # Continuous recovery points only count for sub-day RPOs.
            CACHE_ARN: [snapshot(CACHE_ARN, 25), snapshot(CACHE_ARN, 400, continuous=True)],
        },
        dr={DB_ARN: [copy(DB_ARN, 19)], CACHE_ARN: [copy(CACHE_ARN, 24.5)]},
        locked=False,
    )
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == [
        f"{CACHE_ARN}: latest completed recovery point in vault prod-backup is 25.0 h old, "
        "older than the 1440 min window",
        f"{CACHE_ARN}: latest completed recovery point in DR vault prod-backup-dr (us-west-2) is 24.5 h old, "
        "older than the 1440 min window",
    ]


def test_follows_next_token_pages(stubbed, clock, prod_outputs) -> None:
    prod_outputs.update(environment="dev", dr_region=None, rpo_minutes=1440)
    prod_outputs["databases"][0].update(global_cluster_identifier=None, dr_cluster_arn=None)
    prod_outputs["caches"][0].update(global_replication_group_id=None, dr_replication_group_id=None)
    prod_outputs["backup"].update(dr_vault_name=None, dr_vault_arn=None, protected_resource_arns=[DB_ARN])
    east = stubbed.stub("backup", EAST)
    east.add_response("describe_backup_vault", responses.backup_vault(VAULT, EAST, False), {"BackupVaultName": VAULT})
    query = {"BackupVaultName": VAULT, "ByResourceArn": DB_ARN}
    east.add_response(
        "list_recovery_points_by_backup_vault",
        {"RecoveryPoints": [snapshot(DB_ARN, 50)], "NextToken": "page-2"},
        query,
    )
    east.add_response(
        "list_recovery_points_by_backup_vault",
        {"RecoveryPoints": [snapshot(DB_ARN, 6)]},
        {**query, "NextToken": "page-2"},
    )
    report = verify(prod_outputs, stubbed, clock)
    assert report.ok, report.problems
    assert report.items[1].recovery_point["completed_at"] == hours_ago(6).isoformat()


def test_api_errors_become_gaps_naming_api_and_code(stubbed, clock, prod_outputs) -> None:
    prod_outputs["backup"]["protected_resource_arns"] = [DB_ARN]
    stubbed.stub("backup", EAST).add_response(
        "describe_backup_vault", responses.backup_vault(VAULT, EAST, True), {"BackupVaultName": VAULT}
    )
    stubbed.stub("backup", WEST).add_response(
        "describe_backup_vault", responses.backup_vault(DR_VAULT, WEST, False), {"BackupVaultName": DR_VAULT}
    )
    stubbed.stub("backup", EAST).add_client_error(
        "list_recovery_points_by_backup_vault",
        service_error_code="AccessDeniedException",
        service_message="User is not authorized to perform: backup:ListRecoveryPointsByBackupVault",
        http_status_code=403,
    )
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == [
        f"{DB_ARN}: ListRecoveryPointsByBackupVault in us-east-1 failed: AccessDeniedException: "
        "User is not authorized to perform: backup:ListRecoveryPointsByBackupVault"
    ]


def test_vault_lock_and_missing_vaults_against_moto(mixed, clock, prod_outputs) -> None:
    verifier = BackupVerifier(parse_outputs(prod_outputs), mixed, clock)
    with mock_aws():
        backup = boto3.client("backup", EAST)
        backup.create_backup_vault(BackupVaultName=VAULT)
        unlocked = verifier.vault("primary", VAULT, EAST, lock_required=True)
        backup.put_backup_vault_lock_configuration(
            BackupVaultName=VAULT, MinRetentionDays=35, MaxRetentionDays=3650, ChangeableForDays=3
        )
        locked = verifier.vault("primary", VAULT, EAST, lock_required=True)
        missing = verifier.vault("dr", DR_VAULT, WEST, lock_required=False)
    assert (unlocked.locked, unlocked.problems) == (
        False,
        ["vault lock is off; environment prod requires a compliance-mode vault lock"],
    )
    assert (locked.locked, locked.problems) == (True, [])
    assert missing.problems == ["DescribeBackupVault in us-west-2 failed: ResourceNotFoundException: prod-backup-dr"]


def test_lock_still_in_its_grace_period_is_noted(stubbed, clock, prod_outputs) -> None:
    lock_date = NOW + timedelta(days=2)
    stubbed.stub("backup", EAST).add_response(
        "describe_backup_vault",
        responses.backup_vault(VAULT, EAST, True, lock_date=lock_date),
        {"BackupVaultName": VAULT},
    )
    check = BackupVerifier(parse_outputs(prod_outputs), stubbed, clock).vault("primary", VAULT, EAST, True)
    assert (check.locked, check.problems) == (True, [])
    assert check.notes == [f"lock can still be removed until {lock_date.isoformat()} (compliance grace period)"]
