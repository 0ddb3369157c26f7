"""Instances get no public IP address."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, get, violation

NAME = "ec2-instance-no-public-ip"
DESCRIPTION = "EC2 instances set associatePublicIpAddress to false explicitly (otherwise the subnet decides)."
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH EC2.9", "CKV_AWS_88")
ROWS = ("X7",)
TYPES = frozenset({"aws:ec2/instance:Instance"})
REMEDIATION = "Set associate_public_ip_address=False and place the instance in a private subnet."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    value = get(args.props, "associatePublicIpAddress")
    if args.resource_type in TYPES and as_bool(value) is not False:
        report_violation(violation("associatePublicIpAddress", value, "set it to false"))
