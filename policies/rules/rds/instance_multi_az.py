"""Single RDS instances run Multi-AZ."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "rds-instance-multi-az"
DESCRIPTION = "Non-Aurora RDS instances run Multi-AZ with a synchronous standby."
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("SH RDS.5", "CIS 2.2.4", "CKV_AWS_157", "NAG RDS3")
ROWS = ("7",)
TYPES = frozenset({"aws:rds/instance:Instance"})
REMEDIATION = "Set multi_az=True."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "multiAz")
