"""EBS volumes (and the account default) are encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.ec2 import check_volume
from policies.support.props import as_bool, get, violation

NAME = "ebs-volume-encrypted"
DESCRIPTION = "EBS volumes are encrypted with a customer-managed key; EBS encryption by default is never turned off."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH EC2.3", "SH EC2.7", "CKV_AWS_3", "CKV_AWS_189")
ROWS = ("X4",)
VOLUME = "aws:ebs/volume:Volume"
DEFAULT = "aws:ebs/encryptionByDefault:EncryptionByDefault"
TYPES = frozenset({VOLUME, DEFAULT})
REMEDIATION = "Set encrypted=True and kms_key_id=<CMK ARN>; keep EncryptionByDefault enabled."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == VOLUME:
        check_volume(report_violation, "volume", args.props)
    elif args.resource_type == DEFAULT and as_bool(get(args.props, "enabled")) is False:
        report_violation(violation("enabled", False, "keep EBS encryption by default on"))
