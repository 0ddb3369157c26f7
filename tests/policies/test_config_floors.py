"""Each environment's policy config is at least as strict as that environment's floors.

The floors have one home, `infra.settings.environment.FLOORS`; settings validation enforces them on the
stack files, and the policy configs under policies/config/ must not accept less. `FLOOR_OF` says which
floor backs each policy property; `NO_FLOOR` names the tunable properties that have no settings floor
and why. A property a config sets that appears in neither table fails `test_every_tuned_property_is_classified`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from infra.settings.environment import ENVIRONMENTS, FLOORS, EnvironmentFloor
from policies.config import PackConfig, default_config_path, load_config

# (policy, property) -> the strictest-acceptable value derived from the environment's floor.
# Integers are minimums (config >= floor); booleans are requirements (floor True -> config True).
FLOOR_OF: dict[tuple[str, str], Callable[[EnvironmentFloor], int | bool]] = {
    ("backup-plan-schedule", "minRetentionDays"): lambda f: f.backup_retention_days,
    ("rds-backup-retention", "minDays"): lambda f: f.backup_retention_days,
    ("backup-plan-continuous", "required"): lambda f: f.backup_safeguards,
    ("backup-vault-lock", "required"): lambda f: f.backup_safeguards,
    ("backup-restore-testing", "required"): lambda f: f.backup_safeguards,
    # Every strategy but "none" copies recovery points to the DR region.
    ("backup-plan-copy-to-dr", "required"): lambda f: "none" not in f.dr_strategies,
    # Warm standby is the only strategy with live replicas (Aurora global database, Valkey global datastore).
    ("global-replication", "required"): lambda f: f.dr_strategies == ("warm-standby",),
    ("kms-deletion-window", "minDays"): lambda f: f.key_deletion_window_days,
    ("logs-log-group-retention", "minDays"): lambda f: f.log_retention_days,
    ("logs-log-group-retention", "auditMinDays"): lambda f: f.cluster_log_retention_days,
    ("eks-node-group-resilience", "minSize"): lambda f: f.cluster_nodes,
    ("eks-node-group-resilience", "minSubnets"): lambda f: f.az_count,
    ("eks-deletion-protection", "required"): lambda f: f.deletion_protection,
    ("rds-deletion-protection", "required"): lambda f: f.deletion_protection,
    ("lb-hardening", "requireDeletionProtection"): lambda f: f.deletion_protection,
    ("rds-cluster-availability", "minInstances"): lambda f: f.database_readers + 1,
    ("elasticache-multi-az", "minNodes"): lambda f: f.cache_nodes,
    ("elasticache-multi-az", "requireFailover"): lambda f: f.cache_nodes >= 2,
    ("elasticache-snapshots", "minRetentionDays"): lambda f: f.cache_snapshot_retention_days,
    ("elasticache-snapshots", "requireFinalSnapshot"): lambda f: f.final_snapshot,
    ("k8s-hpa-min-replicas", "minReplicas"): lambda f: f.service_replicas,
    ("k8s-image-pinned", "requireDigest"): lambda f: f.image_digest,
    ("secretsmanager-secret-recovery", "minRecoveryDays"): lambda f: f.secret_recovery_window_days,
    ("appconfig-deployment-strategy-gradual", "minBakeMinutes"): lambda f: f.flag_bake_minutes,
    ("appconfig-environment-monitors", "minMonitors"): lambda f: int(f.flag_rollback_alarms),
    ("cloudtrail-bucket-immutable", "minRetentionDays"): lambda f: f.audit_retention_days,
}
# Permissions (True = looser) whose floor forbids them: config must be False when the floor says so.
FORBIDDEN_BY: dict[tuple[str, str], Callable[[EnvironmentFloor], bool]] = {
    ("eks-private-endpoint", "allowPublicEndpoint"): lambda f: f.private_cluster_endpoint,
    ("appconfig-deployment-strategy-gradual", "allowAllAtOnce"): lambda f: f.gradual_flag_rollouts,
}
# Tuned per environment without a settings floor, each with the reason.
NO_FLOOR: dict[tuple[str, str], str] = {
    ("rds-cluster-availability", "secondaryMinInstances"): "the DR cluster's size is the standby's, "
    "validated in dr.standby, not an environment floor",
    ("elasticache-multi-az", "secondaryMinNodes"): "an AWS requirement, not an environment floor: a global "
    "datastore's secondary inherits the primary's automatic failover, which needs 2 nodes (CacheArgs "
    "refuses fewer; docs/deployability.md)",
    ("cognito-user-pool-deletion-protection", "required"): "whether the stack's user pool resists deletion is "
    "the identity settings' choice per environment (on in staging and prod), not a numeric floor",
    ("secretsmanager-secret-recovery", "requireReplica"): "secret replicas follow the DR strategy "
    "(warm standby), covered by global-replication's floor",
    ("account-security-baseline", "required"): "the settings make every stack, in every environment, own the "
    "account's trail, detectors and hub or name the stack that does (observability.account_baseline); the "
    "policy asks the plan to prove it where the environment's config requires it",
    ("cloudwatch-minimum-alarms", "required"): "the blueprint builds the minimum alarm set in every environment "
    "and no setting turns it off; only the thresholds vary (observability.*_alarms, each with its range)",
    ("logs-service-log-groups-precreated", "required"): "the blueprint creates every service and add-on log "
    "group itself in every environment and no setting turns that off; their retention has its own floor "
    "(logs-log-group-retention)",
}


@pytest.fixture(scope="module", params=ENVIRONMENTS)
def environment_config(request: pytest.FixtureRequest) -> tuple[str, PackConfig]:
    return request.param, load_config(default_config_path(request.param))


def test_every_policy_minimum_meets_the_environment_floor(environment_config: tuple[str, PackConfig]) -> None:
    environment, config = environment_config
    floor = FLOORS[environment]
    looser = []
    for (policy, prop), floor_value in FLOOR_OF.items():
        required = floor_value(floor)
        configured = config.policies[policy].properties[prop]
        if configured < required:
            looser.append(f"{policy}.{prop}: {configured!r} accepts less than the floor {required!r}")
    for (policy, prop), forbidden in FORBIDDEN_BY.items():
        if forbidden(floor) and config.policies[policy].properties[prop]:
            looser.append(f"{policy}.{prop}: allowed, but the {environment} floor forbids it")
    assert not looser, f"policies/config/{environment}.json is looser than FLOORS[{environment!r}]:\n" + "\n".join(
        looser
    )


def test_floor_backed_policies_are_enforced(environment_config: tuple[str, PackConfig]) -> None:
    """Outside dev a floor is a gate: its policy must be mandatory, not merely reported."""
    environment, config = environment_config
    policies = {policy for policy, _ in (*FLOOR_OF, *FORBIDDEN_BY)}
    wanted = ("mandatory",) if environment != "dev" else ("mandatory", "advisory")
    weaker = sorted(p for p in policies if config.policies[p].enforcement not in wanted)
    assert not weaker, f"{environment}: floor-backed policies not enforced: {weaker}"


def test_every_tuned_property_is_classified(environment_config: tuple[str, PackConfig]) -> None:
    """A number or switch an environment's config sets is either floor-backed or says why it is not."""
    environment, _ = environment_config
    raw = json.loads(default_config_path(environment).read_text(encoding="utf-8"))
    tuned = {
        (policy, prop)
        for policy, entry in raw.items()
        if isinstance(entry, dict)
        for prop, value in entry.items()
        if isinstance(value, bool | int) and prop != "enforcementLevel"
    }
    unclassified = sorted(tuned - set(FLOOR_OF) - set(FORBIDDEN_BY) - set(NO_FLOOR))
    assert not unclassified, (
        f"policies/config/{environment}.json tunes {unclassified}: map each to its floor in FLOOR_OF "
        "(adding the floor to infra/settings/environment.py if needed) or give the reason in NO_FLOOR"
    )


def test_floor_tables_name_real_policy_properties() -> None:
    config = load_config(default_config_path("prod"))
    for policy, prop in (*FLOOR_OF, *FORBIDDEN_BY, *NO_FLOOR):
        assert prop in config.policies[policy].properties, f"{policy}.{prop} is not a property of that policy"


def test_trail_lock_modes_are_no_looser_than_the_floor(environment_config: tuple[str, PackConfig]) -> None:
    """Where the floor locks the trail's bucket in compliance mode, the config accepts no other mode."""
    environment, config = environment_config
    modes = config.policies["cloudtrail-bucket-immutable"].properties["modes"]
    allowed = ["COMPLIANCE"] if FLOORS[environment].audit_lock_mode == "COMPLIANCE" else ["COMPLIANCE", "GOVERNANCE"]
    assert set(modes) <= set(allowed), f"{environment}: cloudtrail-bucket-immutable.modes {modes} beyond {allowed}"
