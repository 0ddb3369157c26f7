"""Security groups that start closed: no ingress until a caller opens an explicit path.

Rules are separate `aws.vpc.SecurityGroupIngressRule`/`EgressRule` resources (the current AWS
provider guidance), so that `allow_from` can add a path after the group exists.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

OPEN_TO_THE_INTERNET = ("0.0.0.0/0", "::/0")


def closed_security_group(
    resource_name: str, *, vpc_id: pulumi.Input[str], description: str, parent: pulumi.Resource
) -> aws.ec2.SecurityGroup:
    """A security group with no ingress and no egress rules."""
    return aws.ec2.SecurityGroup(
        resource_name,
        vpc_id=vpc_id,
        description=description,
        revoke_rules_on_delete=True,
        opts=pulumi.ResourceOptions(parent=parent),
    )


def allow_tcp_from_security_group(
    resource_name: str,
    *,
    security_group_id: pulumi.Input[str],
    source_security_group_id: pulumi.Input[str],
    port: int,
    description: str,
    parent: pulumi.Resource,
) -> aws.vpc.SecurityGroupIngressRule:
    """Opens one TCP port of `security_group_id` to members of another security group only."""
    return aws.vpc.SecurityGroupIngressRule(
        resource_name,
        security_group_id=security_group_id,
        referenced_security_group_id=source_security_group_id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description=description,
        opts=pulumi.ResourceOptions(parent=parent),
    )


def allow_tcp_from_cidr(
    resource_name: str,
    *,
    security_group_id: pulumi.Input[str],
    cidr_block: pulumi.Input[str],
    port: int,
    description: str,
    parent: pulumi.Resource,
) -> aws.vpc.SecurityGroupIngressRule:
    """Opens one TCP port to a CIDR range (used for the VPC's own range, never the internet)."""
    if cidr_block in OPEN_TO_THE_INTERNET:
        raise ValueError(f"{resource_name}: cidr_block must not be open to the internet (got {cidr_block})")
    return aws.vpc.SecurityGroupIngressRule(
        resource_name,
        security_group_id=security_group_id,
        cidr_ipv4=cidr_block,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description=description,
        opts=pulumi.ResourceOptions(parent=parent),
    )
