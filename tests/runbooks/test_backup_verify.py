"""`backup verify`: compliance-mode locks on both vaults, freshness from the schedule, continuous backup
against the cluster's latest restorable time, DR copies matched to their source vault, cache snapshots.

moto 5.2.5 implements DescribeBackupVault with vault lock (governance without a lock date, compliance
with one), DescribeDBClusters (`LatestRestorableTime` is the server's now) and ElastiCache manual
snapshots (without node snapshot times), so those run against moto. It has no recovery points
(ListRecoveryPointsByBackupVault answers 404 "Not yet implemented") and no automatic cache snapshots:
whole-runbook cases replay Stubber responses validated against the service models (responses.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from moto import mock_aws

from bulkhead.runbooks.backup_verify import BackupVerifier, backup_verify
from bulkhead.runbooks.outputs import VaultLockOutput, parse_outputs
from tests.runbooks import responses
from tests.runbooks.support import EAST, NOW, PROD_OUTPUTS, WEST, FakeClock, TestClients

VAULT, DR_VAULT = "prod-backup", "prod-backup-dr"
VAULT_ARN = PROD_OUTPUTS["backup"]["vault_arn"]
(DB_ARN,) = PROD_OUTPUTS["backup"]["protected_resource_arns"]
LOCK = VaultLockOutput(min_retention_days=35, max_retention_days=35)


def hours_ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def snapshot(hours: float, **kwargs: Any) -> dict[str, Any]:
    return responses.recovery_point(DB_ARN, VAULT, EAST, hours_ago(hours), **kwargs)


def pitr(status: str = "COMPLETED") -> dict[str, Any]:
    return responses.recovery_point(DB_ARN, VAULT, EAST, hours_ago(400), continuous=True, status=status)


def copy(hours: float, source: str = VAULT_ARN) -> dict[str, Any]:
    return responses.recovery_point(DB_ARN, DR_VAULT, WEST, hours_ago(hours), copied_from=source)


def stub_backup(
    clients: TestClients,
    *,
    primary: list[dict[str, Any]],
    dr: list[dict[str, Any]] | None,
    vaults: tuple[dict[str, Any], dict[str, Any]] | None = None,
    restorable_minutes_ago: float | None = 2,
    cache_snapshots: list[dict[str, Any]] | None = None,
) -> None:
    """Stub the calls in the order the runbook makes them on each regional client."""
    primary_vault, dr_vault = vaults or (
        responses.backup_vault(VAULT, EAST, True),
        responses.backup_vault(DR_VAULT, WEST, True),
    )
    east, west = clients.stub("backup", EAST), clients.stub("backup", WEST)
    east.add_response("describe_backup_vault", primary_vault, {"BackupVaultName": VAULT})
    if dr is not None:
        west.add_response("describe_backup_vault", dr_vault, {"BackupVaultName": DR_VAULT})
    east.add_response(
        "list_recovery_points_by_backup_vault",
        {"RecoveryPoints": primary},
        {"BackupVaultName": VAULT, "ByResourceArn": DB_ARN},
    )
    if restorable_minutes_ago is not None:
        responses.stub_db_cluster(clients, EAST, latest_restorable=NOW - timedelta(minutes=restorable_minutes_ago))
    if dr is not None:
        west.add_response(
            "list_recovery_points_by_backup_vault",
            {"RecoveryPoints": dr},
            {"BackupVaultName": DR_VAULT, "ByResourceArn": DB_ARN},
        )
    snapshots = [responses.cache_snapshot(EAST, hours_ago(3))] if cache_snapshots is None else cache_snapshots
    clients.stub("elasticache", EAST).add_response(
        "describe_snapshots", {"Snapshots": snapshots}, {"ReplicationGroupId": "prod-sessions"}
    )


def verify(outputs: dict[str, Any], clients: TestClients, clock: FakeClock):
    return backup_verify(parse_outputs(outputs), clients, clock)


def test_prod_passes_with_locks_fresh_points_matched_copies_and_cache_snapshots(stubbed, clock, prod_outputs) -> None:
    stub_backup(stubbed, primary=[snapshot(30), snapshot(6), pitr()], dr=[copy(5)])
    report = verify(prod_outputs, stubbed, clock)
    assert report.ok, report.problems
    primary_vault, dr_vault, database, cache = report.items
    assert (primary_vault.locked, dr_vault.locked, dr_vault.lock_date) == (True, True, "2026-01-08T00:00:00+00:00")
    assert database.recovery_point["created_at"] == hours_ago(6).isoformat()  # the newest snapshot is chosen
    assert database.continuous["arn"].startswith("arn:aws:backup:us-east-1:111122223333:recovery-point:continuous:")
    assert database.latest_restorable_time == (NOW - timedelta(minutes=2)).isoformat()
    assert database.dr_copy["source_vault_arn"] == VAULT_ARN
    assert (cache.replication_group_id, cache.created_at) == ("prod-sessions", hours_ago(3).isoformat())


@pytest.mark.parametrize(
    ("dr_vault", "problems"),
    [
        (
            responses.backup_vault(DR_VAULT, WEST, False),
            ["no vault lock; environment prod requires a compliance-mode vault lock"],
        ),
        (
            responses.backup_vault(DR_VAULT, WEST, True, lock_date=None),
            [
                "governance-mode lock (no lock date): whoever may delete the lock configuration can remove it; "
                "environment prod requires a compliance-mode vault lock"
            ],
        ),
        (
            responses.backup_vault(DR_VAULT, WEST, True, lock_date=NOW + timedelta(days=2)),
            [
                "compliance-mode lock still in its grace period until 2026-11-27T04:00:00+00:00: "
                "it can be removed until then"
            ],
        ),
        (
            responses.backup_vault(DR_VAULT, WEST, True, retention=(1, 36500)),
            [
                "lock MinRetentionDays is 1, the stack configured 35",
                "lock MaxRetentionDays is 36500, the stack configured 35",
            ],
        ),
    ],
    ids=["missing", "governance-mode", "grace-period", "retention-bounds"],
)
def test_prod_fails_without_a_compliance_mode_lock_on_the_dr_vault(stubbed, clock, prod_outputs, dr_vault, problems):
    stub_backup(
        stubbed,
        primary=[snapshot(6), pitr()],
        dr=[copy(5)],
        vaults=(responses.backup_vault(VAULT, EAST, True), dr_vault),
    )
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == [f"dr vault {DR_VAULT}: {problem}" for problem in problems]


def test_vault_locks_against_moto(mixed, prod_outputs) -> None:
    """moto's governance lock has no lock date; its compliance lock's date is ChangeableForDays away."""
    with mock_aws():
        backup = boto3.client("backup", EAST)
        for name in ("governance", "compliance", "unlocked"):
            backup.create_backup_vault(BackupVaultName=name)
        backup.put_backup_vault_lock_configuration(
            BackupVaultName="governance", MinRetentionDays=35, MaxRetentionDays=35
        )
        backup.put_backup_vault_lock_configuration(
            BackupVaultName="compliance", MinRetentionDays=35, MaxRetentionDays=35, ChangeableForDays=3
        )
        # The runbook's clock four days on from moto's: the compliance lock's grace period is over.
        verifier = BackupVerifier(parse_outputs(prod_outputs), mixed, FakeClock(datetime.now(UTC) + timedelta(days=4)))
        checks = {
            name: verifier.vault("primary", name, EAST, LOCK) for name in ("governance", "compliance", "unlocked")
        }
        missing = verifier.vault("dr", DR_VAULT, WEST, LOCK)
    assert checks["compliance"].problems == []
    assert checks["governance"].problems[0].startswith("governance-mode lock (no lock date)")
    assert checks["unlocked"].problems == ["no vault lock; environment prod requires a compliance-mode vault lock"]
    assert missing.problems == ["DescribeBackupVault in us-west-2 failed: ResourceNotFoundException: prod-backup-dr"]


@pytest.mark.parametrize(("hours", "fresh"), [(48.5, True), (49.5, False)])
def test_snapshot_freshness_is_the_schedules_gap_plus_its_windows(stubbed, clock, prod_outputs, hours, fresh) -> None:
    """Daily at 05:00, start within 60 min, complete within 24 h: a point up to 49 h old is the newest
    one can expect."""
    stub_backup(stubbed, primary=[snapshot(hours), pitr()], dr=[copy(5)])
    report = verify(prod_outputs, stubbed, clock)
    expected = (
        []
        if fresh
        else [
            f"{DB_ARN}: newest completed snapshot in vault {VAULT} was created {hours:.1f} h old, older than the 49 h "
            "the schedule allows"
        ]
    )
    assert report.problems == expected


def test_a_stale_continuous_backup_fails(stubbed, clock, prod_outputs) -> None:
    stub_backup(stubbed, primary=[snapshot(6), pitr()], dr=[copy(5)], restorable_minutes_ago=130)
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == [
        f"{DB_ARN}: continuous backup is stale: the cluster's latest restorable time is 130 min old, more than 15 min"
    ]


def test_a_stopped_continuous_recovery_point_fails_even_with_fresh_snapshots(stubbed, clock, prod_outputs) -> None:
    stub_backup(stubbed, primary=[snapshot(1), pitr("STOPPED")], dr=[copy(1)])
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == [f"{DB_ARN}: no active continuous (point-in-time) recovery point in vault {VAULT}"]


def test_latest_restorable_time_against_moto(mixed, prod_outputs) -> None:
    """moto reports the server's now as the latest restorable time: fresh a minute later, stale two hours later."""
    outputs = parse_outputs(prod_outputs)
    problems = {}
    with mock_aws():
        boto3.client("rds", EAST).create_db_cluster(
            DBClusterIdentifier="prod-app-db",
            Engine="aurora-postgresql",
            MasterUsername="app",
            MasterUserPassword="not-a-real-password-1",
        )
        for label, offset in (("fresh", timedelta(minutes=1)), ("stale", timedelta(hours=2))):
            clock = FakeClock(datetime.now(UTC) + offset)
            for region, vault, points in ((EAST, VAULT, [pitr()]), (WEST, DR_VAULT, [])):
                mixed.stub("backup", region).add_response(
                    "list_recovery_points_by_backup_vault",
                    {"RecoveryPoints": points},
                    {"BackupVaultName": vault, "ByResourceArn": DB_ARN},
                )
            resource = BackupVerifier(outputs, mixed, clock).resource(outputs.backup, DB_ARN)
            problems[label] = [p for p in resource.problems if "continuous" in p]
    assert problems["fresh"] == []
    assert problems["stale"] == [
        "continuous backup is stale: the cluster's latest restorable time is 120 min old, more than 15 min"
    ]


