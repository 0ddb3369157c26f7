"""The account's audit baseline (`account_baseline` output): the CloudTrail trail, the GuardDuty detectors
and the Security Hub hubs, as components/observability/audit_trail.py and account_baseline.py create them.

The baseline is an account singleton: one stack owns it, the others re-export the owner's identifiers.
Every stack verifies it all the same (the reads change nothing), and says whose it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bulkhead.arns import region_of
from bulkhead.runbooks.aws import call, paginate
from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, verdict_of
from bulkhead.verify.outputs import AUDIT_KEY, VerifyOutputs
from components.reference.guardduty import EKS_ADDON_MANAGEMENT, FINDINGS_FREQUENCY, RUNTIME_MONITORING
from components.reference.security_hub import CONSOLIDATED_FINDINGS

ENABLED = "ENABLED"
# A subscribed standard as Security Hub reports it: being set up, running, or running with some controls
# that could not be enabled (INCOMPLETE, still subscribed). FAILED and DELETING are not subscriptions.
SUBSCRIBED = ("PENDING", "READY", "INCOMPLETE")
NO_BASELINE = "no account_baseline in the outputs"


@dataclass(frozen=True)
class Trail:
    arn: str
    bucket: str
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
