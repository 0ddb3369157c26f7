"""The account's audit trail, threat detection and Security Hub exist: owned by this stack or declared."""

from policies.support.props import get, setting
from policies.support.stack import of_type

NAME = "account-security-baseline"
DESCRIPTION = (
    "Where required (staging, prod), the stack owns a CloudTrail trail, a GuardDuty detector and Security Hub, "
    "or declares the stack of the same account that owns them (a stack reference whose `account_baseline` "
    "output names the trail, detectors and hubs)."
)
SEVERITY = "critical"
CATEGORY = "LOG"
CONTROLS = ("SH CloudTrail.1", "CIS 3.1", "SH GuardDuty.1", "SH SecurityHub.1")
ROWS = ("48", "65")
REFERENCE = "pulumi:pulumi:StackReference"
PARTS = {
    "audit trail": ("aws:cloudtrail/trail:Trail", "trail_arn"),
    "GuardDuty detector": ("aws:guardduty/detector:Detector", "detector_ids"),
    "Security Hub": ("aws:securityhub/account:Account", "security_hub_arns"),
}
TYPES = frozenset({REFERENCE, *(resource_type for resource_type, _ in PARTS.values())})
REMEDIATION = (
    "Set observability.account_baseline.owner: true on the account's owner stack, or owner: false with "
    "owner_stack naming it (the stack then references the owner's account_baseline output)."
)
CONFIG = {
    "required": {"type": "boolean", "default": False, "description": "require the account baseline"},
}


def _declared(args) -> dict:
    """The `account_baseline` outputs of the owner stacks this stack references."""
    merged: dict = {}
    for reference in of_type(args.resources, REFERENCE):
        baseline = get(reference.props, "outputs.account_baseline")
        if baseline:
            merged.update({key: value for key, value in baseline.items() if value})
    return merged


def validate_stack(args, report_violation):
    if not setting(args, CONFIG, "required"):
        return
    declared = _declared(args)
    for part, (resource_type, output) in PARTS.items():
        if not of_type(args.resources, resource_type) and not declared.get(output):
            report_violation(
                f"the stack has no {part} ({resource_type}) and declares no owner stack whose account_baseline "
                f"output names one ({output}); own it or reference the account's owner stack",
            )
