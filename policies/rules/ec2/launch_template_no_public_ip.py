"""Nodes get no public IP address."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, as_list, get, violation

NAME = "ec2-launch-template-no-public-ip"
DESCRIPTION = "Launch templates declare network interfaces without public IP addresses."
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH EC2.25", "CKV_AWS_88")
ROWS = ("46",)
TYPES = frozenset({"aws:ec2/launchTemplate:LaunchTemplate"})
REMEDIATION = "Set network_interfaces=[{associate_public_ip_address: 'false', security_groups: [...]}]."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    interfaces = as_list(get(args.props, "networkInterfaces"))
    if not interfaces:
        report_violation(
            violation(
                "networkInterfaces",
                get(args.props, "networkInterfaces"),
                "declare the interface with associate_public_ip_address='false' (otherwise the subnet decides)",
            )
        )
    for index, interface in enumerate(interfaces):
        value = get(interface, "associatePublicIpAddress")
        if as_bool(value) is not False:
            report_violation(
                violation(f"networkInterfaces[{index}].associatePublicIpAddress", value, "set it to 'false'")
            )