def test_dr_copies_count_only_when_copied_from_the_primary_vault(stubbed, clock, prod_outputs) -> None:
    other_vault = "arn:aws:backup:us-east-1:111122223333:backup-vault:someone-elses-vault"
    stub_backup(stubbed, primary=[snapshot(6), pitr()], dr=[copy(1, source=other_vault), copy(60)])
    report = verify(prod_outputs, stubbed, clock)
    assert report.ok, report.problems  # a copy gets one more completion window: 73 h
    assert report.items[2].dr_copy["created_at"] == hours_ago(60).isoformat()  # not the newer foreign one


def test_a_dr_vault_holding_only_foreign_copies_fails(stubbed, clock, prod_outputs) -> None:
    other_vault = "arn:aws:backup:us-east-1:111122223333:backup-vault:someone-elses-vault"
    stub_backup(stubbed, primary=[snapshot(6), pitr()], dr=[copy(1, source=other_vault)])
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == [
        f"{DB_ARN}: no completed snapshot recovery point in DR vault {DR_VAULT} (us-west-2) copied from {VAULT}"
    ]


@pytest.mark.parametrize(
    ("snapshots", "problem"),
    [
        ([], "no available snapshot of prod-sessions with a creation time"),
        (
            [responses.cache_snapshot(EAST, hours_ago(1), status="creating")],
            "no available snapshot of prod-sessions with a creation time",
        ),
        (
            [responses.cache_snapshot(EAST, hours_ago(27))],
            "newest snapshot was taken 27.0 h old, older than the 26 h a daily snapshot allows",
        ),
    ],
    ids=["none", "only-in-progress", "stale"],
)
def test_a_cache_without_a_recent_snapshot_fails(stubbed, clock, prod_outputs, snapshots, problem) -> None:
    stub_backup(stubbed, primary=[snapshot(6), pitr()], dr=[copy(5)], cache_snapshots=snapshots)
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == [f"cache sessions snapshots: {problem}"]


