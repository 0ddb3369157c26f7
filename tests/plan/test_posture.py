"""The DR posture arithmetic on hand-made plan records, and the posture of the shipped stacks."""

import pytest

from bulkhead.plan import posture as p
from bulkhead.plan.model import Plan, ResourceRecord
from bulkhead.plan.posture import compute_posture, failures, posture_to_json, render_text

PRIMARY, DR = "us-east-1", "us-west-2"
ACCOUNT = "111122223333"
DB_ARN = f"arn:aws:rds:{PRIMARY}:{ACCOUNT}:cluster:app-db"
DR_VAULT_ARN = f"arn:aws:backup:{DR}:{ACCOUNT}:backup-vault:app-dr-vault"


def rec(
    resource_type: str, name: str, region: str | None, inputs: dict | None = None, outputs: dict | None = None
) -> ResourceRecord:
    return ResourceRecord(
        urn=f"urn:pulumi:test::bulkhead::{resource_type}::{name}",
        type=resource_type,
        name=name,
        custom=True,
        parent=None,
        dependencies=[],
        provider=None,
        region=region,
        protect=False,
        inputs=inputs or {},
        layer="aws",
        outputs=outputs or {},
    )


def database(name="app-db", region=PRIMARY, retention=7, global_id=None) -> ResourceRecord:
    inputs = {"backupRetentionPeriod": retention} | ({"globalClusterIdentifier": global_id} if global_id else {})
    return rec(
        p.DATABASE_TYPE,
        name,
        region,
        inputs,
        {"id": name, "arn": f"arn:aws:rds:{region}:{ACCOUNT}:cluster:{name}"},
    )


def cache(name="app-cache", region=PRIMARY, snapshots=1, global_id=None) -> ResourceRecord:
    inputs = {"snapshotRetentionLimit": snapshots} | ({"globalReplicationGroupId": global_id} if global_id else {})
    return rec(p.CACHE_TYPE, name, region, inputs, {"id": name})


def backup(schedule="cron(0 5 ? * * *)", copy_to=DR_VAULT_ARN, continuous=False, arns=(DB_ARN,)) -> list:
    rules = [
        {
            "ruleName": "snapshots",
            "schedule": schedule,
            "copyActions": [{"destinationVaultArn": copy_to}] if copy_to else [],
        }
    ]
    if continuous:
        rules.append({"ruleName": "continuous", "schedule": schedule, "enableContinuousBackup": True})
    return [
        rec(p.BACKUP_PLAN_TYPE, "plan", PRIMARY, {"rules": rules}, {"id": "plan-id"}),
        rec(p.SELECTION_TYPE, "selection", PRIMARY, {"planId": "plan-id", "resources": list(arns)}),
    ]


def global_database() -> list:
    return [database(global_id="app-global"), database("app-db-dr", DR, retention=7, global_id="app-global")]


def global_cache() -> list:
    return [
        cache(),
        rec(
            p.GLOBAL_CACHE_TYPE,
            "global",
            PRIMARY,
            {"primaryReplicationGroupId": "app-cache"},
            {"id": "ldgnf-app-global", "globalReplicationGroupId": "ldgnf-app-global"},
        ),
        cache("app-cache-dr", DR, global_id="ldgnf-app-global"),
    ]


def dr_site(compute: bool) -> list:
    return [rec(p.VPC_TYPE, "dr-vpc", DR)] + ([rec(p.EKS_CLUSTER_TYPE, "dr-eks", DR)] if compute else [])


def plan(resources, *, strategy="warm-standby", dr_region=DR, rpo=1, rto=30, environment="prod") -> Plan:
    return Plan(
        project="bulkhead",
        stack=environment,
        environment=environment,
        region=PRIMARY,
        dr_region=dr_region,
        resources=resources,
        outputs={"dr_strategy": strategy, "rpo_minutes": rpo, "rto_minutes": rto},
    )


def store(posture, name):
    return next(s for s in posture.stores if s.name == name)


