"""Node volumes are encrypted with a CMK."""

from collections.abc import Mapping

from policies.support.props import as_bool, as_list, check_cmk, get, violation

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


def validate(args, report_violation):
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
        path = f"blockDeviceMappings[{index}].ebs"
        if as_bool(get(mapping, "ebs.encrypted")) is not True:
            report_violation(violation(f"{path}.encrypted", get(mapping, "ebs.encrypted"), "set it to 'true'"))
        check_cmk(report_violation, f"{path}.kmsKeyId", get(mapping, "ebs.kmsKeyId"))
