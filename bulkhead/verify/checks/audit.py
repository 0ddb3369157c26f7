"""The account's audit baseline (`account_baseline` output): the CloudTrail trail and its Object Lock
bucket, the GuardDuty detectors and the Security Hub hubs, as components/observability/audit_trail.py and
account_baseline.py create them.

The baseline is an account singleton: one stack owns it, the others re-export the owner's identifiers.
Every stack verifies it all the same (the reads change nothing), and says whose it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bulkhead.arns import region_of
from bulkhead.runbooks.aws import AwsCallError, call, paginate
from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, verdict_of
from bulkhead.verify.outputs import AUDIT_KEY, VerifyOutputs
from bulkhead.verify.policy_documents import insecure_transport_problem
from components.reference.guardduty import EKS_ADDON_MANAGEMENT, FINDINGS_FREQUENCY, RUNTIME_MONITORING
from components.reference.security_hub import CONSOLIDATED_FINDINGS

ENABLED = "ENABLED"
# A subscribed standard as Security Hub reports it: being set up, running, or running with some controls
# that could not be enabled (INCOMPLETE, still subscribed). FAILED and DELETING are not subscriptions.
SUBSCRIBED = ("PENDING", "READY", "INCOMPLETE")
NO_BASELINE = "no account_baseline in the outputs"
# The bucket policy denies every S3 action without TLS, on the bucket and on its objects.
ALL_S3_ACTIONS = ("s3:*",)
PUBLIC_ACCESS_BLOCK = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")
# What S3 answers when the bucket has none of that configuration (an absence, not a failed read).
NO_LOCK = "ObjectLockConfigurationNotFoundError"
NO_PUBLIC_ACCESS_BLOCK = "NoSuchPublicAccessBlockConfiguration"
NO_POLICY = "NoSuchBucketPolicy"
NO_ENCRYPTION = "ServerSideEncryptionConfigurationNotFoundError"


@dataclass(frozen=True)
class Trail:
    arn: str
    bucket: str
    key_arn: str | None  # the audit key, when this stack owns the trail


@dataclass(frozen=True)
class AuditBucket:
    name: str
    region: str  # the trail's home region
    lock_mode: str  # the default retention mode the baseline declares
    key_arn: str | None  # the audit key, when this stack owns the trail


@dataclass(frozen=True)
class Regional:
    """One region's detector or hub, and what the baseline declares of it."""

    region: str
    identifier: str  # detector id or hub ARN
    declared: tuple[str, ...]  # the detector's features or the hub's standards ARNs


def _whose(outputs: VerifyOutputs) -> str:
    baseline = outputs.account_baseline
    assert baseline is not None  # targets exist only with a baseline
    if outputs.owns_account_baseline:
        return ""
    return f" (owned by {baseline.owned_by}, verified read-only)"


def _trails(outputs: VerifyOutputs) -> Targets:
    baseline = outputs.account_baseline
    if baseline is None:
        return NO_BASELINE
    key = outputs.key(AUDIT_KEY).arn if outputs.owns_account_baseline else None
    name, home = baseline.trail_arn.rsplit("/", 1)[-1], region_of(baseline.trail_arn)
    return [Target(f"trail {name} ({home})", Trail(baseline.trail_arn, baseline.audit_bucket, key))]


def _buckets(outputs: VerifyOutputs) -> Targets:
    baseline = outputs.account_baseline
    if baseline is None:
        return NO_BASELINE
    key = outputs.key(AUDIT_KEY).arn if outputs.owns_account_baseline else None
    home = region_of(baseline.trail_arn) or ""
    bucket = AuditBucket(baseline.audit_bucket, home, baseline.audit_bucket_lock_mode, key)
    return [Target(f"bucket {bucket.name} ({home})", bucket)]


def _detectors(outputs: VerifyOutputs) -> Targets:
    baseline = outputs.account_baseline
    if baseline is None:
        return NO_BASELINE
    features = tuple(baseline.detector_features)
    return [
        Target(f"detector ({region})", Regional(region, detector, features))
        for region, detector in sorted(baseline.detector_ids.items())
    ] or "no GuardDuty detector in the outputs"


def _hubs(outputs: VerifyOutputs) -> Targets:
    baseline = outputs.account_baseline
    if baseline is None:
        return NO_BASELINE
    return [
        Target(f"hub ({region})", Regional(region, arn, tuple(baseline.security_hub_standards.get(region, []))))
        for region, arn in sorted(baseline.security_hub_arns.items())
    ] or "no Security Hub hub in the outputs"


