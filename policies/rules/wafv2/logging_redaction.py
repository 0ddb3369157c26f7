"""WAF logs go to a WAF log group and never hold the clients' credentials."""

import re

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, setting, violation

NAME = "wafv2-logging-redaction"
DESCRIPTION = (
    "WAF logging configurations write to an aws-waf-logs-* destination and redact the Authorization and Cookie headers."
)
SEVERITY = "high"
CATEGORY = "LOG"
CONTROLS = ("SH WAF.11", "CKV2_AWS_31", "custom: credentials never logged")
ROWS = ("78",)
TYPES = frozenset({"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"})
REMEDIATION = (
    "Set log_destination_configs=[<log group aws-waf-logs-...>] and redacted_fields=[{single_header: {name: "
    "'authorization'}}, {single_header: {name: 'cookie'}}]."
)
CONFIG = {
    "redactedHeaders": {
        "type": "array",
        "items": {"type": "string"},
        "default": ["authorization", "cookie"],
        "description": "headers every WAF log must redact (case-insensitive)",
    }
}
WAF_LOG_PREFIX = "aws-waf-logs-"


def destination_name(arn: str) -> str:
    """The log group, bucket or delivery stream name inside a destination ARN."""
    if ":log-group:" in arn:
        return arn.split(":log-group:", 1)[1].split(":", 1)[0]
    return re.split(r"[:/]", arn)[-1]


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    destinations = as_list(get(args.props, "logDestinationConfigs"))
    if not destinations:
        report_violation(violation("logDestinationConfigs", None, "log to an aws-waf-logs-* log group"))
    for index, destination in enumerate(destinations):
        if not destination_name(str(destination)).startswith(WAF_LOG_PREFIX):
            report_violation(
                violation(f"logDestinationConfigs[{index}]", destination, f"name it {WAF_LOG_PREFIX}<name>")
            )
    redacted = {
        str(get(field, "singleHeader.name")).lower()
        for field in as_list(get(args.props, "redactedFields"))
        if get(field, "singleHeader.name")
    }
    for header in setting(args, CONFIG, "redactedHeaders"):
        if header.lower() not in redacted:
            report_violation(
                violation("redactedFields", sorted(redacted), f"add {{single_header: {{name: '{header}'}}}}")
            )
