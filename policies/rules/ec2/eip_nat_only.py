"""Elastic IPs serve NAT gateways only: none is attached to an instance or a network interface."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, violation

NAME = "ec2-eip-nat-only"
DESCRIPTION = "Elastic IPs are not associated with instances or network interfaces (public addresses are for NAT)."
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH EC2.9 analogue", "custom: no public addresses on hosts")
ROWS = ("72",)
TYPES = frozenset({"aws:ec2/eip:Eip"})
REMEDIATION = "Allocate the EIP for a NAT gateway (allocation_id); reach hosts through the front door."
ATTACHMENTS = ("instance", "networkInterface", "associateWithPrivateIp")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    for key in ATTACHMENTS:
        if get(args.props, key):
            report_violation(violation(key, get(args.props, key), "do not attach an Elastic IP to a host"))
