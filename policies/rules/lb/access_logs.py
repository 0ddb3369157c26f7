"""Load balancers write access logs."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_set, require_true

NAME = "lb-access-logs"
DESCRIPTION = "Load balancers deliver access logs to S3."
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH ELB.5", "CKV_AWS_91")
ROWS = ("78",)
TYPES = frozenset({"aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"})
REMEDIATION = "Set access_logs={enabled: True, bucket: <log bucket>}."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "accessLogs.enabled")
        require_set(args.props, report_violation, "accessLogs.bucket", "the access-log bucket")
