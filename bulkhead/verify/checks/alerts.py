"""SNS alert topics: each region's alerts topic, as components/support/alert_topics.py creates it, encrypted
with the alerts key of its region and refusing publications and subscriptions without TLS."""

from __future__ import annotations

from dataclasses import dataclass

from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, verdict_of
from bulkhead.verify.outputs import ALERTS_KEY, VerifyOutputs
from bulkhead.verify.policy_documents import insecure_transport_problem

# What the topic policy denies without TLS (alert_topics.encrypted_topic).
TLS_ONLY_ACTIONS = ("sns:Publish", "sns:Subscribe")


@dataclass(frozen=True)
class Topic:
    arn: str
    key_arn: str  # the alerts key of the topic's region


def _topics(outputs: VerifyOutputs) -> Targets:
    targets = [
        Target(f"alerts topic ({region})", Topic(arn, outputs.regional_key(ALERTS_KEY, region)))
        for region, arn in sorted(outputs.alert_topic_arns.items())
    ]
    return targets or "no alerts topic in the outputs"


def _encryption(ctx: Context, topic: Topic) -> Verdict:
    key = reads.topic_attributes(ctx, topic.arn).get("KmsMasterKeyId")
    mismatch = reads.key_mismatch(topic.arn, key, topic.key_arn, ALERTS_KEY)
    return verdict_of([mismatch] if mismatch else [], f"{topic.arn} encrypted with the alerts key")


def _tls(ctx: Context, topic: Topic) -> Verdict:
    policy = reads.topic_attributes(ctx, topic.arn).get("Policy")
    problem = insecure_transport_problem(policy, TLS_ONLY_ACTIONS, topic.arn)
    return verdict_of([problem] if problem else [], f"{topic.arn} refuses publishing and subscribing without TLS")


CHECKS = (
    Check(
        id="alerts.encryption",
        title="Each region's alerts topic exists and is encrypted with the alerts key of its region",
        calls=("sns:GetTopicAttributes",),
        policies=("sns-topic-cmk",),
        targets=_topics,
        run=_encryption,
    ),
    Check(
        id="alerts.tls",
        title="Each alerts topic's policy denies publishing and subscribing without TLS",
        calls=("sns:GetTopicAttributes",),
        policies=(),
        targets=_topics,
        run=_tls,
    ),
)
