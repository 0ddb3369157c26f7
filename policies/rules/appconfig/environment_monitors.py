"""Feature-flag rollouts roll back by themselves: the environment watches alarms."""

import re

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, setting, violation

NAME = "appconfig-environment-monitors"
DESCRIPTION = (
    "AppConfig environments watch at least the required number of CloudWatch alarms during a deployment "
    "(staging and prod: one), each with the role AppConfig assumes to read it, so an alarm rolls a "
    "rollout back without a person."
)
SEVERITY = "high"
CATEGORY = "AV"
CONTROLS = ("custom: automatic rollback of configuration deployments",)
ROWS = ("X15",)
TYPES = frozenset({"aws:appconfig/environment:Environment"})
REMEDIATION = (
    "Set monitors=[{alarm_arn: <service health or queue alarm ARN>, alarm_role_arn: <role trusted by "
    "appconfig.amazonaws.com with cloudwatch:DescribeAlarms on those alarms>}]."
)
CONFIG = {
    "minMonitors": {
        "type": "integer",
        "minimum": 0,
        "maximum": 5,
        "default": 0,
        "description": "least number of alarm monitors per environment",
    }
}
_ALARM_ARN = re.compile(r"^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:[0-9]{12}:alarm:.+\Z")
_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+\Z")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    monitors = as_list(get(args.props, "monitors"))
    required = setting(args, CONFIG, "minMonitors")
    if len(monitors) < required:
        report_violation(
            violation("monitors", get(args.props, "monitors"), f"watch at least {required} CloudWatch alarm(s)")
        )
    for index, monitor in enumerate(monitors):
        if not _ALARM_ARN.match(str(get(monitor, "alarmArn") or "")):
            report_violation(
                violation(f"monitors[{index}].alarmArn", get(monitor, "alarmArn"), "name a CloudWatch alarm ARN")
            )
        if not _ROLE_ARN.match(str(get(monitor, "alarmRoleArn") or "")):
            report_violation(
                violation(
                    f"monitors[{index}].alarmRoleArn",
                    get(monitor, "alarmRoleArn"),
                    "name the role AppConfig assumes to read the alarm",
                )
            )
