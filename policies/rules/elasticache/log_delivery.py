"""Slow and engine logs go to CloudWatch Logs as JSON."""

from collections.abc import Mapping

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, setting, violation

NAME = "elasticache-log-delivery"
DESCRIPTION = "ElastiCache replication groups deliver slow-log (and engine-log) to CloudWatch Logs in JSON."
SEVERITY = "low"
CATEGORY = "LOG"
CONTROLS = ("custom: terraform-aws-modules elasticache default",)
ROWS = ("33",)
TYPES = frozenset({"aws:elasticache/replicationGroup:ReplicationGroup"})
REMEDIATION = (
    "Add log_delivery_configurations entries {log_type: 'slow-log' / 'engine-log', "
    "destination_type: 'cloudwatch-logs', log_format: 'json', destination: <log group name>}."
)
CONFIG = {
    "logTypes": {
        "type": "array",
        "items": {"type": "string", "enum": ["slow-log", "engine-log"]},
        "default": ["slow-log", "engine-log"],
        "description": "log types that must be delivered",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    configured = get(args.props, "logDeliveryConfigurations")
    good = {
        entry.get("logType")
        for entry in as_list(configured)
        if isinstance(entry, Mapping)
        and entry.get("destinationType") == "cloudwatch-logs"
        and entry.get("logFormat") == "json"
        and entry.get("destination")
    }
    missing = [t for t in setting(args, CONFIG, "logTypes") if t not in good]
    if missing:
        report_violation(
            violation("logDeliveryConfigurations", configured, f"deliver {missing} to cloudwatch-logs in json")
        )
