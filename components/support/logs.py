"""CloudWatch log groups as every component creates them: CMK-encrypted, with a retention period."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws


def encrypted_log_group(
    resource_name: str,
    *,
    log_group_name: pulumi.Input[str],
    kms_key_arn: pulumi.Input[str],
    retention_days: int,
    parent: pulumi.Resource,
) -> aws.cloudwatch.LogGroup:
    """A log group with an explicit name (services such as EKS and RDS write to fixed names)."""
    return aws.cloudwatch.LogGroup(
        resource_name,
        name=log_group_name,
        kms_key_id=kms_key_arn,
        retention_in_days=retention_days,
        opts=pulumi.ResourceOptions(parent=parent),
    )
