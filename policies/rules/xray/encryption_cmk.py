"""X-Ray encrypts traces with a customer-managed key."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk, require_equal

NAME = "xray-encryption-cmk"
DESCRIPTION = "X-Ray encryption configurations use KMS with a customer-managed key."
SEVERITY = "medium"
CATEGORY = "EaR"
CONTROLS = ("custom: traces encrypted with a CMK",)
ROWS = ("69",)
TYPES = frozenset({"aws:xray/encryptionConfig:EncryptionConfig"})
REMEDIATION = "Set type='KMS' and key_id=<CMK ARN>."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_equal(args.props, report_violation, "type", "KMS")
        require_cmk(args.props, report_violation, "keyId")
