"""Trail log files are encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk

NAME = "cloudtrail-trail-cmk"
DESCRIPTION = "CloudTrail trails encrypt log files with a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH CloudTrail.2", "CIS 3.5", "CKV_AWS_35")
ROWS = ("66",)
TYPES = frozenset({"aws:cloudtrail/trail:Trail"})
REMEDIATION = "Set kms_key_id=<audit CMK ARN>."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsKeyId")