def test_global_replication_with_standby_compute_gives_rpo_1_and_rto_of_the_failover():
    posture = compute_posture(plan(global_database() + global_cache() + dr_site(compute=True)))
    db, kv = store(posture, "app-db"), store(posture, "app-cache")
    assert (db.achieved.mechanism, db.achieved.rpo_minutes, db.achieved.rto_minutes) == (
        "aurora-global-database",
        p.AURORA_GLOBAL_RPO_MINUTES,
        p.AURORA_GLOBAL_FAILOVER_MINUTES,
    )
    assert (kv.achieved.mechanism, kv.achieved.rpo_minutes, kv.achieved.rto_minutes) == (
        "elasticache-global-datastore",
        p.ELASTICACHE_GLOBAL_RPO_MINUTES,
        p.ELASTICACHE_GLOBAL_PROMOTION_MINUTES,
    )
    assert posture.dr_compute == "running"
    assert failures(posture) == []


def test_the_dr_secondaries_are_not_stores_of_their_own():
    posture = compute_posture(plan(global_database() + global_cache() + dr_site(compute=True)))
    assert [s.name for s in posture.stores] == ["app-db", "app-cache"]


def test_pilot_light_adds_the_compute_build_to_the_rto():
    posture = compute_posture(plan(global_database() + dr_site(compute=False), strategy="pilot-light", rto=60))
    assert posture.dr_compute == "network-only"
    assert (
        store(posture, "app-db").achieved.rto_minutes
        == p.AURORA_GLOBAL_FAILOVER_MINUTES + p.PILOT_LIGHT_COMPUTE_MINUTES
    )
    assert failures(posture) == []


def test_pilot_light_misses_a_30_minute_rto():
    posture = compute_posture(plan(global_database() + dr_site(compute=False), strategy="pilot-light", rto=30))
    assert failures(posture) == [
        f"database app-db: RTO {5 + 45} min (Aurora global database secondary in us-west-2) misses the target of 30 min"
    ]


def test_backup_copy_to_the_dr_region_gives_the_schedule_interval_and_restore_plus_rebuild():
    posture = compute_posture(
        plan([database()] + backup(), strategy="backup-restore", rpo=1440, rto=480, environment="staging")
    )
    best = store(posture, "app-db").achieved
    assert best.mechanism == "backup-copy"
    assert best.rpo_minutes == 1440
    assert best.rto_minutes == p.AURORA_RESTORE_MINUTES + p.REBUILD_REGION_MINUTES
    assert posture.scenario == "region-loss" and posture.dr_compute == "none"
    assert failures(posture) == []


def test_twelve_hourly_copies_halve_the_rpo():
    posture = compute_posture(
        plan(
            [database()] + backup(schedule="cron(0 */12 ? * * *)"),
            strategy="backup-restore",
            rpo=1440,
            rto=480,
        )
    )
    assert store(posture, "app-db").achieved.rpo_minutes == 720


def test_prod_stack_that_only_copies_backups_fails_with_the_exact_message():
    posture = compute_posture(plan([database()] + backup(continuous=True) + dr_site(compute=True)))
    assert failures(posture) == [
        "database app-db: RPO 1440 min (AWS Backup copy to us-west-2 (rule snapshots), every "
        "1440 min) misses the "
        "target of 1 min",
        "database app-db: RTO 90 min (AWS Backup copy to us-west-2 (rule snapshots), every 1440 "
        "min) misses the "
        "target of 30 min",
    ]


def test_in_region_protections_do_not_count_against_a_region_loss():
    posture = compute_posture(
        plan(
            [database(retention=35)] + backup(copy_to=None, continuous=True),
            strategy="backup-restore",
            rpo=1440,
            rto=480,
        )
    )
    db = store(posture, "app-db")
    assert {pr.mechanism for pr in db.protections} == {
        "rds-automated-backups",
        "backup-snapshots",
        "backup-continuous",
    }
    assert db.achieved is None
    assert failures(posture) == [
        "database app-db: nothing recovers it after a region loss; targets are RPO 1440 min, RTO 480 min"
    ]


def test_a_copy_to_a_third_region_is_not_a_copy_to_the_dr_region():
    elsewhere = f"arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:elsewhere"
    posture = compute_posture(
        plan([database()] + backup(copy_to=elsewhere), strategy="backup-restore", rpo=1440, rto=480)
    )
    assert store(posture, "app-db").achieved is None


