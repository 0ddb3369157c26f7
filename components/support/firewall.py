"""Security groups that start closed: no ingress until a caller opens an explicit path.

Rules are separate `aws.vpc.SecurityGroupIngressRule`/`EgressRule` resources (the current AWS
provider guidance), so that `allow_from` can add a path after the group exists.
"""

from __future__ import annotations

import re

import pulumi
import pulumi_aws as aws

OPEN_TO_THE_INTERNET = ("0.0.0.0/0", "::/0")
INGRESS_LABEL_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,30}\Z")


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


class IngressPaths:
    """The paths a component's `allow_from`/`allow_dr_from` open: one TCP port, one rule per label.

    The label names the rule (`<owner>-from-<label>`), so it must be unique across all of the
    component's security groups, primary and DR alike.
    """

    def __init__(self, owner_name: str, *, port: int, protocol: str):
        self._owner_name = owner_name
        self._port = port
        self._protocol = protocol
        self._labels: set[str] = set()

    def open(
        self,
        security_group_id: pulumi.Input[str],
        source_security_group_id: pulumi.Input[str],
        label: str,
        *,
        parent: pulumi.Resource,
    ) -> aws.vpc.SecurityGroupIngressRule:
        if not INGRESS_LABEL_PATTERN.match(label) or label in self._labels:
            raise ValueError(
                f"{self._owner_name}.allow_from: label must be unique and match {INGRESS_LABEL_PATTERN.pattern} "
                f"(got {label!r}; used: {sorted(self._labels)})"
            )
        self._labels.add(label)
        return allow_tcp_from_security_group(
            f"{self._owner_name}-from-{label}",
            security_group_id=security_group_id,
            source_security_group_id=source_security_group_id,
            port=self._port,
            description=f"{self._protocol} from {label}",
            parent=parent,
        )
