"""Secrets Manager: each secret on the secrets key, replicated to the DR region on the replica key,
and rotating as the stack declared."""

from __future__ import annotations

from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, failed, verdict_of
from bulkhead.verify.outputs import SECRETS_KEY, SecretOutput, VerifyOutputs

IN_SYNC = "InSync"


def _secrets(outputs: VerifyOutputs) -> Targets:
    return [Target(s.name, s) for s in outputs.secrets] or "no secret in the outputs"


def _replicated(outputs: VerifyOutputs) -> Targets:
    targets = [Target(s.name, s) for s in outputs.secrets if s.replica_region]
    return targets or "no secret replica declared: the environment has no DR region"


def _rotating(outputs: VerifyOutputs) -> Targets:
    targets = [Target(s.name, s) for s in outputs.secrets if s.rotation_days]
    return targets or "no secret with a declared rotation"


def _encryption(ctx: Context, secret: SecretOutput) -> Verdict:
    expected = ctx.outputs.key(SECRETS_KEY).arn
    mismatch = reads.key_mismatch("the secret", reads.secret(ctx, secret.arn).get("KmsKeyId"), expected, SECRETS_KEY)
    return verdict_of([mismatch] if mismatch else [], "encrypted with the secrets key")


def _replica(ctx: Context, secret: SecretOutput) -> Verdict:
    expected = ctx.outputs.key(SECRETS_KEY).replica_arn
    assert expected is not None  # checked when the outputs were read
    replicas = reads.secret(ctx, secret.arn).get("ReplicationStatus") or []
    replica = next((r for r in replicas if r.get("Region") == secret.replica_region), None)
    if replica is None:
        return failed(f"no replica in {secret.replica_region}")
    problems = []
    if replica.get("Status") != IN_SYNC:
        problems.append(
            f"replica in {secret.replica_region} is {replica.get('Status')!r}: {replica.get('StatusMessage')}"
        )
    mismatch = reads.key_mismatch("the replica", replica.get("KmsKeyId"), expected, f"{SECRETS_KEY} replica")
    problems += [mismatch] if mismatch else []
    return verdict_of(problems, f"replica in {secret.replica_region} in sync, on the secrets replica key")


def _rotation(ctx: Context, secret: SecretOutput) -> Verdict:
    described = reads.secret(ctx, secret.arn)
    if not described.get("RotationEnabled"):
        return failed("rotation is off")
    days = (described.get("RotationRules") or {}).get("AutomaticallyAfterDays")
    problems = [] if days == secret.rotation_days else [f"rotates every {days} days, declared {secret.rotation_days}"]
    return verdict_of(problems, f"rotation on, every {days} days")


CHECKS = (
    Check(
        id="secrets.encryption",
        title="Every secret is encrypted with the secrets key",
        calls=("secretsmanager:DescribeSecret",),
        policies=("secretsmanager-secret-cmk", "rds-master-secret-cmk"),
        targets=_secrets,
        run=_encryption,
    ),
    Check(
        id="secrets.replica",
        title="Every secret the stack replicates has an in-sync replica in the DR region on the replica key",
        calls=("secretsmanager:DescribeSecret",),
        policies=("secretsmanager-secret-recovery",),
        targets=_replicated,
        run=_replica,
    ),
    Check(
        id="secrets.rotation",
        title="Every secret with a declared rotation rotates, on the declared schedule",
        calls=("secretsmanager:DescribeSecret",),
        policies=("secretsmanager-secret-rotation",),
        targets=_rotating,
        run=_rotation,
    ),
)
