"""The feature-flag component under the recording mocks: AppConfig resources, monitors, rollout, read grant."""

import json

import pulumi
import pulumi_aws as aws
import pytest

from components.releases.feature_flags import FeatureFlags, FeatureFlagsArgs, Flag, RolloutStrategy, rollback_rule
from tests.support import ACCOUNT_ID, PRIMARY_REGION, in_provider, policy_document, provider, record

KEY = f"arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/mrk-5b7f1c0e2d3a4e8f9a6b7c8d9e0f1a2b"
ALARMS = [
    f"arn:aws:cloudwatch:us-east-1:{ACCOUNT_ID}:alarm:mobile-prod-push-jobs-dlq-not-empty",
    f"arn:aws:cloudwatch:us-east-1:{ACCOUNT_ID}:alarm:mobile-prod-push-jobs-oldest-message-age",
]
GRADUAL = RolloutStrategy(duration_minutes=30, growth_factor=10, final_bake_time_minutes=15)
FLAGS = [
    Flag(key="new-checkout", name="New checkout flow", description="The redesigned checkout"),
    Flag(key="push-batching", enabled=True),
]


def flags_args(**overrides) -> FeatureFlagsArgs:
    base = {
        "application_name": "mobile",
        "environment_name": "prod",
        "region": PRIMARY_REGION,
        "account_id": ACCOUNT_ID,
        "kms_key_arn": KEY,
        "flags": FLAGS,
        "strategy": GRADUAL,
        "monitor_alarm_arns": ALARMS,
    }
    return FeatureFlagsArgs(**{**base, **overrides})


def build(**overrides):
    def program():
        aws_provider = provider()
        flags = FeatureFlags("flags", flags_args(**overrides), in_provider(aws_provider))
        flags.grant_read(aws.iam.Role("api", assume_role_policy="{}", opts=in_provider(aws_provider)))
        pulumi.export("arn", flags.configuration_arn)

    return record(program)


@pytest.fixture(scope="module")
def recorded():
    return build()


def one(recorded, kind: str):
    return recorded.one(f"aws:appconfig/{kind[0].lower()}{kind[1:]}:{kind}")


def test_the_hosted_version_is_an_appconfig_feature_flags_document_with_the_initial_values(recorded):
    version = one(recorded, "HostedConfigurationVersion").inputs
    assert version["contentType"] == "application/json"
    # The provider marks the content sensitive: the plan keeps a placeholder, AppConfig gets the document.
    assert version["content"] == "[secret]"
    assert json.loads(flags_args().content) == {
        "version": "1",
        "flags": {
            "new-checkout": {"name": "New checkout flow", "description": "The redesigned checkout"},
            "push-batching": {"name": "push-batching"},
        },
        "values": {"new-checkout": {"enabled": False}, "push-batching": {"enabled": True}},
    }
    assert version["versionLabel"].startswith("flags-") and not version["versionLabel"][6:].isdigit()


def test_the_profile_holds_feature_flags_in_the_hosted_store_on_the_cmk(recorded):
    profile = one(recorded, "ConfigurationProfile").inputs
    assert (profile["type"], profile["locationUri"], profile["kmsKeyIdentifier"]) == (
        "AWS.AppConfig.FeatureFlags",
        "hosted",
        KEY,
    )


def test_the_environment_watches_every_alarm_through_a_role_that_reads_only_those_alarms(recorded):
    environment = one(recorded, "Environment").inputs
    role = recorded.one("aws:iam/role:Role", "monitor-role")
    assert [m["alarmArn"] for m in environment["monitors"]] == ALARMS
    assert {m["alarmRoleArn"] for m in environment["monitors"]} == {role.outputs["arn"]}
    trust = policy_document(role, "assumeRolePolicy")["Statement"]
    assert [s["Principal"] for s in trust] == [{"Service": "appconfig.amazonaws.com"}]
    reads = policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy", "monitor-role-alarms"))["Statement"]
    assert reads == [
        {"Sid": "DescribeRolloutAlarms", "Effect": "Allow", "Action": ["cloudwatch:DescribeAlarms"], "Resource": ALARMS}
    ]


def test_more_alarms_than_appconfig_watches_are_watched_through_one_composite_with_actions_enabled():
    alarms = [f"arn:aws:cloudwatch:us-east-1:{ACCOUNT_ID}:alarm:queue-{index}" for index in range(6)]
    recorded = build(monitor_alarm_arns=alarms)
    composite = recorded.one("aws:cloudwatch/compositeAlarm:CompositeAlarm")
    assert composite.inputs["alarmName"] == "mobile-prod-flags-rollback"
    assert composite.inputs["alarmRule"] == " OR ".join(f'ALARM("{arn}")' for arn in alarms)
    # AppConfig ignores an alarm whose actions are disabled; the composite notifies nobody itself.
    assert composite.inputs["actionsEnabled"] is True and not composite.inputs.get("alarmActions")
    assert [m["alarmArn"] for m in one(recorded, "Environment").inputs["monitors"]] == [composite.outputs["arn"]]
    reads = policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy", "monitor-role-alarms"))["Statement"]
    assert reads[0]["Resource"] == [composite.outputs["arn"]]


