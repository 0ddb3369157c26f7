"""The trail's log group has the CIS monitoring metric filters, each with an alarm."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.alarms import ALARM_TYPES, alarms_of, watched
from policies.support.props import get
from policies.support.stack import label, of_type

NAME = "cloudtrail-cis-metric-filters"
DESCRIPTION = (
    "Every trail that delivers to CloudWatch Logs has metric filters on its log group for root use, IAM policy "
    "changes, console sign-in without MFA, CMK disabling or deletion, security group and network ACL changes and "
    "unauthorized API calls, and an alarm on each filter's metric."
)
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = (
    "CIS 4.1",
    "CIS 4.2",
    "CIS 4.3",
    "CIS 4.4",
    "CIS 4.7",
    "CIS 4.10",
    "CIS 4.11",
    "SH CloudWatch.1",
    "SH CloudWatch.2",
    "SH CloudWatch.3",
    "SH CloudWatch.4",
    "SH CloudWatch.7",
    "SH CloudWatch.10",
    "SH CloudWatch.11",
)
ROWS = ("67", "X17")
TRAIL = "aws:cloudtrail/trail:Trail"
FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
TYPES = frozenset({TRAIL, FILTER, *ALARM_TYPES})
# What each monitored activity's pattern must mention (a filter that names these covers it).
ACTIVITIES = {
    "root use": ("Root",),
    "IAM policy changes": ("PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion"),
    "console sign-in without MFA": ("ConsoleLogin", "MFAUsed"),
    "CMK disabling or deletion": ("DisableKey", "ScheduleKeyDeletion"),
    "security group changes": ("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"),
    "network ACL changes": ("CreateNetworkAclEntry", "ReplaceNetworkAclEntry"),
    "unauthorized API calls": ("UnauthorizedOperation", "AccessDenied"),
}
REMEDIATION = (
    "Add a LogMetricFilter per activity on the trail's log group and a MetricAlarm on its metric "
    "(components/observability/audit_trail.py does both)."
)


def _log_group_name(trail) -> str | None:
    arn = get(trail.props, "cloudWatchLogsGroupArn")
    if not isinstance(arn, str) or ":log-group:" not in arn:
        return None
    return arn.split(":log-group:", 1)[1].removesuffix(":*")


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    filters = of_type(args.resources, FILTER)
    alarmed = {(w.metric, get(a.props, "namespace")) for a in alarms_of(args.resources) for w in watched(a)}
    alarmed |= {
        (get(q, "metric.metricName"), get(q, "metric.namespace"))
        for a in alarms_of(args.resources)
        for q in (get(a.props, "metricQueries") or [])
    }
    for trail in of_type(args.resources, TRAIL):
        group = _log_group_name(trail)
        if group is None:
            continue  # cloudtrail-trail-cloudwatch reports the missing delivery
        mine = [f for f in filters if get(f.props, "logGroupName") == group]
        missing, unalarmed = [], []
        for activity, words in ACTIVITIES.items():
            covering = [f for f in mine if all(word in str(get(f.props, "pattern")) for word in words)]
            if not covering:
                missing.append(activity)
            elif not any(
                (get(f.props, "metricTransformation.name"), get(f.props, "metricTransformation.namespace")) in alarmed
                for f in covering
            ):
                unalarmed.append(activity)
        if missing or unalarmed:
            report_violation(
                f"{label(trail)} (log group {group}): no metric filter for {missing}, no alarm for {unalarmed}; "
                "add the CIS monitoring filters and their alarms",
                trail.urn,
            )
