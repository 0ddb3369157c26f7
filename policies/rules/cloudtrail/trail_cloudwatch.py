"""Trail events also stream to CloudWatch Logs for alarms."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_set

NAME = "cloudtrail-trail-cloudwatch"
DESCRIPTION = "CloudTrail trails deliver to a CloudWatch log group."
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH CloudTrail.5", "CKV2_AWS_10")
ROWS = ("67",)
TYPES = frozenset({"aws:cloudtrail/trail:Trail"})
REMEDIATION = "Set cloud_watch_logs_group_arn='<log group ARN>:*' and cloud_watch_logs_role_arn."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_set(args.props, report_violation, "cloudWatchLogsGroupArn", "a log group ARN")
        require_set(args.props, report_violation, "cloudWatchLogsRoleArn", "the delivery role ARN")