def test_without_a_dr_region_the_targets_are_about_losing_the_store_and_pitr_counts():
    posture = compute_posture(
        plan(
            [database(retention=7), cache(snapshots=0)],
            strategy="none",
            dr_region=None,
            rpo=1440,
            rto=None,
            environment="dev",
        )
    )
    assert posture.scenario == "store-loss"
    db = store(posture, "app-db").achieved
    assert (db.mechanism, db.rpo_minutes, db.rto_minutes) == (
        "rds-automated-backups",
        5,
        p.AURORA_RESTORE_MINUTES,
    )
    kv = store(posture, "app-cache").achieved
    assert (kv.mechanism, kv.rpo_minutes) == ("recreate-empty", None)
    assert failures(posture) == []


def test_best_effort_rto_is_never_a_failure():
    posture = compute_posture(plan([database()] + backup(), strategy="backup-restore", rpo=1440, rto=None))
    assert failures(posture) == []


def test_a_cache_may_come_back_empty_under_backup_restore_but_not_under_warm_standby():
    staging = compute_posture(plan([cache()], strategy="backup-restore", rpo=1440, rto=480))
    assert store(staging, "app-cache").achieved.mechanism == "recreate-empty"
    assert failures(staging) == []
    prod = compute_posture(plan([cache()] + dr_site(compute=True)))
    assert failures(prod) == [
        "cache app-cache: comes back empty (recreated empty in us-west-2 by the stack) under "
        "strategy warm-standby; "
        "the RPO target is 1 min"
    ]


def test_a_global_cluster_without_a_dr_member_is_not_replication():
    posture = compute_posture(plan([database(global_id="app-global")] + dr_site(compute=True)))
    assert store(posture, "app-db").achieved is None


def test_missing_strategy_output_is_a_clear_error():
    broken = plan([database()])
    del broken.outputs["dr_strategy"]
    with pytest.raises(ValueError, match="plan outputs: dr_strategy is missing"):
        compute_posture(broken)


def test_text_and_json_show_verdicts_and_failures():
    posture = compute_posture(plan([database()] + backup() + dr_site(compute=True)))
    text = render_text(posture)
    assert "database app-db: RPO 1440 min, RTO 90 min via AWS Backup copy to us-west-2" in text
    assert "[MISSES TARGET]" in text
    assert "  FAIL database app-db: RPO 1440 min" in text
    document = posture_to_json(posture)
    assert document["failures"] == failures(posture)
    assert document["stores"][0]["achieved"]["mechanism"] == "backup-copy"
    assert document["rpo_target_minutes"] == 1


def test_a_cache_outside_replicating_strategies_is_held_to_the_rto_only():
    posture = compute_posture(
        plan([cache(snapshots=1)], strategy="none", dr_region=None, rpo=1, rto=20, environment="dev")
    )
    assert store(posture, "app-cache").achieved.rpo_minutes == p.ELASTICACHE_SNAPSHOT_INTERVAL_MINUTES
    assert failures(posture) == [
        "cache app-cache: RTO 30 min (ElastiCache daily snapshots in us-east-1) misses the target of 20 min"
    ]


def identity_outputs(rpo=None, rto=None) -> dict:
    return {"dr_strategy": "regional", "rpo_minutes": rpo, "rto_minutes": rto, "access_token_minutes": 15}


def test_identity_with_an_accepted_loss_is_reported_and_never_a_failure():
    planned = plan(global_database() + dr_site(True))
    planned.outputs["identity"] = identity_outputs()
    posture = compute_posture(planned)
    assert posture.identity.rpo_minutes is None and posture.identity.token_grace_minutes == 15
    assert failures(posture) == []
    assert "identity (strategy regional): RPO not recovered" in render_text(posture)


def test_a_prod_identity_target_the_regional_pool_cannot_meet_fails_the_plan():
    planned = plan(global_database() + dr_site(True))
    planned.outputs["identity"] = identity_outputs(rpo=1, rto=30)
    messages = failures(compute_posture(planned))
    assert [m.split(" under ")[0] for m in messages] == ["identity: RPO not recovered", "identity: RTO not recovered"]
    assert all(m.endswith(("the target of 1 min", "the target of 30 min")) for m in messages)
