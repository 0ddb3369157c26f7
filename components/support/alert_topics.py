"""Alert topics: SNS topics encrypted with a CMK that only named AWS service sources may publish to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.support.iam import document, statement


@dataclass(frozen=True)
class Publisher:
    """An AWS service allowed to publish, scoped to exact source ARNs in one account."""

    service: str
    source_arns: Sequence[pulumi.Input[str]]
    account_id: pulumi.Input[str]


def encrypted_topic(
    resource_name: str,
    *,
    kms_key_arn: pulumi.Input[str],
    publishers: Sequence[Publisher],
    parent: pulumi.Resource,
) -> aws.sns.Topic:
    """A CMK-encrypted topic whose policy lets only `publishers` publish (the owner account keeps admin).

    The CMK's key policy must also let each publishing service use the key (KeyRingArgs.service_principals).
    """
    topic = aws.sns.Topic(resource_name, kms_master_key_id=kms_key_arn, opts=pulumi.ResourceOptions(parent=parent))
    statements = [
        statement(
            f"Publish{index}",
            ["sns:Publish"],
            [topic.arn],
            principals={"Service": publisher.service},
            conditions={
                "ArnEquals": {"aws:SourceArn": list(publisher.source_arns)},
                "StringEquals": {"aws:SourceAccount": publisher.account_id},
            },
        )
        for index, publisher in enumerate(publishers)
    ]
    aws.sns.TopicPolicy(
        f"{resource_name}-policy",
        arn=topic.arn,
        policy=document(statements),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return topic
