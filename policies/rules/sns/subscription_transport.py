"""Alert subscriptions deliver over encrypted channels only."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, violation

NAME = "sns-subscription-encrypted-transport"
DESCRIPTION = "SNS subscriptions do not deliver in clear text: no http or sms endpoints (https, email, AWS targets)."
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("custom: notifications in transit encrypted",)
ROWS = ("22",)
TYPES = frozenset({"aws:sns/topicSubscription:TopicSubscription"})
CLEAR_TEXT = ("http", "sms")
REMEDIATION = "Subscribe an https:// endpoint (or e-mail, or an AWS target such as SQS or Lambda)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    protocol = get(args.props, "protocol")
    if not isinstance(protocol, str) or protocol.lower() in CLEAR_TEXT:
        report_violation(violation("protocol", protocol, "use https (or email, or an AWS target)"))
    endpoint = get(args.props, "endpoint")
    # A secret endpoint (a webhook read from Secrets Manager) is not visible here; its scheme is checked
    # by the settings and by the SNS API (an https subscription refuses another scheme).
    if protocol == "https" and isinstance(endpoint, str) and "://" in endpoint and not endpoint.startswith("https://"):
        report_violation(violation("endpoint", endpoint.split(":", 1)[0] + ":...", "use an https:// URL"))