def _trail(ctx: Context, trail: Trail) -> Verdict:
    home = region_of(trail.arn) or ""
    client = ctx.clients("cloudtrail", home)
    described = call(client, "get_trail", Name=trail.arn).get("Trail", {})
    status = call(client, "get_trail_status", Name=trail.arn)
    problems = []
    for field, what in (
        ("IsMultiRegionTrail", "the trail records one region only"),
        ("IncludeGlobalServiceEvents", "the trail leaves out global service events (IAM, STS)"),
        ("LogFileValidationEnabled", "log file validation is off: altered log files go unnoticed"),
    ):
        if not described.get(field):
            problems.append(what)
    if described.get("S3BucketName") != trail.bucket:
        problems.append(f"the trail delivers to {described.get('S3BucketName')!r}, expected {trail.bucket!r}")
    key = described.get("KmsKeyId")
    if trail.key_arn is not None:
        mismatch = reads.key_mismatch("each log file", key, trail.key_arn, AUDIT_KEY)
        problems += [mismatch] if mismatch else []
    elif not key:
        problems.append("log files are not encrypted with a customer-managed key")
    if not status.get("IsLogging"):
        problems.append("the trail is not logging")
    return verdict_of(problems, f"logging, every region, validated, on {key}{_whose(ctx.outputs)}")


