"""The queue component under the recording mocks: encryption, dead-letter handling, alarms, grants, policies."""

import json

import pulumi_aws as aws
import pytest

from bulkhead.plan.runner import PlanError
from components.messaging.queue import Queue, QueueArgs, alarm_names
from tests.support import ACCOUNT_ID, PRIMARY_REGION, in_provider, policy_document, provider, record

KEY = f"arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/mrk-9e909cd20053d0f31c2aeb71df0ded42"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT_ID}:queue-alerts"
OPERATOR = f"arn:aws:iam::{ACCOUNT_ID}:role/platform-deployer"
QUEUE = "aws:sqs/queue:Queue"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
BASE = {
    "queue_name": "mobile-prod-push-jobs",
    "region": PRIMARY_REGION,
    "account_id": ACCOUNT_ID,
    "kms_key_arn": KEY,
    "processing_seconds": 30,
    "oldest_message_age_seconds": 120,
}


def queue_args(**overrides) -> QueueArgs:
    return QueueArgs(**{**BASE, **overrides})


def build(*, senders=("api",), consumers=("worker",), **overrides):
    def program():
        aws_provider = provider()
        queue = Queue(
            "jobs",
            queue_args(alarm_topic_arn=TOPIC, operator_role_arns=[OPERATOR], **overrides),
            in_provider(aws_provider),
        )
        roles = {
            name: aws.iam.Role(name, assume_role_policy="{}", opts=in_provider(aws_provider))
            for name in (*senders, *consumers)
        }
        queue.grant_access(senders=[roles[n] for n in senders], consumers=[roles[n] for n in consumers])

    return record(program)


@pytest.fixture(scope="module")
def recorded():
    return build()


def queues(recorded) -> tuple:
    return recorded.one(QUEUE, "jobs-queue"), recorded.one(QUEUE, "jobs-dlq")


def test_both_queues_are_encrypted_with_the_cmk_and_never_with_sqs_managed_keys(recorded):
    for queue in queues(recorded):
        assert queue.inputs["kmsMasterKeyId"] == KEY
        assert "sqsManagedSseEnabled" not in queue.inputs
        assert queue.inputs["kmsDataKeyReusePeriodSeconds"] == 300


def test_work_queue_moves_a_message_to_its_dead_letter_queue_after_five_receives(recorded):
    work, dead_letter = queues(recorded)
    assert json.loads(work.inputs["redrivePolicy"]) == {
        "deadLetterTargetArn": dead_letter.outputs["arn"],
        "maxReceiveCount": 5,
    }
    assert "redrivePolicy" not in dead_letter.inputs
    assert (work.inputs["name"], dead_letter.inputs["name"]) == ("mobile-prod-push-jobs", "mobile-prod-push-jobs-dlq")


def test_dead_letter_queue_accepts_only_its_work_queue(recorded):
    work, dead_letter = queues(recorded)
    allow = recorded.one("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy")
    assert allow.inputs["queueUrl"] == dead_letter.outputs["url"]
    assert json.loads(allow.inputs["redriveAllowPolicy"]) == {
        "redrivePermission": "byQueue",
        "sourceQueueArns": [work.outputs["arn"]],
    }


def test_dead_letter_queue_keeps_messages_fourteen_days_and_the_work_queue_four(recorded):
    work, dead_letter = queues(recorded)
    assert (work.inputs["messageRetentionSeconds"], dead_letter.inputs["messageRetentionSeconds"]) == (345600, 1209600)


def test_visibility_timeout_defaults_to_twice_the_processing_time_and_long_polling_is_on(recorded):
    for queue in queues(recorded):
        assert queue.inputs["visibilityTimeoutSeconds"] == 60
        assert queue.inputs["receiveWaitTimeSeconds"] == 20


def test_fifo_queue_has_a_fifo_dead_letter_queue_and_deduplicates_by_content():
    recorded = build(fifo=True, content_based_deduplication=True)
    work, dead_letter = queues(recorded)
    assert (work.inputs["name"], dead_letter.inputs["name"]) == (
        "mobile-prod-push-jobs.fifo",
        "mobile-prod-push-jobs-dlq.fifo",
    )
    assert work.inputs["fifoQueue"] is True and dead_letter.inputs["fifoQueue"] is True
    assert work.inputs["contentBasedDeduplication"] is True


def test_alarms_fire_on_the_first_poison_message_and_on_an_old_backlog_and_notify_the_topic(recorded):
    dead_letter_name, age_name = alarm_names("mobile-prod-push-jobs")
    dead_letter = next(a for a in recorded.of_type(ALARM) if a.inputs["name"] == dead_letter_name).inputs
    age = next(a for a in recorded.of_type(ALARM) if a.inputs["name"] == age_name).inputs
    assert (dead_letter["metricName"], dead_letter["dimensions"], dead_letter["threshold"]) == (
        "ApproximateNumberOfMessagesVisible",
        {"QueueName": "mobile-prod-push-jobs-dlq"},
        0,
    )
    assert (age["metricName"], age["dimensions"], age["threshold"], age["evaluationPeriods"]) == (
        "ApproximateAgeOfOldestMessage",
        {"QueueName": "mobile-prod-push-jobs"},
        120,
        3,
    )
    for alarm in (dead_letter, age):
        assert alarm["comparisonOperator"] == "GreaterThanThreshold"
        # An idle queue reports nothing; silence must not roll a release back.
        assert alarm["treatMissingData"] == "notBreaching"
        assert alarm["alarmActions"] == [TOPIC] and alarm["okActions"] == [TOPIC]


