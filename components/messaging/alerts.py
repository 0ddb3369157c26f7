"""The topic the queue alarms of one region notify, until the stack has an alerts topic of its own.

A CMK-encrypted SNS topic (components/support/alert_topics.py) that only the named CloudWatch alarms
of this account may publish to. The CMK's key policy must let `cloudwatch.amazonaws.com` use the key
(KeyRingArgs.service_principals).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi

from components.messaging.queue import alarm_arn
from components.support.alert_topics import Publisher, encrypted_topic

CLOUDWATCH_PRINCIPAL = "cloudwatch.amazonaws.com"


@dataclass(frozen=True, kw_only=True)
class QueueAlertTopicArgs:
    """Inputs for `QueueAlertTopic`.

    Attributes:
        region: Region of the topic and of the alarms.
        account_id: Account of the topic and of the alarms.
        kms_key_arn: CMK of the topic, in `region`.
        alarm_names: Names of the alarms allowed to publish (`queue.alarm_names`), at least one.
    """

    region: str
    account_id: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]
    alarm_names: Sequence[str]

    def __post_init__(self) -> None:
        if not self.alarm_names:
            raise ValueError("QueueAlertTopicArgs.alarm_names: must name at least one alarm (got none)")


class QueueAlertTopic(pulumi.ComponentResource):
    """An encrypted topic for the queue alarms of one region."""

    def __init__(self, name: str, args: QueueAlertTopicArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:messaging:QueueAlertTopic", name, None, opts)
        publisher = Publisher(
            service=CLOUDWATCH_PRINCIPAL,
            source_arns=[alarm_arn(args.region, args.account_id, alarm) for alarm in args.alarm_names],
            account_id=args.account_id,
        )
        self.topic = encrypted_topic(f"{name}-topic", kms_key_arn=args.kms_key_arn, publishers=[publisher], parent=self)
        self.register_outputs({"topic_arn": self.topic.arn})

    @property
    def arn(self) -> pulumi.Output[str]:
        return self.topic.arn
