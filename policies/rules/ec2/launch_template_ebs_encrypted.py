"""Node volumes are encrypted with a CMK."""

from collections.abc import Mapping

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.ec2 import check_volume
from policies.support.props import as_list, get, violation

NAME = "ec2-launch-template-ebs-encrypted"
DESCRIPTION = "Launch templates map only encrypted EBS volumes using a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH EC2.181", "CIS 5.1.1", "NAG EC26")
ROWS = ("45",)
TYPES = frozenset({"aws:ec2/launchTemplate:LaunchTemplate"})
REMEDIATION = (
    "Declare block_device_mappings for the root volume with ebs={encrypted: 'true', kms_key_id: <cluster CMK ARN>}."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    mappings = [m for m in as_list(get(args.props, "blockDeviceMappings")) if isinstance(m, Mapping)]
    if not mappings:
        report_violation(
            violation(
                "blockDeviceMappings",
                get(args.props, "blockDeviceMappings"),
                "declare the root volume with encryption (the AMI default may be unencrypted)",
            )
        )
    for index, mapping in enumerate(mappings):
        if mapping.get("virtualName") or mapping.get("noDevice"):
            continue
        check_volume(report_violation, f"blockDeviceMappings[{index}].ebs", get(mapping, "ebs"))
