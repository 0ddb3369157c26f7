"""EFS file systems are encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk, require_true

NAME = "efs-file-system-cmk"
DESCRIPTION = "EFS file systems are encrypted at rest with a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH EFS.1", "CKV_AWS_42", "CKV_AWS_184")
ROWS = ("X5",)
TYPES = frozenset({"aws:efs/fileSystem:FileSystem"})
REMEDIATION = "Set encrypted=True and kms_key_id=<CMK ARN> (encryption cannot be added later)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "encrypted")
        require_cmk(args.props, report_violation, "kmsKeyId")