def grant(recorded, purpose: str, role: str) -> dict:
    return policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy", f"jobs-{purpose}-{role}"))


def test_a_sender_may_only_send_and_use_the_key_through_sqs_for_this_queue(recorded):
    work, _ = queues(recorded)
    statements = {s["Sid"]: s for s in grant(recorded, "send", "api")["Statement"]}
    assert statements["SendMessages"]["Action"] == ["sqs:SendMessage"]
    assert statements["SendMessages"]["Resource"] == [work.outputs["arn"]]
    kms = statements["SendEncrypted"]
    assert kms["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"] and kms["Resource"] == [KEY]
    assert kms["Condition"]["StringEquals"] == {
        "kms:ViaService": "sqs.us-east-1.amazonaws.com",
        "kms:EncryptionContext:aws:sqs:arn": work.outputs["arn"],
    }


def test_a_consumer_may_receive_delete_and_defer_and_only_decrypt(recorded):
    statements = {s["Sid"]: s for s in grant(recorded, "consume", "worker")["Statement"]}
    assert statements["ConsumeMessages"]["Action"] == [
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:ReceiveMessage",
    ]
    assert statements["ConsumeEncrypted"]["Action"] == ["kms:Decrypt"]
    grants = {r.name for r in recorded.of_type("aws:iam/rolePolicy:RolePolicy")}
    assert grants == {"jobs-send-api", "jobs-consume-worker"}, "each role gets only its own side"


def test_queue_policy_refuses_plaintext_and_keeps_messages_to_the_stack_roles(recorded):
    work, _ = queues(recorded)
    policy = recorded.one("aws:sqs/queuePolicy:QueuePolicy", "jobs-queue-policy")
    assert policy.inputs["queueUrl"] == work.outputs["url"]
    statements = {s["Sid"]: s for s in policy_document(policy)["Statement"]}
    tls = statements["DenyInsecureTransport"]
    assert (tls["Effect"], tls["Action"], tls["Condition"]) == (
        "Deny",
        ["sqs:*"],
        {"Bool": {"aws:SecureTransport": "false"}},
    )
    others = statements["DenyMessagesToOtherPrincipals"]
    assert others["Effect"] == "Deny" and "sqs:SendMessage" in others["Action"] and "sqs:PurgeQueue" in others["Action"]
    admitted = others["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]
    roles = {r.name: r.outputs["arn"] for r in recorded.of_type("aws:iam/role:Role")}
    assert sorted(admitted) == sorted([roles["api"], roles["worker"], OPERATOR])
    assert not any(s["Effect"] == "Allow" for s in statements.values())


def test_only_operators_may_touch_the_dead_letter_queue(recorded):
    policy = recorded.one("aws:sqs/queuePolicy:QueuePolicy", "jobs-dlq-policy")
    statements = {s["Sid"]: s for s in policy_document(policy)["Statement"]}
    assert statements["DenyMessagesToOtherPrincipals"]["Condition"] == {
        "ArnNotEquals": {"aws:PrincipalArn": [OPERATOR]}
    }
    assert "DenyInsecureTransport" in statements


def test_grant_access_refuses_a_second_call_and_a_queue_without_consumers():
    def twice():
        queue = Queue("jobs", queue_args(), in_provider(provider()))
        role = aws.iam.Role("worker", assume_role_policy="{}")
        queue.grant_access(senders=[], consumers=[role])
        queue.grant_access(senders=[], consumers=[role])

    # The plan runner reports a component's refusal as a plan error naming the innermost reason.
    with pytest.raises(PlanError, match="grant_access was already called"):
        record(twice)

    def nobody_consumes():
        Queue("jobs", queue_args(), in_provider(provider())).grant_access(senders=[], consumers=[])

    with pytest.raises(PlanError, match="needs at least one consumer"):
        record(nobody_consumes)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"queue_name": "push jobs"},
            "QueueArgs.queue_name: a queue name is 1-80 letters, digits, '-' or '_' (no '.fifo' on a standard "
            "queue) (got 'push jobs')",
        ),
        (
            {"queue_name": "x" * 72, "fifo": True},
            "QueueArgs.queue_name: a FIFO queue name is 1-75 letters, digits, '-' or '_' followed by '.fifo' "
            f"(got '{'x' * 72}-dlq.fifo')",
        ),
        (
            {"visibility_timeout_seconds": 10},
            "QueueArgs.visibility_timeout_seconds: must be >= processing_seconds (30, or another consumer receives "
            "a message still being processed) and <= 43200 (got 10)",
        ),
        ({"max_receive_count": 0}, "QueueArgs.max_receive_count: must be between 1 and 1000 (got 0)"),
        ({"retention_seconds": 30}, "QueueArgs.retention_seconds: must be between 60 and 1209600 (got 30)"),
        (
            {"dead_letter_retention_seconds": 86400},
            "QueueArgs.dead_letter_retention_seconds: must be between 345600 and 1209600 (got 86400)",
        ),
        (
            {"oldest_message_age_seconds": 345600},
            "QueueArgs.oldest_message_age_seconds: must be between 60 and 345599 (got 345600)",
        ),
        (
            {"content_based_deduplication": True},
            "QueueArgs.content_based_deduplication: only a FIFO queue deduplicates (set fifo=True)",
        ),
    ],
)
def test_bad_args_are_refused_with_the_field_the_value_and_the_range(overrides, message):
    with pytest.raises(ValueError) as caught:
        queue_args(**overrides)
    assert str(caught.value) == message
