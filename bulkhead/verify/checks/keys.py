"""Customer-managed keys: every purpose's key enabled and rotating, and its DR replica in place."""

from __future__ import annotations

from bulkhead.runbooks.aws import call
from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, verdict_of
from bulkhead.verify.outputs import KeyOutput, VerifyOutputs


def _keys(outputs: VerifyOutputs) -> Targets:
    return [Target(f"{purpose} key", key) for purpose, key in sorted(outputs.keys.items())]


def _replicated_keys(outputs: VerifyOutputs) -> Targets:
    targets = [Target(f"{purpose} key", key) for purpose, key in sorted(outputs.keys.items()) if key.replica_arn]
    return targets or "no replica keys in the outputs: the environment has no DR region"


def _usable_problems(metadata: dict, arn: str) -> list[str]:
    problems = []
    if metadata.get("KeyState") != "Enabled":
        problems.append(f"{arn} is {metadata.get('KeyState')!r}, expected 'Enabled'")
    if metadata.get("KeyManager") != "CUSTOMER":
        problems.append(f"{arn} is managed by {metadata.get('KeyManager')!r}, expected a customer-managed key")
    return problems


def _rotation(ctx: Context, key: KeyOutput) -> Verdict:
    problems = _usable_problems(reads.kms_key(ctx, key.arn), key.arn)
    status = call(ctx.clients("kms", ctx.outputs.primary_region), "get_key_rotation_status", KeyId=key.arn)
    if not status.get("KeyRotationEnabled"):
        problems.append(f"automatic rotation is off for {key.arn}")
    period = status.get("RotationPeriodInDays")
    return verdict_of(problems, f"enabled, rotating{f' every {period} days' if period else ''}")


def _replica(ctx: Context, key: KeyOutput) -> Verdict:
    assert key.replica_arn is not None  # targets are replicated keys only
    metadata = reads.kms_key(ctx, key.replica_arn)
    problems = _usable_problems(metadata, key.replica_arn)
    region = metadata.get("MultiRegionConfiguration", {})
    if region.get("MultiRegionKeyType") != "REPLICA":
        problems.append(f"{key.replica_arn} is not a multi-Region replica key")
    primary = region.get("PrimaryKey", {}).get("Arn")
    if primary != key.arn:
        problems.append(f"{key.replica_arn} replicates {primary}, expected {key.arn}")
    return verdict_of(problems, f"replica {key.replica_arn} of {key.arn}, enabled")


CHECKS = (
    Check(
        id="keys.rotation",
        title="Each purpose's key is a customer-managed key, enabled, with automatic rotation on",
        calls=("kms:DescribeKey", "kms:GetKeyRotationStatus"),
        policies=("kms-key-rotation",),
        targets=_keys,
        run=_rotation,
    ),
    Check(
        id="keys.replica",
        title="Each key's replica in the DR region exists, is enabled and replicates that key",
        calls=("kms:DescribeKey",),
        policies=("kms-multi-region-replicas",),
        targets=_replicated_keys,
        run=_replica,
    ),
)
