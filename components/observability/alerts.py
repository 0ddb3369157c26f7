"""The alerts topic of one region: where every alarm, and every finding routed by EventBridge, notifies.

One SNS topic on the `alerts` CMK (its key policy admits CloudWatch and EventBridge), TLS only, that
only this account's alarms (named with the stack prefix) and EventBridge rules may publish to, and its
subscriptions: e-mail or HTTPS, nothing in clear text. A `pages_only` subscription receives only the
alarms named `<prefix>-page-...` (a filter on the message body), everything else receives everything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.observability.alarms import AlarmRoute
from components.support.alert_topics import Publisher, encrypted_topic

PROTOCOLS = ("email", "https")
# The HTTPS endpoint confirms the subscription itself; give it time before the deployment gives up.
HTTPS_CONFIRMATION_MINUTES = 5


@dataclass(frozen=True, kw_only=True)
class Subscription:
    """One recipient.

    Attributes:
        protocol: email or https (http is refused: nothing in clear text).
        endpoint: The address or URL (may be a secret Output, such as a webhook read from Secrets Manager).
        pages_only: Only the alarms that page. Default: false
    """

    protocol: str
    endpoint: pulumi.Input[str]
    pages_only: bool = False

    def __post_init__(self) -> None:
        if self.protocol not in PROTOCOLS:
            raise ValueError(f"Subscription.protocol: must be one of {list(PROTOCOLS)} (got {self.protocol!r})")
        if isinstance(self.endpoint, str) and self.protocol == "https" and not self.endpoint.startswith("https://"):
            raise ValueError("Subscription.endpoint: an https subscription needs an https:// URL")


@dataclass(frozen=True, kw_only=True)
class AlertTopicArgs:
    """Inputs for `AlertTopic`.

    Attributes:
        account_id: The account of the alarms and rules that publish.
        region: The topic's region (alarms and rules of this region only).
        name_prefix: Prefix of the topic name and of every alarm name that may publish.
        kms_key_arn: The `alerts` CMK (or its replica) in `region`.
        subscriptions: Recipients. Default: - none (alarms still change state; nobody is told).
    """

    account_id: pulumi.Input[str]
    region: str
    name_prefix: str
    kms_key_arn: pulumi.Input[str]
    subscriptions: Sequence[Subscription] = ()


class AlertTopic(pulumi.ComponentResource):
    """The encrypted alerts topic of one region and its subscriptions."""

    arn: pulumi.Output[str]
    route: AlarmRoute

    def __init__(self, name: str, args: AlertTopicArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:AlertTopic", name, None, opts)
        prefix, account, region = args.name_prefix, args.account_id, args.region
        sources = {
            "cloudwatch.amazonaws.com": pulumi.Output.concat(
                "arn:aws:cloudwatch:", region, ":", account, ":alarm:", prefix, "-*"
            ),
            "events.amazonaws.com": pulumi.Output.concat(
                "arn:aws:events:", region, ":", account, ":rule/", prefix, "-*"
            ),
        }
        topic = encrypted_topic(
            f"{name}-topic",
            topic_name=f"{prefix}-alerts",
            kms_key_arn=args.kms_key_arn,
            parent=self,
            publishers=[
                Publisher(service=service, source_arns=[arn], account_id=account, match="ArnLike")
                for service, arn in sources.items()
            ],
        )
        self.arn = topic.arn
        self.route = AlarmRoute(topic_arn=topic.arn, name_prefix=prefix)
        for index, subscription in enumerate(args.subscriptions):
            self._subscribe(f"{name}-subscription-{index}", topic, subscription)
        self.register_outputs({"arn": self.arn})

    def _subscribe(self, resource_name: str, topic: aws.sns.Topic, subscription: Subscription) -> None:
        filter_policy = None
        if subscription.pages_only:
            filter_policy = json.dumps({"AlarmName": [{"prefix": self.route.page_prefix()}]})
        aws.sns.TopicSubscription(
            resource_name,
            topic=topic.arn,
            protocol=subscription.protocol,
            endpoint=subscription.endpoint,
            filter_policy=filter_policy,
            filter_policy_scope="MessageBody" if filter_policy else None,
            endpoint_auto_confirms=subscription.protocol == "https",
            confirmation_timeout_in_minutes=HTTPS_CONFIRMATION_MINUTES if subscription.protocol == "https" else None,
            opts=pulumi.ResourceOptions(parent=self),
        )
