"""Alert topics: SNS topics encrypted with a CMK, TLS only, that only named AWS service sources may publish to.

The data tier's event topics and the observability layer's alerts topics are all made here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pulumi
import pulumi_aws as aws

from components.support.iam import document, statement

# Any principal, as the TLS-only deny names it (a Deny on "*" is how AWS expresses "nobody, whoever").
EVERYONE = {"AWS": "*"}


@dataclass(frozen=True)
class Publisher:
    """An AWS service allowed to publish, scoped to source ARNs in one account.

    Attributes:
        service: The service principal, such as `events.rds.amazonaws.com`.
        source_arns: Exact ARNs, or ARN patterns with `*` when `match` is ArnLike.
        account_id: The account the sources belong to (aws:SourceAccount).
        match: ArnEquals for exact ARNs; ArnLike for patterns (alarms named by a prefix). Default: ArnEquals
    """

    service: str
    source_arns: Sequence[pulumi.Input[str]]
    account_id: pulumi.Input[str]
    match: Literal["ArnEquals", "ArnLike"] = "ArnEquals"


def encrypted_topic(
    resource_name: str,
    *,
    kms_key_arn: pulumi.Input[str],
    publishers: Sequence[Publisher],
    parent: pulumi.Resource,
    topic_name: str | None = None,
) -> aws.sns.Topic:
    """A CMK-encrypted topic whose policy lets only `publishers` publish and refuses anything but TLS
    (the owner account keeps admin through IAM).

    The CMK's key policy must also let each publishing service use the key (components/support/key_policies.py).
    `topic_name`: the topic's name. Default: - an auto-name from `resource_name`.
    """
    topic = aws.sns.Topic(
        resource_name, name=topic_name, kms_master_key_id=kms_key_arn, opts=pulumi.ResourceOptions(parent=parent)
    )
    statements = [
        statement(
            f"Publish{index}",
            ["sns:Publish"],
            [topic.arn],
            principals={"Service": publisher.service},
            conditions={
                publisher.match: {"aws:SourceArn": list(publisher.source_arns)},
                "StringEquals": {"aws:SourceAccount": publisher.account_id},
            },
        )
        for index, publisher in enumerate(publishers)
    ]
    statements.append(
        statement(
            "DenyInsecureTransport",
            ["sns:Publish", "sns:Subscribe"],
            [topic.arn],
            principals=EVERYONE,
            conditions={"Bool": {"aws:SecureTransport": "false"}},
            effect="Deny",
        )
    )
    aws.sns.TopicPolicy(
        f"{resource_name}-policy",
        arn=topic.arn,
        policy=document(statements),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return topic
