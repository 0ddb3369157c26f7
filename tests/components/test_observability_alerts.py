"""The alerts topic, the alarm builders and the event routes under recording mocks."""

import json

import pytest

from components.observability.alarm_set import AlarmSet, AlarmSetArgs
from components.observability.alarms import AlarmRoute, AlarmSpec, Metric, Query
from components.observability.alerts import AlertTopic, AlertTopicArgs, Subscription
from components.observability.event_routes import BACKUP_FAILURES, EventRouteSet, EventRouteSetArgs, input_template
from tests.support import ACCOUNT_ID, PRIMARY_REGION, in_provider, policy_document, provider, record

ALERTS_KEY = f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-alerts"
TOPIC_ARN = f"arn:aws:sns:{PRIMARY_REGION}:{ACCOUNT_ID}:mobile-prod-alerts"
ROUTE = AlarmRoute(topic_arn=TOPIC_ARN, name_prefix="mobile-prod")
CPU = Metric(
    namespace="AWS/RDS", name="CPUUtilization", dimensions={"DBClusterIdentifier": "db"}, stat="Maximum", period=300
)


def build_topic(subscriptions=()):
    def build():
        AlertTopic(
            "mobile-prod-alerts",
            AlertTopicArgs(
                account_id=ACCOUNT_ID,
                region=PRIMARY_REGION,
                name_prefix="mobile-prod",
                kms_key_arn=ALERTS_KEY,
                subscriptions=list(subscriptions),
            ),
            opts=in_provider(provider()),
        )

    return record(build)


def spec(**overrides):
    fields = {
        "what": "db-cpu",
        "summary": "CPU high.",
        "runbook": "db-cpu",
        "severity": "page",
        "threshold": 80,
        "comparison": "GreaterThanThreshold",
        "missing_data": "missing",
        "metric": CPU,
        **overrides,
    }
    return AlarmSpec(**fields)


def test_topic_is_on_the_alerts_cmk_and_admits_only_this_accounts_prefixed_alarms_and_rules():
    recorded = build_topic()
    topic = recorded.one("aws:sns/topic:Topic")
    assert topic.inputs["kmsMasterKeyId"] == ALERTS_KEY
    assert topic.inputs["name"] == "mobile-prod-alerts"
    cloudwatch, events, deny = policy_document(recorded.one("aws:sns/topicPolicy:TopicPolicy"))["Statement"]
    assert cloudwatch["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert cloudwatch["Condition"]["ArnLike"]["aws:SourceArn"] == [
        f"arn:aws:cloudwatch:{PRIMARY_REGION}:{ACCOUNT_ID}:alarm:mobile-prod-*"
    ]
    assert cloudwatch["Condition"]["StringEquals"]["aws:SourceAccount"] == ACCOUNT_ID
    assert events["Principal"] == {"Service": "events.amazonaws.com"}
    assert events["Condition"]["ArnLike"]["aws:SourceArn"] == [
        f"arn:aws:events:{PRIMARY_REGION}:{ACCOUNT_ID}:rule/mobile-prod-*"
    ]
    assert (deny["Effect"], deny["Condition"]) == ("Deny", {"Bool": {"aws:SecureTransport": "false"}})


def test_pages_only_subscriptions_filter_the_message_body_on_the_page_prefix():
    recorded = build_topic(
        [
            Subscription(protocol="https", endpoint="https://events.example.com/sns", pages_only=True),
            Subscription(protocol="email", endpoint="oncall@example.com"),
        ]
    )
    https, email = sorted(recorded.of_type("aws:sns/topicSubscription:TopicSubscription"), key=lambda r: r.name)
    assert https.inputs["filterPolicyScope"] == "MessageBody"
    assert json.loads(https.inputs["filterPolicy"]) == {"AlarmName": [{"prefix": "mobile-prod-page-"}]}
    assert https.inputs["endpointAutoConfirms"] is True
    assert "filterPolicy" not in email.inputs and email.inputs["protocol"] == "email"


@pytest.mark.parametrize(
    ("protocol", "endpoint", "message"),
    [
        ("http", "http://events.example.com", "Subscription.protocol: must be one of ['email', 'https'] (got 'http')"),
        ("https", "http://events.example.com", "Subscription.endpoint: an https subscription needs an https:// URL"),
    ],
)
def test_clear_text_subscriptions_are_refused(protocol, endpoint, message):
    with pytest.raises(ValueError) as caught:
        Subscription(protocol=protocol, endpoint=endpoint)
    assert str(caught.value) == message


