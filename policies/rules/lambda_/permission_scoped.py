"""Lambda invoke permissions name who may invoke, and services are pinned to their source."""

import re

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, violation

NAME = "lambda-permission-scoped"
DESCRIPTION = (
    "Lambda permissions never grant a wildcard principal; a service principal is pinned with sourceArn or "
    "sourceAccount (no confused deputy)."
)
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = ("SH Lambda.1", "custom: scoped invoke permissions")
ROWS = ("X8",)
TYPES = frozenset({"aws:lambda/permission:Permission"})
REMEDIATION = "Name the principal (a role ARN or a service) and set source_arn (or source_account) for services."
_WILDCARD = re.compile(r"[*?]")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    principal = get(args.props, "principal")
    if not isinstance(principal, str) or _WILDCARD.search(principal):
        report_violation(violation("principal", principal, "name the principal allowed to invoke"))
    elif principal.endswith(".amazonaws.com") and not (
        get(args.props, "sourceArn") or get(args.props, "sourceAccount")
    ):
        report_violation(violation("sourceArn", None, f"pin {principal} to the invoking resource"))
