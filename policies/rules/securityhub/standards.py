"""Security Hub runs the AWS Foundational Security Best Practices and CIS standards where it is enabled."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, setting
from policies.support.stack import label, of_type, place, same_place

NAME = "securityhub-standards"
DESCRIPTION = (
    "Every Security Hub account (per region) subscribes to the required standards (AWS Foundational Security "
    "Best Practices and the CIS AWS Foundations Benchmark) in its region, and does not leave the choice to "
    "enable_default_standards."
)
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH SecurityHub.1", "custom: FSBP and CIS standards enabled")
ROWS = ("X16",)
HUB = "aws:securityhub/account:Account"
SUBSCRIPTION = "aws:securityhub/standardsSubscription:StandardsSubscription"
TYPES = frozenset({HUB, SUBSCRIPTION})
REMEDIATION = (
    "Set enable_default_standards=False and add a StandardsSubscription per standard, with the region's "
    "standards ARN (components/reference/security_hub.py)."
)
CONFIG = {
    "standards": {
        "type": "array",
        "items": {"type": "string"},
        "default": ["aws-foundational-security-best-practices", "cis-aws-foundations-benchmark"],
        "description": "standards (the ARN path segment) every hub must run",
    },
}


def _standard_of(arn: str) -> str:
    """`arn:aws:securityhub:us-east-1::standards/<name>/v/<version>` (or `:::ruleset/...`) -> `<name>`."""
    path = arn.split("standards/", 1)[-1].split("ruleset/", 1)[-1]
    return path.split("/v/", 1)[0]


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    required = setting(args, CONFIG, "standards")
    subscriptions = of_type(args.resources, SUBSCRIPTION)
    for hub in of_type(args.resources, HUB):
        subscribed = {_standard_of(str(get(s.props, "standardsArn"))) for s in subscriptions if same_place(s, hub)}
        missing = [standard for standard in required if standard not in subscribed]
        problems = [f"no subscription to {missing} in {place(hub)[1]}"] if missing else []
        if get(hub.props, "enableDefaultStandards") is not False:
            problems.append(f"enableDefaultStandards is {get(hub.props, 'enableDefaultStandards')!r}")
        if problems:
            report_violation(f"{label(hub)}: {', '.join(problems)}; subscribe to the standards explicitly", hub.urn)
