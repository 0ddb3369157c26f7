"""Symmetric CMKs rotate their key material at least yearly."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, get, require_true, violation

NAME = "kms-key-rotation"
DESCRIPTION = "Symmetric KMS keys enable automatic rotation (period <= 365 days)."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH KMS.4", "CIS 3.6", "CKV_AWS_7", "NAG KMS5")
ROWS = ("49",)
TYPES = frozenset({"aws:kms/key:Key"})
REMEDIATION = "Set enable_key_rotation=True (rotation_period_in_days between 90 and 365)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    # Asymmetric and HMAC keys cannot rotate automatically.
    if get(args.props, "customerMasterKeySpec") not in (None, "SYMMETRIC_DEFAULT"):
        return
    require_true(args.props, report_violation, "enableKeyRotation")
    period = get(args.props, "rotationPeriodInDays")
    if period is not None and not (as_int(period) is not None and 90 <= period <= 365):
        report_violation(violation("rotationPeriodInDays", period, "set it between 90 and 365"))
