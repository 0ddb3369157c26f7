"""Instance root and data volumes are encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.ec2 import check_volume
from policies.support.props import as_list, get

NAME = "ec2-instance-ebs-encrypted"
DESCRIPTION = "EC2 instances declare their root volume and every EBS volume encrypted with a customer-managed key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH EC2.3", "CKV_AWS_8", "NAG EC26")
ROWS = ("X7",)
TYPES = frozenset({"aws:ec2/instance:Instance"})
REMEDIATION = "Set root_block_device={encrypted: True, kms_key_id: <CMK ARN>} and the same on ebs_block_devices."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    # An undeclared root volume takes the AMI's settings, which may be unencrypted.
    check_volume(report_violation, "rootBlockDevice", get(args.props, "rootBlockDevice"))
    for index, device in enumerate(as_list(get(args.props, "ebsBlockDevices"))):
        check_volume(report_violation, f"ebsBlockDevices[{index}]", device)
