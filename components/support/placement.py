"""Where a data store lives in one region: a subnet group over the isolated subnets and a security group
that starts closed (`allow_from` opens paths). Aurora and ElastiCache place their primary and their DR
secondary the same way; only the subnet group's resource type differs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import pulumi
import pulumi_aws as aws

from components.support.firewall import closed_security_group

SubnetGroup = TypeVar("SubnetGroup", aws.rds.SubnetGroup, aws.elasticache.SubnetGroup)


def isolated_placement(
    subnet_group_type: Callable[..., SubnetGroup],
    owner: pulumi.Resource,
    name: str,
    *,
    vpc_id: pulumi.Input[str],
    subnet_ids: Sequence[pulumi.Input[str]],
    engine: str,
) -> tuple[SubnetGroup, aws.ec2.SecurityGroup]:
    """`<name>-subnets` (a subnet group of `subnet_group_type`) and `<name>-sg`, both children of `owner`
    (so a DR-region owner puts them in the DR region)."""
    subnet_group = subnet_group_type(
        f"{name}-subnets",
        name=f"{name}-subnets",
        subnet_ids=list(subnet_ids),
        description=f"{name}: isolated subnets",
        opts=pulumi.ResourceOptions(parent=owner),
    )
    security_group = closed_security_group(
        f"{name}-sg",
        vpc_id=vpc_id,
        parent=owner,
        description=f"{name}: {engine}, ingress only via allow_from",
    )
    return subnet_group, security_group
