"""Feature flags on AWS AppConfig, rolled out gradually and rolled back by CloudWatch alarms.

Creates, in one region: an application, one environment whose monitors are the given alarms (with a
role AppConfig assumes to read exactly those alarms; more alarms than AppConfig watches are combined
into one composite alarm, in ALARM when any of them is), a feature-flag configuration profile in the
hosted store encrypted with a CMK, the initial flags as a hosted configuration version, a deployment
strategy, and the deployment of that version to the environment with that strategy. While the
deployment grows and bakes, any monitor in ALARM (or INSUFFICIENT_DATA) makes AppConfig roll it back
to the previous version, without a person.

Workloads read the flags through the AppConfig Agent (`agent_target` gives it the identifiers);
`grant_read` lets one role read this profile in this environment and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.reference import appconfig as facts
from components.support.grants import grant_to_role
from components.support.iam import document, service_trust, statement
from components.support.validation import require_between

APPCONFIG_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")


@dataclass(frozen=True, kw_only=True)
class Flag:
    """One boolean feature flag.

    Attributes:
        key: Flag key (`^[a-z][a-zA-Z0-9_-]{0,63}$`), what the code asks the agent for.
        name: Human name, 1-64 characters. Default: - the key.
        enabled: The flag's value in this environment. Default: false
        description: What the flag turns on, at most 1024 characters. Default: - none.
    """

    key: str
    name: str | None = None
    enabled: bool = False
    description: str = ""

    def __post_init__(self) -> None:
        if not facts.FLAG_KEY.match(self.key):
            raise ValueError(f"Flag.key: must match {facts.FLAG_KEY.pattern} (got {self.key!r})")
        if not 1 <= len(self.name or self.key) <= facts.FLAG_NAME_MAX:
            raise ValueError(f"Flag.name: must be 1-{facts.FLAG_NAME_MAX} characters (got {self.name!r})")
        if len(self.description) > facts.FLAG_DESCRIPTION_MAX:
            raise ValueError(f"Flag.description: must be at most {facts.FLAG_DESCRIPTION_MAX} characters")


@dataclass(frozen=True, kw_only=True)
class RolloutStrategy:
    """How a new flag version reaches the environment's targets.

    Attributes:
        duration_minutes: Time over which the version grows to every target, 0-1440 (0 with 100%
            growth: all at once).
        growth_factor: Percent of targets added at each step, 1-100.
        final_bake_time_minutes: Minutes the alarms keep watching after 100% before the deployment
            completes (and can no longer roll back by itself), 0-1440.
        growth_type: LINEAR or EXPONENTIAL. Default: LINEAR
    """

    duration_minutes: int
    growth_factor: float
    final_bake_time_minutes: int
    growth_type: str = "LINEAR"

    def __post_init__(self) -> None:
        require_between("RolloutStrategy.duration_minutes", self.duration_minutes, *facts.DEPLOYMENT_DURATION_MINUTES)
        require_between("RolloutStrategy.growth_factor", self.growth_factor, *facts.GROWTH_FACTOR_PERCENT)
        require_between(
            "RolloutStrategy.final_bake_time_minutes", self.final_bake_time_minutes, *facts.FINAL_BAKE_TIME_MINUTES
        )
        if self.growth_type not in facts.GROWTH_TYPES:
            raise ValueError(
                f"RolloutStrategy.growth_type: must be one of {list(facts.GROWTH_TYPES)} (got {self.growth_type!r})"
            )

    @property
    def all_at_once(self) -> bool:
        return self.growth_factor >= 100 or self.duration_minutes == 0


@dataclass(frozen=True, kw_only=True)
class FeatureFlagsArgs:
    """Inputs for `FeatureFlags`.

    Attributes:
        application_name: AppConfig application (the app), letters, digits, `_ . -`, 1-64 characters.
        environment_name: AppConfig environment (the stack's environment), same characters.
        region: Region of the AppConfig resources (and of the monitored alarms).
        account_id: Account of the resources.
        kms_key_arn: CMK of the hosted configuration versions and of the deployed data.
        flags: The flags and their values in this environment (at least one).
        strategy: How a version rolls out.
        monitor_alarm_arns: CloudWatch alarms in `region` that roll a deployment back, at most 100 (more
            than 5 are watched through one composite alarm). Default: - none (no automatic rollback; the
            policy pack requires monitors in staging/prod).
        profile_name: Name of the configuration profile. Default: "feature-flags"
    """

    application_name: str
    environment_name: str
    region: str
    account_id: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]
    flags: Sequence[Flag]
    strategy: RolloutStrategy
    monitor_alarm_arns: Sequence[pulumi.Input[str]] = ()
    profile_name: str = "feature-flags"

    def __post_init__(self) -> None:
        for field, value in (
            ("application_name", self.application_name),
            ("environment_name", self.environment_name),
            ("profile_name", self.profile_name),
        ):
            if not APPCONFIG_NAME.match(value):
                raise ValueError(f"FeatureFlagsArgs.{field}: must match {APPCONFIG_NAME.pattern} (got {value!r})")
        if not self.flags:
            raise ValueError("FeatureFlagsArgs.flags: must hold at least one flag (got none)")
        keys = [flag.key for flag in self.flags]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"FeatureFlagsArgs.flags: keys must be unique (repeated: {duplicates})")
        if len(self.content.encode()) > facts.MAX_HOSTED_CONTENT_BYTES:
            raise ValueError(
                f"FeatureFlagsArgs.flags: the flags document must fit AppConfig's {facts.MAX_HOSTED_CONTENT_BYTES} "
                f"bytes (got {len(self.content.encode())})"
            )
        if len(self.monitor_alarm_arns) > facts.MAX_COMPOSITE_CHILDREN:
            raise ValueError(
                f"FeatureFlagsArgs.monitor_alarm_arns: at most {facts.MAX_COMPOSITE_CHILDREN} alarms (a composite "
                f"alarm's limit; got {len(self.monitor_alarm_arns)})"
            )

    @property
    def combines_monitors(self) -> bool:
        """More alarms than AppConfig watches per environment: they are watched through one composite."""
        return len(self.monitor_alarm_arns) > facts.MAX_MONITORS

    @property
    def content(self) -> str:
        """The hosted configuration: the AWS.AppConfig.FeatureFlags document, keys sorted (stable hash)."""
        return json.dumps(
            {
                "version": facts.FLAGS_SCHEMA_VERSION,
                "flags": {
                    flag.key: {
                        "name": flag.name or flag.key,
                        **({"description": flag.description} if flag.description else {}),
                    }
                    for flag in self.flags
                },
                "values": {flag.key: {"enabled": flag.enabled} for flag in self.flags},
            },
            sort_keys=True,
        )


@dataclass(frozen=True)
class AgentTarget:
    """What the AppConfig Agent fetches: identifiers of the application, environment and profile."""

    region: str
    application_id: pulumi.Output[str]
    environment_id: pulumi.Output[str]
    profile_id: pulumi.Output[str]


class FeatureFlags(pulumi.ComponentResource):
    """An AppConfig application, environment with alarm monitors, flag profile, version and rollout."""

    application: aws.appconfig.Application
    environment: aws.appconfig.Environment
    profile: aws.appconfig.ConfigurationProfile
    deployment: aws.appconfig.Deployment
    monitor_role: aws.iam.Role | None
    rollback_alarm: aws.cloudwatch.CompositeAlarm | None

    def __init__(self, name: str, args: FeatureFlagsArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:releases:FeatureFlags", name, None, opts)
        self._name = name
        self._args = args
        child = pulumi.ResourceOptions(parent=self)
        self.application = aws.appconfig.Application(
            f"{name}-application",
            name=args.application_name,
            description=f"{args.application_name}: feature flags",
            opts=child,
        )
        self.rollback_alarm = self._create_rollback_alarm() if args.combines_monitors else None
        self.monitor_role = self._create_monitor_role() if args.monitor_alarm_arns else None
        self.environment = aws.appconfig.Environment(
            f"{name}-environment",
            application_id=self.application.id,
            name=args.environment_name,
            description=f"{args.environment_name}: rollouts watched by the service alarms",
            monitors=self._monitors(),
            opts=child,
        )
        self.profile = aws.appconfig.ConfigurationProfile(
            f"{name}-profile",
            application_id=self.application.id,
            name=args.profile_name,
            description="Feature flags, in the AppConfig hosted store",
            location_uri=facts.HOSTED,
            type=facts.FEATURE_FLAGS_TYPE,
            kms_key_identifier=args.kms_key_arn,
            opts=child,
        )
        self.deployment = self._deploy(child)
        self.register_outputs(
            {
                "application_id": self.application.id,
                "environment_id": self.environment.environment_id,
                "profile_id": self.profile.configuration_profile_id,
                "deployment_number": self.deployment.deployment_number,
            }
        )

    @property
    def agent_target(self) -> AgentTarget:
        return AgentTarget(
            region=self._args.region,
            application_id=self.application.id,
            environment_id=self.environment.environment_id,
            profile_id=self.profile.configuration_profile_id,
        )

    @property
    def configuration_arn(self) -> pulumi.Output[str]:
        """The profile as deployed to this environment: the resource the agent's reads are granted on."""
        args = self._args
        return pulumi.Output.all(
            args.account_id,
            self.application.id,
            self.environment.environment_id,
            self.profile.configuration_profile_id,
        ).apply(
            lambda ids: facts.CONFIGURATION_ARN.format(
                region=args.region, account=ids[0], application=ids[1], environment=ids[2], profile=ids[3]
            )
        )

    def grant_read(self, role: aws.iam.Role) -> aws.iam.RolePolicy:
        """`appconfig:StartConfigurationSession` and `appconfig:GetLatestConfiguration` on this profile in
        this environment only (what the AppConfig Agent calls with the pod's credentials)."""
        return grant_to_role(
            self,
            self._name,
            role,
            "read",
            [statement("ReadFeatureFlags", facts.READ_ACTIONS, [self.configuration_arn])],
        )

    @property
    def monitored_alarm_arns(self) -> list[pulumi.Input[str]]:
        """The alarms the environment watches: the given ones, or their composite."""
        if self.rollback_alarm is not None:
            return [self.rollback_alarm.arn]
        return list(self._args.monitor_alarm_arns)

    def _monitors(self) -> list[aws.appconfig.EnvironmentMonitorArgs]:
        role = self.monitor_role
        if role is None:
            return []
        return [
            aws.appconfig.EnvironmentMonitorArgs(alarm_arn=alarm, alarm_role_arn=role.arn)
            for alarm in self.monitored_alarm_arns
        ]

    def _create_rollback_alarm(self) -> aws.cloudwatch.CompositeAlarm:
        """One composite alarm, in ALARM when any given alarm is. It has no actions (the given alarms
        notify already), yet its actions stay enabled: AppConfig does not roll back on an alarm whose
        actions are disabled."""
        args = self._args
        rule = pulumi.Output.all(*args.monitor_alarm_arns).apply(rollback_rule)
        return aws.cloudwatch.CompositeAlarm(
            f"{self._name}-rollback-alarm",
            alarm_name=f"{args.application_name}-{args.environment_name}-flags-rollback",
            alarm_description=f"{args.application_name} {args.environment_name}: any alarm watching flag rollouts",
            alarm_rule=rule,
            actions_enabled=True,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _create_monitor_role(self) -> aws.iam.Role:
        """The role AppConfig assumes to read the monitored alarms: DescribeAlarms on those alarms only."""
        role = aws.iam.Role(
            f"{self._name}-monitor-role",
            description=f"{self._name}: AppConfig reads the rollout alarms",
            assume_role_policy=service_trust(facts.SERVICE_PRINCIPAL),
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.iam.RolePolicy(
            f"{self._name}-monitor-role-alarms",
            role=role.id,
            name=f"{self._name}-describe-alarms",
            policy=document([statement("DescribeRolloutAlarms", facts.MONITOR_ACTIONS, self.monitored_alarm_arns)]),
            opts=pulumi.ResourceOptions(parent=self),
        )
        return role

    def _deploy(self, child: pulumi.ResourceOptions) -> aws.appconfig.Deployment:
        args, name = self._args, self._name
        strategy = args.strategy
        content = args.content
        label = f"flags-{hashlib.sha256(content.encode()).hexdigest()[:12]}"
        # A changed content is a new version (AppConfig versions are immutable). Old versions are kept
        # (retain_on_delete): a rollback returns the environment to the previous one.
        version = aws.appconfig.HostedConfigurationVersion(
            f"{name}-version",
            application_id=self.application.id,
            configuration_profile_id=self.profile.configuration_profile_id,
            content=content,
            content_type=facts.CONTENT_TYPE,
            description="Feature flags from the stack settings",
            version_label=label,
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=True),
        )
        rollout = aws.appconfig.DeploymentStrategy(
            f"{name}-strategy",
            name=f"{args.application_name}-{args.environment_name}-flags",
            description="all at once" if strategy.all_at_once else "gradual, watched by the environment's alarms",
            deployment_duration_in_minutes=strategy.duration_minutes,
            growth_factor=strategy.growth_factor,
            growth_type=strategy.growth_type,
            final_bake_time_in_minutes=strategy.final_bake_time_minutes,
            replicate_to=facts.REPLICATE_TO_NONE,
            opts=child,
        )
        return aws.appconfig.Deployment(
            f"{name}-deployment",
            application_id=self.application.id,
            environment_id=self.environment.environment_id,
            configuration_profile_id=self.profile.configuration_profile_id,
            configuration_version=version.version_number.apply(str),
            deployment_strategy_id=rollout.id,
            kms_key_identifier=args.kms_key_arn,
            description=label,
            opts=child,
        )


def rollback_rule(alarm_arns: Sequence[str]) -> str:
    """A composite alarm rule in ALARM when any of `alarm_arns` is; refuses a rule CloudWatch would."""
    rule = " OR ".join(f'ALARM("{arn}")' for arn in alarm_arns)
    if len(rule) > facts.MAX_ALARM_RULE_CHARS:
        raise ValueError(
            f"FeatureFlagsArgs.monitor_alarm_arns: the composite rule must fit {facts.MAX_ALARM_RULE_CHARS} "
            f"characters (got {len(rule)})"
        )
    return rule
