"""The trail records every region, is on, and signs its log files."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "cloudtrail-trail-logging"
DESCRIPTION = "CloudTrail trails are multi-region, enabled, and validate log files."
SEVERITY = "high"
CATEGORY = "LOG"
CONTROLS = (
    "SH CloudTrail.1",
    "SH CloudTrail.4",
    "CIS 3.1",
    "CIS 3.2",
    "CKV_AWS_67",
    "CKV_AWS_251",
    "CKV_AWS_36",
)
ROWS = ("65",)
TYPES = frozenset({"aws:cloudtrail/trail:Trail"})
REMEDIATION = "Set is_multi_region_trail=True, enable_logging=True, enable_log_file_validation=True."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        for path in ("isMultiRegionTrail", "enableLogging", "enableLogFileValidation"):
            require_true(args.props, report_violation, path)
