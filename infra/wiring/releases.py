"""Wiring of safe releases: the `releases:` section as AppConfig feature flags whose rollouts the
services' alarms watch, the identifiers the Kubernetes layer's AppConfig Agent sidecars poll (each
service with `needs.flags` gets one there), and the grant of each such service.

AppConfig is regional: where the DR region runs a warm standby it gets its own application,
environment and flags (the same settings, deployed by the same `pulumi up`), watched by the DR
region's alarms, so the standby's services read flags in their own region.

Entry points, in program order: `rollback_alarm_arns` (per service, its health alarm and its queues'
alarms, once the observability layer has made them), `build_releases` (takes those monitors),
`grant_flag_reads` (after the services' roles), `flag_facts` (into each cluster's facts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.foundation.keys import KeyRing
from components.releases.feature_flags import FeatureFlags, FeatureFlagsArgs, Flag, RolloutStrategy
from infra.providers import Providers, in_region
from infra.settings import StackSettings
from infra.settings.services import ServiceSettings
from infra.wiring.messaging import runs_standby

# Interface endpoint the AppConfig Agent reaches the AppConfig data plane through.
ENDPOINT_SERVICES = ("appconfigdata",)


@dataclass(frozen=True)
class Releases:
    """The feature flags of the primary region, and of the DR region for a warm standby."""

    flags: FeatureFlags
    standby_flags: FeatureFlags | None = None

    def of(self, *, standby: bool) -> FeatureFlags | None:
        return self.standby_flags if standby else self.flags


def endpoint_services(settings: StackSettings) -> tuple[str, ...]:
    """The interface endpoints the network needs for the flags (none without a `releases:` section)."""
    return ENDPOINT_SERVICES if settings.releases is not None else ()


def build_releases(
    settings: StackSettings,
    providers: Providers,
    account_id: pulumi.Input[str],
    keys: KeyRing,
    *,
    monitor_alarm_arns: Mapping[str, Sequence[pulumi.Input[str]]],
    standby_monitor_alarm_arns: Mapping[str, Sequence[pulumi.Input[str]]] | None = None,
) -> Releases | None:
    """The flags on the release key, rolled out by the environment's strategy; the environment's
    monitors are every alarm in `monitor_alarm_arns` (per service: its health, its queues' health),
    each once. `standby_monitor_alarm_arns`: the same for the DR region's standby.

    Returns None when the stack has no `releases:` section."""
    if settings.releases is None:
        return None
    flags = _flags(
        settings, "", settings.region, providers.primary, account_id, keys.key_arn("releases"), monitor_alarm_arns
    )
    standby = None
    if runs_standby(settings):
        assert settings.dr.region is not None and providers.dr is not None  # settings require both
        standby = _flags(
            settings,
            "-dr",
            settings.dr.region,
            providers.dr,
            account_id,
            keys.replica_key_arn("releases"),
            standby_monitor_alarm_arns or {},
        )
    releases = Releases(flags=flags, standby_flags=standby)
    _export(releases)
    return releases


def rollback_alarm_arns(
    queue_alarms: Mapping[str, Sequence[pulumi.Input[str]]], health_alarms: Mapping[str, pulumi.Input[str]]
) -> dict[str, list[pulumi.Input[str]]]:
    """Per service, what rolls a flag rollout back: its composite health alarm (availability, latency,
    targets, pods) and the alarms of the queues it uses."""
    services = sorted(set(queue_alarms) | set(health_alarms))
    return {
        service: [*([health_alarms[service]] if service in health_alarms else []), *queue_alarms.get(service, ())]
        for service in services
    }


def flag_facts(releases: Releases | None, *, standby: bool = False) -> dict[str, pulumi.Input[str]]:
    """What the Kubernetes layer's flag agents poll in the cluster's region (`ClusterFacts.feature_flags`):
    the application, environment and profile ids; with `standby`, the DR region's. Empty without flags."""
    flags = releases.of(standby=standby) if releases is not None else None
    if flags is None:
        return {}
    target = flags.agent_target
    return {
        "application_id": target.application_id,
        "environment_id": target.environment_id,
        "profile_id": target.profile_id,
    }


def grant_flag_reads(
    releases: Releases | None,
    services: Sequence[ServiceSettings],
    roles: Mapping[str, aws.iam.Role],
    *,
    standby: bool = False,
) -> None:
    """Lets each service with `needs.flags` read the flags profile of its region, nothing else."""
    for service in services:
        if service.needs.flags:
            flags = _require(releases, service.name).of(standby=standby)
            assert flags is not None  # a standby has flags when it runs
            flags.grant_read(roles[service.name])


def _flags(
    settings: StackSettings,
    suffix: str,
    region: str,
    provider: aws.Provider,
    account_id: pulumi.Input[str],
    key_arn: pulumi.Input[str],
    monitor_alarm_arns: Mapping[str, Sequence[pulumi.Input[str]]],
) -> FeatureFlags:
    release = settings.releases
    assert release is not None  # checked by build_releases
    strategy = release.strategy
    return FeatureFlags(
        f"{settings.prefix}-flags{suffix}",
        FeatureFlagsArgs(
            application_name=settings.app,
            environment_name=settings.environment,
            region=region,
            account_id=account_id,
            kms_key_arn=key_arn,
            flags=[
                Flag(key=flag.key, name=flag.name, enabled=flag.enabled, description=flag.description)
                for flag in release.flags
            ],
            strategy=RolloutStrategy(
                duration_minutes=strategy.duration_minutes,
                growth_factor=strategy.growth_factor,
                growth_type=strategy.growth_type,
                final_bake_time_minutes=strategy.final_bake_time_minutes,
            ),
            monitor_alarm_arns=_each_once(monitor_alarm_arns),
        ),
        opts=in_region(provider),
    )


def _each_once(per_service: Mapping[str, Sequence[pulumi.Input[str]]]) -> list[pulumi.Input[str]]:
    """Every alarm of every service, once (two services using one queue share its alarms), in service
    order. Alarms are Outputs, compared by identity: each alarm resource yields one ARN Output."""
    seen: dict[int, pulumi.Input[str]] = {}
    for service in sorted(per_service):
        for alarm in per_service[service]:
            seen.setdefault(id(alarm), alarm)
    return list(seen.values())


def _require(releases: Releases | None, service: str) -> Releases:
    if releases is None:
        raise ValueError(f"service {service!r} reads flags, but the stack has no `releases:` section")
    return releases


def _export(releases: Releases) -> None:
    """The flags part of the stack outputs (docs/stack-outputs.md)."""

    def identifiers(flags: FeatureFlags | None) -> dict[str, object] | None:
        if flags is None:
            return None
        target = flags.agent_target
        return {
            "region": target.region,
            "application_id": target.application_id,
            "environment_id": target.environment_id,
            "profile_id": target.profile_id,
            "deployment_number": flags.deployment.deployment_number,
            "monitor_alarm_arns": flags.monitored_alarm_arns,
        }

    pulumi.export("feature_flags", identifiers(releases.flags))
    pulumi.export("standby_feature_flags", identifiers(releases.standby_flags))