def test_every_alarm_notifies_its_regions_topic_on_alarm_and_on_ok_and_names_its_severity():
    recorded = record(lambda: AlarmSet("set", AlarmSetArgs(route=ROUTE, specs=[spec()]), opts=in_provider(provider())))
    alarm = recorded.one("aws:cloudwatch/metricAlarm:MetricAlarm").inputs
    assert alarm["name"] == "mobile-prod-page-db-cpu"
    assert alarm["alarmActions"] == [TOPIC_ARN] and alarm["okActions"] == [TOPIC_ARN]
    assert alarm["treatMissingData"] == "missing"
    assert alarm["statistic"] == "Maximum" and "extendedStatistic" not in alarm
    assert alarm["alarmDescription"].endswith("Runbook: docs/observability.md#db-cpu")


def test_percentile_metrics_use_the_extended_statistic():
    p99 = Metric(namespace="AWS/ApplicationELB", name="TargetResponseTime", dimensions={}, stat="p99", period=300)
    recorded = record(
        lambda: AlarmSet("set", AlarmSetArgs(route=ROUTE, specs=[spec(metric=p99)]), opts=in_provider(provider()))
    )
    alarm = recorded.one("aws:cloudwatch/metricAlarm:MetricAlarm").inputs
    assert alarm["extendedStatistic"] == "p99" and "statistic" not in alarm


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"metric": None}, "AlarmSpec 'db-cpu': set exactly one of metric and queries"),
        (
            {"metric": None, "queries": (Query(id="a", metric=CPU), Query(id="b", expression="a * 2"))},
            "AlarmSpec 'db-cpu': exactly one query must return the alarm's value",
        ),
        (
            {"evaluation_periods": 2, "datapoints_to_alarm": 3},
            "AlarmSpec 'db-cpu': need evaluation_periods >= 1 and 1 <= datapoints_to_alarm <= "
            "evaluation_periods (got 2, 3)",
        ),
        (
            {"evaluation_periods": 300},
            "AlarmSpec 'db-cpu': period x evaluation_periods must be <= 86400 s (got 300 x 300)",
        ),
        (
            {
                "metric": None,
                "queries": (Query(id="q", expression='SELECT MAX(x) FROM "n"', period=3600, returns=True),),
                "evaluation_periods": 4,
            },
            "AlarmSpec 'db-cpu': period x evaluation_periods must be <= 10800 s (a Metrics Insights query) "
            "(got 3600 x 4)",
        ),
    ],
)
def test_bad_alarm_specs_are_refused(overrides, message):
    with pytest.raises(ValueError) as caught:
        spec(**overrides)
    assert str(caught.value) == message


def test_periods_must_be_ones_cloudwatch_accepts():
    with pytest.raises(ValueError, match=r"Metric.period: must be 10, 30 or a multiple of 60 seconds \(got 45\)"):
        Metric(namespace="AWS/RDS", name="CPUUtilization", dimensions={}, stat="Maximum", period=45)


def test_one_alarm_set_refuses_two_alarms_of_the_same_name():
    with pytest.raises(ValueError, match=r"repeated: \['db-cpu'\]"):
        AlarmSetArgs(route=ROUTE, specs=[spec(), spec()])


def test_backup_failures_reach_the_topic_reshaped_like_an_alarm():
    recorded = record(
        lambda: EventRouteSet(
            "backup-alerts", EventRouteSetArgs(route=ROUTE, routes=BACKUP_FAILURES), opts=in_provider(provider())
        )
    )
    rules = {
        r.inputs["name"]: json.loads(r.inputs["eventPattern"])
        for r in recorded.of_type("aws:cloudwatch/eventRule:EventRule")
    }
    assert rules["mobile-prod-page-backup-job-failed"]["detail"] == {"state": ["FAILED", "ABORTED", "EXPIRED"]}
    assert rules["mobile-prod-ticket-restore-test-failed"]["detail"] == {"status": ["FAILED", "ABORTED"]}
    for target in recorded.of_type("aws:cloudwatch/eventTarget:EventTarget"):
        assert target.inputs["arn"] == TOPIC_ARN
        assert set(target.inputs["inputTransformer"]["inputPaths"]) >= {"detail", "source", "detailType"}


def test_the_event_message_is_json_once_eventbridge_fills_the_placeholders():
    template = input_template("mobile-prod-page-guardduty-finding", "GuardDuty: a finding.", "security-finding")
    filled = (
        template.replace("<detail>", '{"severity": 8}')
        .replace("<source>", "aws.guardduty")
        .replace("<detailType>", "GuardDuty Finding")
        .replace("<account>", ACCOUNT_ID)
        .replace("<region>", PRIMARY_REGION)
        .replace("<time>", "2026-11-25T10:00:00Z")
    )
    message = json.loads(filled)
    assert message["AlarmName"] == "mobile-prod-page-guardduty-finding"
    assert message["detail"] == {"severity": 8}
