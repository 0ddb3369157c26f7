"""AppConfig feature flags (`feature_flags`, `standby_feature_flags`): each region's environment watched by the
alarms that roll a bad rollout back, and its flags profile in the hosted store on the releases key, as
components/releases/feature_flags.py creates them."""

from __future__ import annotations

from bulkhead.runbooks.aws import call
from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, verdict_of
from bulkhead.verify.outputs import RELEASES_KEY, FeatureFlagsOutput, VerifyOutputs
from components.reference.appconfig import FEATURE_FLAGS_TYPE, HOSTED

# Where a rollout without a monitor is refused (the pack's appconfig-environment-monitors floor).
MONITORED_ENVIRONMENTS = ("staging", "prod")


def _flags(outputs: VerifyOutputs) -> Targets:
    found = [flags for flags in (outputs.feature_flags, outputs.standby_feature_flags) if flags is not None]
    return [Target(f"flags ({flags.region})", flags) for flags in found] or "no feature flags in the outputs"


def _monitors(ctx: Context, flags: FeatureFlagsOutput) -> Verdict:
    environment = call(
        ctx.clients("appconfig", flags.region),
        "get_environment",
        ApplicationId=flags.application_id,
        EnvironmentId=flags.environment_id,
    )
    watched = {monitor.get("AlarmArn") for monitor in environment.get("Monitors") or []}
    problems = [f"rollouts are not rolled back on {arn}" for arn in flags.monitor_alarm_arns if arn not in watched]
    if not watched and ctx.outputs.environment in MONITORED_ENVIRONMENTS:
        problems.append("the environment has no monitor: a bad rollout is never rolled back")
    return verdict_of(problems, f"environment {flags.environment_id} watched by {len(watched)} alarm(s)")


def _profile(ctx: Context, flags: FeatureFlagsOutput) -> Verdict:
    profile = call(
        ctx.clients("appconfig", flags.region),
        "get_configuration_profile",
        ApplicationId=flags.application_id,
        ConfigurationProfileId=flags.profile_id,
    )
    problems = []
    if profile.get("Type") != FEATURE_FLAGS_TYPE or profile.get("LocationUri") != HOSTED:
        problems.append(
            f"profile {flags.profile_id} is {profile.get('Type')!r} in {profile.get('LocationUri')!r}, "
            f"expected {FEATURE_FLAGS_TYPE!r} in {HOSTED!r}"
        )
    expected = ctx.outputs.regional_key(RELEASES_KEY, flags.region)
    mismatch = reads.key_mismatch("the flags profile", profile.get("KmsKeyArn"), expected, RELEASES_KEY)
    problems += [mismatch] if mismatch else []
    return verdict_of(problems, f"profile {flags.profile_id}: hosted feature flags on the releases key")


CHECKS = (
    Check(
        id="releases.monitors",
        title="Each region's flags environment rolls a rollout back on every alarm the stack declares "
        "(and has at least one in staging and prod)",
        calls=("appconfig:GetEnvironment",),
        policies=("appconfig-environment-monitors",),
        targets=_flags,
        run=_monitors,
    ),
    Check(
        id="releases.profile",
        title="Each region's flags profile exists, holds feature flags in the hosted store, encrypted with the "
        "releases key of its region",
        calls=("appconfig:GetConfigurationProfile",),
        policies=("appconfig-hosted-configuration-cmk",),
        targets=_flags,
        run=_profile,
    ),
)
