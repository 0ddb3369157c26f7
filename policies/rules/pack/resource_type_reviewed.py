"""Default deny: a resource type the pack has not reviewed is a finding, not a silent pass."""

from pulumi_policy import ResourceValidationArgs

from policies.reviewed import is_reviewed
from policies.rule import EVERY_TYPE, ReportViolation
from policies.support.props import violation

NAME = "resource-type-reviewed"
DESCRIPTION = (
    "Every resource is of a type the pack has reviewed (policies/reviewed.py, listed in POLICIES.md): a type "
    "some policy checks, or one reviewed with nothing to enforce. Anything else (a new AWS or Kubernetes "
    "type, another API version, a *List or *Patch object, a Helm release) is refused until reviewed."
)
SEVERITY = "high"
CATEGORY = "GOV"
CONTROLS = ("custom: default deny of unreviewed resource types",)
ROWS = ("X1",)
TYPES = frozenset({EVERY_TYPE})
REMEDIATION = (
    "Review the type: add a policy that checks it (its TYPES) or a line with the reason to "
    "REVIEWED_WITHOUT_RULES in policies/reviewed.py, then regenerate POLICIES.md."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if not is_reviewed(args.resource_type):
        report_violation(violation("type", args.resource_type, "the pack has not reviewed this resource type"))
