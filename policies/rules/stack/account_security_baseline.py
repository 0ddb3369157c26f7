"""The account's audit trail, threat detection and Security Hub exist: owned by this stack or declared."""

from pulumi_policy import StackValidationArgs

from policies.rule import EVERY_TYPE, ReportViolation
from policies.support.props import get, required_switch, setting
from policies.support.stack import is_kubernetes_layer, of_type

NAME = "account-security-baseline"
DESCRIPTION = (
    "Where required (staging, prod), the stack owns a CloudTrail trail, a GuardDuty detector and Security Hub, "
    "or declares the stack of the same account that owns them (a stack reference whose `account_baseline` "
    "output names the trail, detectors and hubs). A stack of Kubernetes objects only (the Kubernetes layer) is "
    "judged by its AWS layer's stack instead."
)
SEVERITY = "critical"
CATEGORY = "LOG"
CONTROLS = ("SH CloudTrail.1", "CIS 3.1", "SH GuardDuty.1", "SH SecurityHub.1")
ROWS = ("48", "65", "X16")
REFERENCE = "pulumi:pulumi:StackReference"
PARTS = {
    "audit trail": ("aws:cloudtrail/trail:Trail", "trail_arn"),
    "GuardDuty detector": ("aws:guardduty/detector:Detector", "detector_ids"),
    "Security Hub": ("aws:securityhub/account:Account", "security_hub_arns"),
}
# Every type: whether the stack is a Kubernetes layer is told by what else it holds.
TYPES = frozenset({EVERY_TYPE})
REMEDIATION = (
    "Set observability.account_baseline.owner: true on the account's owner stack, or owner: false with "
    "owner_stack naming it (the stack then references the owner's account_baseline output)."
)
CONFIG = {
    "required": required_switch("require the account baseline"),
}


def _declared(args) -> dict:
    """The `account_baseline` outputs of the owner stacks this stack references."""
    merged: dict = {}
    for reference in of_type(args.resources, REFERENCE):
        baseline = get(reference.props, "outputs.account_baseline")
        if baseline:
            merged.update({key: value for key, value in baseline.items() if value})
    return merged


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    if not setting(args, CONFIG, "required") or is_kubernetes_layer(args.resources):
        return  # a Kubernetes-layer stack: the baseline is its AWS layer's, checked on that stack
    declared = _declared(args)
    for part, (resource_type, output) in PARTS.items():
        if not of_type(args.resources, resource_type) and not declared.get(output):
            report_violation(
                f"the stack has no {part} ({resource_type}) and declares no owner stack whose account_baseline "
                f"output names one ({output}); own it or reference the account's owner stack",
            )