def test_cache_snapshots_against_moto(mixed, clock, prod_outputs) -> None:
    """moto's snapshots carry no node snapshot time, and its unknown groups answer ReplicationGroupNotFoundFault."""
    with mock_aws():
        elasticache = boto3.client("elasticache", EAST)
        elasticache.create_replication_group(
            ReplicationGroupId="prod-sessions", ReplicationGroupDescription="prod sessions", Engine="valkey"
        )
        verifier = BackupVerifier(parse_outputs(prod_outputs), mixed, clock)
        no_snapshot = verifier.cache(parse_outputs(prod_outputs).caches[0])
        elasticache.create_snapshot(ReplicationGroupId="prod-sessions", SnapshotName="manual-1")
        undated = verifier.cache(parse_outputs(prod_outputs).caches[0])
        prod_outputs["caches"][0]["replication_group_id"] = "prod-missing"
        missing = verifier.cache(parse_outputs(prod_outputs).caches[0])
    assert no_snapshot.problems == ["no available snapshot of prod-sessions with a creation time"]
    assert undated.problems == ["no available snapshot of prod-sessions with a creation time"]
    assert missing.problems[0].startswith("DescribeSnapshots in us-east-1 failed: ReplicationGroupNotFoundFault")


def test_staging_needs_no_lock_and_no_continuous_backup(stubbed, clock, prod_outputs) -> None:
    prod_outputs.update(environment="staging", dr_strategy="backup-restore", rpo_minutes=1440, rto_minutes=480)
    prod_outputs["databases"][0].update(global_cluster_identifier=None, dr_cluster_arn=None)
    prod_outputs["caches"][0].update(global_replication_group_id=None, dr_replication_group_id=None)
    prod_outputs["backup"].update(vault_lock=None, dr_vault_lock=None, continuous_backup=False)
    unlocked = (responses.backup_vault(VAULT, EAST, False), responses.backup_vault(DR_VAULT, WEST, False))
    stub_backup(stubbed, primary=[snapshot(20)], dr=[copy(19)], vaults=unlocked, restorable_minutes_ago=None)
    report = verify(prod_outputs, stubbed, clock)
    assert report.ok, report.problems


