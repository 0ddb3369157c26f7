"""AWS Backup: both vaults on the backup key and locked where declared, and for every protected
resource fresh recovery points, point-in-time recovery and copies arriving in the DR vault.

The lock and recovery-point rules are the `backup verify` runbook's (bulkhead/runbooks/backup_verify.py),
reused as they are: verify reports them as one line per vault and per resource.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulkhead.runbooks.aws import call
from bulkhead.runbooks.backup_verify import BackupVerifier
from bulkhead.runbooks.outputs import VaultLockOutput
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, skipped, verdict_of
from bulkhead.verify.outputs import BACKUP_KEY, VerifyOutputs


@dataclass(frozen=True)
class Vault:
    role: str  # "primary" | "dr"
    name: str
    region: str
    key_arn: str  # the backup key in the vault's region
    lock: VaultLockOutput | None


def _vaults(outputs: VerifyOutputs) -> Targets:
    backup = outputs.backup
    if backup is None:
        return "no backup vault in the outputs (the stack has no database)"
    key = outputs.key(BACKUP_KEY)
    vaults = [Vault("primary", backup.vault_name, outputs.primary_region, key.arn, backup.vault_lock)]
    if backup.dr_vault_name is not None and outputs.dr_region is not None:
        assert key.replica_arn is not None  # checked when the outputs were read
        vaults.append(Vault("dr", backup.dr_vault_name, outputs.dr_region, key.replica_arn, backup.dr_vault_lock))
    return [Target(f"{vault.role} vault {vault.name} ({vault.region})", vault) for vault in vaults]


def _protected(outputs: VerifyOutputs) -> Targets:
    if outputs.backup is None:
        return "no backup in the outputs (the stack has no database)"
    return [Target(arn, arn) for arn in outputs.backup.protected_resource_arns] or "no protected resource"


def _verifier(ctx: Context) -> BackupVerifier:
    return BackupVerifier(ctx.outputs, ctx.clients, ctx.clock)


def _lock(ctx: Context, vault: Vault) -> Verdict:
    verifier = _verifier(ctx)
    if vault.lock is None and not verifier.lock_required:
        return skipped(f"no vault lock declared in {ctx.outputs.environment}")
    check = verifier.vault(vault.role, vault.name, vault.region, vault.lock)
    bounds = f"{check.min_retention_days}-{check.max_retention_days} days"
    return verdict_of(check.problems, f"compliance-mode lock since {check.lock_date}, retention {bounds}")


def _key(ctx: Context, vault: Vault) -> Verdict:
    described = call(ctx.clients("backup", vault.region), "describe_backup_vault", BackupVaultName=vault.name)
    actual = described.get("EncryptionKeyArn")
    problems = [] if actual == vault.key_arn else [f"recovery points encrypted with {actual}, expected {vault.key_arn}"]
    return verdict_of(problems, "recovery points encrypted with the backup key")


def _recovery_points(ctx: Context, resource_arn: str) -> Verdict:
    backup = ctx.outputs.backup
    assert backup is not None  # targets exist only with a backup
    check = _verifier(ctx).resource(backup, resource_arn)
    seen = [f"snapshot {check.recovery_point['created_at']}" if check.recovery_point else None]
    seen += [f"point-in-time to {check.latest_restorable_time}" if check.latest_restorable_time else None]
    seen += [f"DR copy {check.dr_copy['created_at']}" if check.dr_copy else None]
    return verdict_of(check.problems, ", ".join(part for part in seen if part))


CHECKS = (
    Check(
        id="backup.vault-lock",
        title="Each backup vault has a compliance-mode lock past its grace time, with the declared retention bounds",
        calls=("backup:DescribeBackupVault",),
        policies=("backup-vault-lock",),
        targets=_vaults,
        run=_lock,
    ),
    Check(
        id="backup.vault-key",
        title="Each backup vault encrypts recovery points with the backup key of its region",
        calls=("backup:DescribeBackupVault",),
        policies=("backup-vault-cmk",),
        targets=_vaults,
        run=_key,
    ),
    Check(
        id="backup.recovery-points",
        title="Each protected resource has a fresh snapshot, active point-in-time recovery where declared, "
        "and a fresh copy in the DR vault",
        calls=("backup:ListRecoveryPointsByBackupVault", "rds:DescribeDBClusters"),
        policies=("backup-selection-coverage", "backup-plan-continuous", "backup-plan-copy-to-dr"),
        targets=_protected,
        run=_recovery_points,
    ),
)
