"""Recovery points cannot be deleted early, even by an administrator (vault lock, compliance mode)."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, required_switch, setting
from policies.support.stack import label, linked, of_type

NAME = "backup-vault-lock"
DESCRIPTION = (
    "Where required, every AWS Backup vault has a vault lock with minRetentionDays >= 7, "
    "maxRetentionDays set and changeableForDays set (compliance mode)."
)
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("Config backup-recovery-point-manual-deletion-disabled", "custom: compliance-mode vault lock")
ROWS = ("59",)
VAULT = "aws:backup/vault:Vault"
LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
TYPES = frozenset({VAULT, LOCK})
REMEDIATION = (
    "Add aws.backup.VaultLockConfiguration(backup_vault_name=..., min_retention_days>=7, "
    "max_retention_days=..., changeable_for_days=3)."
)
CONFIG = {
    "required": required_switch("require a vault lock on every vault"),
    "minRetentionDays": {"type": "integer", "minimum": 1, "default": 7, "description": "lock minimum"},
}


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    if not setting(args, CONFIG, "required"):
        return
    minimum = setting(args, CONFIG, "minRetentionDays")
    locks = of_type(args.resources, LOCK)
    for vault in of_type(args.resources, VAULT):
        mine = [lock for lock in locks if linked(lock, lock.props.get("backupVaultName"), vault, "name")]
        if not mine:
            report_violation(f"{label(vault)} has no VaultLockConfiguration; add one in compliance mode", vault.urn)
        for lock in mine:
            props = lock.props
            problems = []
            low = props.get("minRetentionDays")
            if as_int(low) is None or low < minimum:
                problems.append(f"minRetentionDays is {low!r} (need >= {minimum})")
            problems += [f"{key} is not set" for key in ("maxRetentionDays", "changeableForDays") if not props.get(key)]
            if problems:
                report_violation(f"{label(lock)}: {'; '.join(problems)}; lock it in compliance mode", lock.urn)