def _unless_absent(absent: str, read: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """One S3 read of the bucket; {} when S3 says the bucket has no such configuration (error code `absent`)."""
    try:
        return read()
    except AwsCallError as exc:
        if exc.code == absent:
            return {}
        raise


def _lock_problems(configuration: dict[str, Any], expected_mode: str) -> list[str]:
    if configuration.get("ObjectLockEnabled") != "Enabled":
        return ["Object Lock is not enabled: log files can be deleted or overwritten"]
    retention = configuration.get("Rule", {}).get("DefaultRetention")
    if not retention:
        return ["Object Lock has no default retention: new log files are not locked"]
    if retention.get("Mode") != expected_mode:
        return [f"the default retention is in {retention.get('Mode')} mode, expected {expected_mode}"]
    return []


def _encryption_problems(configuration: dict[str, Any], key_arn: str | None) -> list[str]:
    rules = configuration.get("Rules", [])
    default = rules[0].get("ApplyServerSideEncryptionByDefault", {}) if rules else {}
    algorithm, key = default.get("SSEAlgorithm"), default.get("KMSMasterKeyID")
    if algorithm not in KMS_ALGORITHMS:
        return [f"new objects are encrypted with {algorithm or 'no default encryption'}, not a KMS key"]
    if key_arn is not None:
        mismatch = reads.key_mismatch("each new object", key, key_arn, AUDIT_KEY)
        return [mismatch] if mismatch else []
    return [] if key else ["new objects are encrypted with the AWS managed key, not a customer-managed key"]


def _bucket(ctx: Context, bucket: AuditBucket) -> Verdict:
    s3 = ctx.clients("s3", bucket.region)
    lock = _unless_absent(NO_LOCK, lambda: call(s3, "get_object_lock_configuration", Bucket=bucket.name))
    problems = _lock_problems(lock.get("ObjectLockConfiguration", {}), bucket.lock_mode)
    versioning = call(s3, "get_bucket_versioning", Bucket=bucket.name).get("Status")
    if versioning != "Enabled":
        problems.append(f"versioning is {versioning or 'off'}, not Enabled")
    block = _unless_absent(NO_PUBLIC_ACCESS_BLOCK, lambda: call(s3, "get_public_access_block", Bucket=bucket.name))
    settings = block.get("PublicAccessBlockConfiguration", {})
    if off := [name for name in PUBLIC_ACCESS_BLOCK if not settings.get(name)]:
        problems.append(f"public access is not blocked: {', '.join(off)} off")
    policy = _unless_absent(NO_POLICY, lambda: call(s3, "get_bucket_policy", Bucket=bucket.name)).get("Policy")
    arn = f"arn:aws:s3:::{bucket.name}"
    for what, resource in (("the bucket", arn), ("its objects", f"{arn}/*")):
        problem = insecure_transport_problem(policy, ALL_S3_ACTIONS, resource)
        problems += [f"{what}: {problem}"] if problem else []
    encryption = _unless_absent(NO_ENCRYPTION, lambda: call(s3, "get_bucket_encryption", Bucket=bucket.name))
    problems += _encryption_problems(encryption.get("ServerSideEncryptionConfiguration", {}), bucket.key_arn)
    seen = f"{bucket.lock_mode} Object Lock, versioned, private, TLS only, encrypted with a KMS key"
    return verdict_of(problems, f"{seen}{_whose(ctx.outputs)}")


def _feature_problems(features: list[dict[str, Any]], declared: tuple[str, ...]) -> list[str]:
    by_name = {feature.get("Name"): feature for feature in features}
    problems = [
        f"feature {name} is {by_name.get(name, {}).get('Status', 'absent')}"
        for name in declared
        if by_name.get(name, {}).get("Status") != ENABLED
    ]
    if RUNTIME_MONITORING in declared and RUNTIME_MONITORING in by_name:
        additional = by_name[RUNTIME_MONITORING].get("AdditionalConfiguration", [])
        agent = {c.get("Name"): c.get("Status") for c in additional}.get(EKS_ADDON_MANAGEMENT)
        if agent != ENABLED:
            problems.append(f"{RUNTIME_MONITORING} does not manage its EKS agent ({EKS_ADDON_MANAGEMENT} {agent})")
    return problems


def _detector(ctx: Context, detector: Regional) -> Verdict:
    described = call(ctx.clients("guardduty", detector.region), "get_detector", DetectorId=detector.identifier)
    problems = []
    if described.get("Status") != ENABLED:
        problems.append(f"the detector is {described.get('Status')}")
    frequency = described.get("FindingPublishingFrequency")
    if frequency != FINDINGS_FREQUENCY:
        problems.append(f"updated findings are published every {frequency}, not {FINDINGS_FREQUENCY}")
    problems += _feature_problems(described.get("Features", []), detector.declared)
    seen = f"{detector.identifier} enabled with {', '.join(detector.declared)}"
    return verdict_of(problems, f"{seen}{_whose(ctx.outputs)}")


def _hub(ctx: Context, hub: Regional) -> Verdict:
    client = ctx.clients("securityhub", hub.region)
    described = call(client, "describe_hub", HubArn=hub.identifier)  # refused when the hub is not enabled
    subscriptions = paginate(client, "get_enabled_standards", "StandardsSubscriptions")
    status = {s.get("StandardsArn"): s.get("StandardsStatus") for s in subscriptions}
    problems = [
        f"standard {arn} is {status.get(arn) or 'not subscribed'}"
        for arn in hub.declared
        if status.get(arn) not in SUBSCRIBED
    ]
    if described.get("ControlFindingGenerator") != CONSOLIDATED_FINDINGS:
        problems.append(
            f"findings are generated per standard ({described.get('ControlFindingGenerator')}), "
            f"not per security control ({CONSOLIDATED_FINDINGS})"
        )
    if not described.get("AutoEnableControls"):
        problems.append("controls added to a subscribed standard are not enabled automatically")
    seen = ", ".join(f"{arn.split('/', 1)[-1]} {status.get(arn)}" for arn in hub.declared)
    return verdict_of(problems, f"enabled, standards {seen or 'none declared'}{_whose(ctx.outputs)}")


CHECKS = (
    Check(
        id="audit.trail",
        title="The account's trail is logging every region (global events included) with validated log files, "
        "encrypted with a customer-managed key, into the audit bucket",
        calls=("cloudtrail:GetTrail", "cloudtrail:GetTrailStatus"),
        policies=("cloudtrail-trail-logging", "cloudtrail-trail-cmk"),
        targets=_trails,
        run=_trail,
    ),
    Check(
        id="audit.bucket",
        title="The trail's bucket locks every log file by default in the mode the baseline declares, is versioned, "
        "blocks all public access, refuses requests without TLS and encrypts with a KMS key",
        calls=(
            "s3:GetBucketObjectLockConfiguration",
            "s3:GetBucketVersioning",
            "s3:GetBucketPublicAccessBlock",
            "s3:GetBucketPolicy",
            "s3:GetEncryptionConfiguration",
        ),
        policies=(
            "cloudtrail-bucket-immutable",
            "s3-bucket-versioning",
            "s3-public-access-block",
            "s3-bucket-policy-tls",
            "s3-bucket-encryption-cmk",
        ),
        targets=_buckets,
        run=_bucket,
    ),
    Check(
        id="audit.guardduty",
        title="Each region's GuardDuty detector is enabled with every feature the baseline declares, "
        "runtime monitoring managing its EKS agent, publishing updated findings every 15 minutes",
        calls=("guardduty:GetDetector",),
        policies=("guardduty-detector-coverage", "guardduty-eks-protection"),
        targets=_detectors,
        run=_detector,
    ),
    Check(
        id="audit.security-hub",
        title="Each region's Security Hub is enabled, subscribed to every standard the baseline declares, with "
        "consolidated control findings and new controls enabled automatically",
        calls=("securityhub:DescribeHub", "securityhub:GetEnabledStandards"),
        policies=("securityhub-standards",),
        targets=_hubs,
        run=_hub,
    ),
)