def test_follows_next_token_pages(stubbed, clock, prod_outputs) -> None:
    prod_outputs.update(environment="dev", dr_strategy="none", dr_region=None, rpo_minutes=1440, rto_minutes=None)
    prod_outputs.update(caches=[])
    prod_outputs["databases"][0].update(global_cluster_identifier=None, dr_cluster_arn=None)
    prod_outputs["backup"].update(
        dr_vault_name=None, dr_vault_arn=None, vault_lock=None, dr_vault_lock=None, continuous_backup=False
    )
    east = stubbed.stub("backup", EAST)
    east.add_response("describe_backup_vault", responses.backup_vault(VAULT, EAST, False), {"BackupVaultName": VAULT})
    query = {"BackupVaultName": VAULT, "ByResourceArn": DB_ARN}
    east.add_response(
        "list_recovery_points_by_backup_vault", {"RecoveryPoints": [snapshot(50)], "NextToken": "page-2"}, query
    )
    east.add_response(
        "list_recovery_points_by_backup_vault", {"RecoveryPoints": [snapshot(6)]}, {**query, "NextToken": "page-2"}
    )
    report = verify(prod_outputs, stubbed, clock)
    assert report.ok, report.problems
    assert report.items[1].recovery_point["created_at"] == hours_ago(6).isoformat()


def test_api_errors_become_gaps_naming_api_and_code(stubbed, clock, prod_outputs) -> None:
    stubbed.stub("backup", EAST).add_response(
        "describe_backup_vault", responses.backup_vault(VAULT, EAST, True), {"BackupVaultName": VAULT}
    )
    stubbed.stub("backup", WEST).add_response(
        "describe_backup_vault", responses.backup_vault(DR_VAULT, WEST, True), {"BackupVaultName": DR_VAULT}
    )
    stubbed.stub("backup", EAST).add_client_error(
        "list_recovery_points_by_backup_vault",
        service_error_code="AccessDeniedException",
        service_message="User is not authorized to perform: backup:ListRecoveryPointsByBackupVault",
        http_status_code=403,
    )
    stubbed.stub("elasticache", EAST).add_client_error(
        "describe_snapshots", "AccessDenied", "not authorized to perform elasticache:DescribeSnapshots", 403
    )
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == [
        f"{DB_ARN}: ListRecoveryPointsByBackupVault in us-east-1 failed: AccessDeniedException: "
        "User is not authorized to perform: backup:ListRecoveryPointsByBackupVault",
        "cache sessions snapshots: DescribeSnapshots in us-east-1 failed: AccessDenied: "
        "not authorized to perform elasticache:DescribeSnapshots",
    ]


def test_an_empty_protected_list_fails_instead_of_passing(stubbed, clock, prod_outputs) -> None:
    prod_outputs["caches"] = []
    prod_outputs["backup"]["protected_resource_arns"] = []
    for region, name in ((EAST, VAULT), (WEST, DR_VAULT)):
        stubbed.stub("backup", region).add_response(
            "describe_backup_vault", responses.backup_vault(name, region, True), {"BackupVaultName": name}
        )
    report = verify(prod_outputs, stubbed, clock)
    assert report.problems == ["backup.protected_resource_arns: empty in the outputs, so no backup was verified"]