def test_up_to_five_alarms_are_watched_directly():
    recorded = build(monitor_alarm_arns=ALARMS * 2 + ALARMS[:1])
    assert len(one(recorded, "Environment").inputs["monitors"]) == 5
    assert not recorded.of_type("aws:cloudwatch/compositeAlarm:CompositeAlarm")


def test_a_composite_rule_longer_than_cloudwatch_takes_is_refused():
    long_arn = f"arn:aws:cloudwatch:us-east-1:{ACCOUNT_ID}:alarm:{'a' * 200}"
    with pytest.raises(ValueError, match=r"the composite rule must fit 10240 characters \(got 12002\)"):
        rollback_rule([long_arn] * 46)


def test_the_version_rolls_out_with_the_strategy_encrypted_with_the_cmk(recorded):
    strategy = one(recorded, "DeploymentStrategy")
    deployment = one(recorded, "Deployment").inputs
    assert (
        strategy.inputs["deploymentDurationInMinutes"],
        strategy.inputs["growthFactor"],
        strategy.inputs["growthType"],
        strategy.inputs["finalBakeTimeInMinutes"],
        strategy.inputs["replicateTo"],
    ) == (30, 10, "LINEAR", 15, "NONE")
    assert deployment["deploymentStrategyId"] == strategy.outputs["id"]
    assert deployment["environmentId"] == one(recorded, "Environment").outputs["environmentId"]
    assert (
        deployment["configurationProfileId"] == one(recorded, "ConfigurationProfile").outputs["configurationProfileId"]
    )
    assert deployment["configurationVersion"] == "1"
    assert deployment["kmsKeyIdentifier"] == KEY


def test_a_reader_may_start_a_session_and_get_the_latest_configuration_of_this_profile_only(recorded):
    application = one(recorded, "Application").outputs["id"]
    environment = one(recorded, "Environment").outputs["environmentId"]
    profile = one(recorded, "ConfigurationProfile").outputs["configurationProfileId"]
    arn = (
        f"arn:aws:appconfig:us-east-1:{ACCOUNT_ID}:application/{application}"
        f"/environment/{environment}/configuration/{profile}"
    )
    grant = policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy", "flags-read-api"))
    assert grant["Statement"] == [
        {
            "Sid": "ReadFeatureFlags",
            "Effect": "Allow",
            "Action": ["appconfig:GetLatestConfiguration", "appconfig:StartConfigurationSession"],
            "Resource": [arn],
        }
    ]


def test_without_monitors_there_is_no_monitor_role():
    recorded = build(monitor_alarm_arns=[])
    assert one(recorded, "Environment").inputs.get("monitors", []) == []
    assert not [r for r in recorded.of_type("aws:iam/role:Role") if r.name.endswith("monitor-role")]


def test_the_version_label_follows_the_content():
    assert flags_args().content != flags_args(flags=[Flag(key="new-checkout", enabled=True)]).content
    assert flags_args().content == flags_args().content


@pytest.mark.parametrize(
    ("build_args", "message"),
    [
        (lambda: Flag(key="NewCheckout"), "Flag.key: must match ^[a-z][a-zA-Z0-9_-]{0,63}\\Z (got 'NewCheckout')"),
        (lambda: Flag(key="a", name="x" * 65), f"Flag.name: must be 1-64 characters (got '{'x' * 65}')"),
        (
            lambda: RolloutStrategy(duration_minutes=30, growth_factor=0, final_bake_time_minutes=0),
            "RolloutStrategy.growth_factor: must be between 1.0 and 100.0 (got 0)",
        ),
        (
            lambda: RolloutStrategy(
                duration_minutes=30, growth_factor=10, final_bake_time_minutes=0, growth_type="STEP"
            ),
            "RolloutStrategy.growth_type: must be one of ['LINEAR', 'EXPONENTIAL'] (got 'STEP')",
        ),
        (
            lambda: flags_args(flags=[Flag(key="a"), Flag(key="a")]),
            "FeatureFlagsArgs.flags: keys must be unique (repeated: ['a'])",
        ),
        (lambda: flags_args(flags=[]), "FeatureFlagsArgs.flags: must hold at least one flag (got none)"),
        (
            lambda: flags_args(monitor_alarm_arns=ALARMS * 51),
            "FeatureFlagsArgs.monitor_alarm_arns: at most 100 alarms (a composite alarm's limit; got 102)",
        ),
        (
            lambda: flags_args(environment_name="prod env"),
            "FeatureFlagsArgs.environment_name: must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\\Z (got 'prod env')",
        ),
    ],
)
def test_bad_args_are_refused_with_the_field_and_the_value(build_args, message):
    with pytest.raises(ValueError) as caught:
        build_args()
    assert str(caught.value) == message


def test_all_at_once_means_full_growth_or_no_duration():
    assert RolloutStrategy(duration_minutes=0, growth_factor=100, final_bake_time_minutes=0).all_at_once
    assert not GRADUAL.all_at_once
