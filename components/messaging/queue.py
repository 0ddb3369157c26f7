"""A work queue with its dead-letter queue, secure by default.

Creates, in one region: a dead-letter queue and the work queue, both encrypted with the given CMK
(never SQS-managed keys); a redrive policy that moves a message to the dead-letter queue after
`max_receive_count` failed receives, and a redrive-allow policy that lets only this work queue use the
dead-letter queue; two alarms (the dead-letter queue is not empty; the oldest message is older than
its objective). `grant_access` then gives each sender and consumer role exactly its actions and
writes the queue policies: TLS only, and message actions only for the stack's roles.

A FIFO queue (`fifo=True`) gets a FIFO dead-letter queue (AWS requires both to be of the same kind)
and may deduplicate by content for work that must not run twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.reference import sqs as sqs_facts
from components.support.grants import grant_to_role, kms_use_via
from components.support.iam import document, statement
from components.support.validation import require_between

DEFAULT_MAX_RECEIVE_COUNT = 5
DEFAULT_RECEIVE_WAIT_SECONDS = 20  # long polling: fewer empty receives, lower cost
DEFAULT_DLQ_RETENTION_SECONDS = sqs_facts.RETENTION_SECONDS[1]  # 14 days to look at poison messages
ALARM_PERIOD_SECONDS = 60
AGE_EVALUATION_PERIODS = 3  # the oldest message stays too old for three minutes in a row
SEND_ACTIONS = ("sqs:SendMessage",)
CONSUME_ACTIONS = ("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:ReceiveMessage")
# Every action that reads, writes or removes messages; the queue policy keeps them to named roles.
MESSAGE_ACTIONS = (
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:PurgeQueue",
    "sqs:ReceiveMessage",
    "sqs:SendMessage",
    "sqs:StartMessageMoveTask",
)
# SQS passes this encryption context to KMS for every message it encrypts or decrypts.
SQS_ENCRYPTION_CONTEXT_KEY = "aws:sqs:arn"


@dataclass(frozen=True, kw_only=True)
class QueueArgs:
    """Inputs for `Queue`.

    Attributes:
        queue_name: Name of the work queue; `.fifo` is appended for a FIFO queue, `-dlq` (before
            `.fifo`) names its dead-letter queue. Letters, digits, `-` and `_`.
        region: Region of the queues (scopes the KMS grants and the alarms).
        account_id: Account of the queues.
        kms_key_arn: CMK of both queues, in `region`.
        processing_seconds: The longest a consumer takes to process one message, 1-43200.
        visibility_timeout_seconds: How long a received message stays hidden from other consumers,
            >= processing_seconds and <= 43200. Default: - twice processing_seconds (capped at 43200).
        max_receive_count: Receives before a message moves to the dead-letter queue, 1-1000. Default: 5
        retention_seconds: How long the work queue keeps a message, 60-1209600. Default: 345600 (4 days)
        dead_letter_retention_seconds: How long the dead-letter queue keeps a message, >=
            retention_seconds (a standard queue keeps a message's original enqueue time when it moves).
            Default: 1209600 (14 days)
        oldest_message_age_seconds: Objective for the age of the oldest message; older for three
            minutes raises the age alarm. Must be below retention_seconds.
        fifo: A FIFO queue (ordered, exactly-once processing). Default: false
        content_based_deduplication: FIFO only: deduplicate messages by a SHA-256 of their body.
            Default: false
        kms_data_key_reuse_seconds: How long SQS reuses a data key before calling KMS again, 60-86400.
            Default: 300
        alarm_topic_arn: SNS topic the alarms notify (in ALARM and back to OK).
            Default: - the alarms change state without notifying anyone.
        operator_role_arns: Roles that may inspect, purge and redrive messages (the dead-letter queue's
            only readers). Default: - none.
    """

    queue_name: str
    region: str
    account_id: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]
    processing_seconds: int
    oldest_message_age_seconds: int
    visibility_timeout_seconds: int | None = None
    max_receive_count: int = DEFAULT_MAX_RECEIVE_COUNT
    retention_seconds: int = sqs_facts.DEFAULT_RETENTION_SECONDS
    dead_letter_retention_seconds: int = DEFAULT_DLQ_RETENTION_SECONDS
    fifo: bool = False
    content_based_deduplication: bool = False
    kms_data_key_reuse_seconds: int = sqs_facts.DEFAULT_KMS_DATA_KEY_REUSE_SECONDS
    alarm_topic_arn: pulumi.Input[str] | None = None
    operator_role_arns: Sequence[str] = ()

    def __post_init__(self) -> None:
        for name in (self.name, self.dead_letter_name):
            problem = sqs_facts.queue_name_problem(name, fifo=self.fifo)
            if problem:
                raise ValueError(f"QueueArgs.queue_name: {problem} (got {name!r})")
        require_between(
            "QueueArgs.processing_seconds", self.processing_seconds, 1, sqs_facts.VISIBILITY_TIMEOUT_SECONDS[1]
        )
        if not self.processing_seconds <= self.visibility_timeout <= sqs_facts.VISIBILITY_TIMEOUT_SECONDS[1]:
            raise ValueError(
                f"QueueArgs.visibility_timeout_seconds: must be >= processing_seconds ({self.processing_seconds}, "
                f"or another consumer receives a message still being processed) and <= "
                f"{sqs_facts.VISIBILITY_TIMEOUT_SECONDS[1]} (got {self.visibility_timeout})"
            )
        require_between("QueueArgs.max_receive_count", self.max_receive_count, *sqs_facts.MAX_RECEIVE_COUNT)
        require_between("QueueArgs.retention_seconds", self.retention_seconds, *sqs_facts.RETENTION_SECONDS)
        require_between(
            "QueueArgs.dead_letter_retention_seconds",
            self.dead_letter_retention_seconds,
            self.retention_seconds,
            sqs_facts.RETENTION_SECONDS[1],
        )
        require_between(
            "QueueArgs.oldest_message_age_seconds", self.oldest_message_age_seconds, 60, self.retention_seconds - 1
        )
        require_between(
            "QueueArgs.kms_data_key_reuse_seconds",
            self.kms_data_key_reuse_seconds,
            *sqs_facts.KMS_DATA_KEY_REUSE_SECONDS,
        )
        if self.content_based_deduplication and not self.fifo:
            raise ValueError("QueueArgs.content_based_deduplication: only a FIFO queue deduplicates (set fifo=True)")

    @property
    def name(self) -> str:
        return self.queue_name + (sqs_facts.FIFO_SUFFIX if self.fifo else "")

    @property
    def dead_letter_name(self) -> str:
        return f"{self.queue_name}-dlq" + (sqs_facts.FIFO_SUFFIX if self.fifo else "")

    @property
    def visibility_timeout(self) -> int:
        if self.visibility_timeout_seconds is not None:
            return self.visibility_timeout_seconds
        return min(2 * self.processing_seconds, sqs_facts.VISIBILITY_TIMEOUT_SECONDS[1])


def alarm_names(queue_name: str) -> tuple[str, str]:
    """The names of a queue's two alarms (dead-letter queue not empty, oldest message too old).

    Known before the alarms exist, so a topic policy can name the alarms allowed to publish."""
    return f"{queue_name}-dlq-not-empty", f"{queue_name}-oldest-message-age"


def alarm_arn(region: str, account_id: pulumi.Input[str], alarm_name: str) -> pulumi.Output[str]:
    return pulumi.Output.concat("arn:aws:cloudwatch:", region, ":", account_id, ":alarm:", alarm_name)


class Queue(pulumi.ComponentResource):
    """A CMK-encrypted work queue, its dead-letter queue, their alarms and (after `grant_access`) policies."""

    queue: aws.sqs.Queue
    dead_letter_queue: aws.sqs.Queue
    dead_letter_alarm: aws.cloudwatch.MetricAlarm
    age_alarm: aws.cloudwatch.MetricAlarm

    def __init__(self, name: str, args: QueueArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:messaging:Queue", name, None, opts)
        self._name = name
        self._args = args
        self._access_granted = False
        self.dead_letter_queue = self._sqs_queue("dlq", args.dead_letter_name, args.dead_letter_retention_seconds)
        self.queue = self._sqs_queue(
            "queue",
            args.name,
            args.retention_seconds,
            redrive_policy=self.dead_letter_queue.arn.apply(
                lambda arn: json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": args.max_receive_count})
            ),
        )
        # Only this work queue may send its failures here (without it, any queue of the account could).
        aws.sqs.RedriveAllowPolicy(
            f"{name}-dlq-redrive-allow",
            queue_url=self.dead_letter_queue.url,
            redrive_allow_policy=self.queue.arn.apply(
                lambda arn: json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": [arn]})
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self._create_alarms()
        self.register_outputs(
            {
                "url": self.queue.url,
                "arn": self.queue.arn,
                "dead_letter_url": self.dead_letter_queue.url,
                "dead_letter_arn": self.dead_letter_queue.arn,
            }
        )

    @property
    def url(self) -> pulumi.Output[str]:
        return self.queue.url

    @property
    def arn(self) -> pulumi.Output[str]:
        return self.queue.arn

    @property
    def alarm_arns(self) -> list[pulumi.Output[str]]:
        """Both alarms: the service health a release watches includes its queues' health."""
        return [self.dead_letter_alarm.arn, self.age_alarm.arn]

    def _sqs_queue(
        self, role: str, queue_name: str, retention_seconds: int, redrive_policy: pulumi.Input[str] | None = None
    ) -> aws.sqs.Queue:
        args = self._args
        return aws.sqs.Queue(
            f"{self._name}-{role}",
            name=queue_name,
            fifo_queue=args.fifo,
            content_based_deduplication=args.content_based_deduplication if args.fifo else None,
            kms_master_key_id=args.kms_key_arn,
            kms_data_key_reuse_period_seconds=args.kms_data_key_reuse_seconds,
            message_retention_seconds=retention_seconds,
            visibility_timeout_seconds=args.visibility_timeout,
            receive_wait_time_seconds=DEFAULT_RECEIVE_WAIT_SECONDS,
            redrive_policy=redrive_policy,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _create_alarms(self) -> None:
        args = self._args
        dead_letter_name, age_name = alarm_names(args.queue_name)
        # An idle queue stops reporting metrics: missing data must not count as breaching, or a
        # release watching these alarms would roll back on silence (AppConfig rolls back on
        # INSUFFICIENT_DATA as well as on ALARM).
        self.dead_letter_alarm = self._alarm(
            "dlq-not-empty",
            dead_letter_name,
            description=f"{args.dead_letter_name} holds messages that failed {args.max_receive_count} times",
            metric=sqs_facts.MESSAGES_VISIBLE,
            queue_name=args.dead_letter_name,
            threshold=0,
            periods=1,
        )
        self.age_alarm = self._alarm(
            "oldest-message-age",
            age_name,
            description=f"the oldest message in {args.name} is older than {args.oldest_message_age_seconds} s",
            metric=sqs_facts.OLDEST_MESSAGE_AGE,
            queue_name=args.name,
            threshold=args.oldest_message_age_seconds,
            periods=AGE_EVALUATION_PERIODS,
        )

    def _alarm(
        self,
        role: str,
        alarm_name: str,
        *,
        description: str,
        metric: str,
        queue_name: str,
        threshold: int,
        periods: int,
    ) -> aws.cloudwatch.MetricAlarm:
        topic = self._args.alarm_topic_arn
        actions = [topic] if topic is not None else []
        return aws.cloudwatch.MetricAlarm(
            f"{self._name}-{role}",
            name=alarm_name,
            alarm_description=description,
            namespace=sqs_facts.METRICS_NAMESPACE,
            metric_name=metric,
            dimensions={"QueueName": queue_name},
            statistic="Maximum",
            period=ALARM_PERIOD_SECONDS,
            evaluation_periods=periods,
            threshold=threshold,
            comparison_operator="GreaterThanThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=actions,
            ok_actions=actions,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.queue, self.dead_letter_queue]),
        )

    def grant_access(self, *, senders: Sequence[aws.iam.Role], consumers: Sequence[aws.iam.Role]) -> None:
        """Grants each sender `sqs:SendMessage` and each consumer receive/delete/change-visibility on
        the work queue (with the KMS use SQS makes on their behalf, through SQS only, for this queue
        only), then writes both queue policies: deny every request without TLS, and deny message
        actions to everyone but these roles and the operators (the dead-letter queue: the operators).

        Called once per queue: the policy lists every role, so a second call would replace it.
        """
        if self._access_granted:
            raise ValueError(f"{self._name}: grant_access was already called; pass every sender and consumer at once")
        if not consumers:
            raise ValueError(f"{self._name}: a queue needs at least one consumer (messages would only age)")
        self._access_granted = True
        for role in senders:
            # A producer encrypts with a data key it may also need to decrypt (KMS data key caching).
            self._grant(role, "send", "Send", SEND_ACTIONS, ["kms:Decrypt", "kms:GenerateDataKey"])
        for role in consumers:
            self._grant(role, "consume", "Consume", CONSUME_ACTIONS, ["kms:Decrypt"])
        operators = list(self._args.operator_role_arns)
        workloads = [role.arn for role in (*senders, *consumers)]
        self._queue_policy("queue-policy", self.queue, [*workloads, *operators])
        self._queue_policy("dlq-policy", self.dead_letter_queue, operators)

    def _grant(
        self, role: aws.iam.Role, purpose: str, sid: str, actions: Sequence[str], kms_actions: Sequence[str]
    ) -> None:
        args = self._args
        grant_to_role(
            self,
            self._name,
            role,
            purpose,
            [
                statement(f"{sid}Messages", actions, [self.queue.arn]),
                kms_use_via(
                    f"{sid}Encrypted",
                    args.kms_key_arn,
                    kms_actions,
                    "sqs",
                    args.region,
                    encryption_context={SQS_ENCRYPTION_CONTEXT_KEY: self.queue.arn},
                ),
            ],
        )

    def _queue_policy(self, role: str, queue: aws.sqs.Queue, principal_arns: Sequence[pulumi.Input[str]]) -> None:
        statements = [
            statement(
                "DenyInsecureTransport",
                ["sqs:*"],
                [queue.arn],
                principals={"AWS": "*"},
                conditions={"Bool": {"aws:SecureTransport": "false"}},
                effect="Deny",
            )
        ]
        statements.append(
            statement(
                "DenyMessagesToOtherPrincipals",
                MESSAGE_ACTIONS,
                [queue.arn],
                principals={"AWS": "*"},
                # No principal listed: nobody may touch messages (the dead-letter queue of a stack
                # without operators is read by granting an operator later, not by loosening this).
                conditions={"ArnNotEquals": {"aws:PrincipalArn": list(principal_arns)}} if principal_arns else None,
                effect="Deny",
            )
        )
        aws.sqs.QueuePolicy(
            f"{self._name}-{role}",
            queue_url=queue.url,
            policy=document(statements),
            opts=pulumi.ResourceOptions(parent=self),
        )
