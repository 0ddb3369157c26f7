"""iam:PassRole names the exact roles it may pass."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import IDENTITY_DOCUMENTS, covers, finding, identity_statements

NAME = "iam-passrole-scoped"
DESCRIPTION = "Statements allowing iam:PassRole (also through `iam:*`, `iam:Pass*`, `*`) name exact role ARNs."
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = ("NAG IAM5", "custom: PassRole to any role is privilege escalation")
ROWS = ("74",)
TYPES = frozenset(IDENTITY_DOCUMENTS)
REMEDIATION = "Set Resource to the exact role ARNs and add Condition iam:PassedToService."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    for statement in identity_statements(args.resource_type, args.props):
        if not statement.allows or not any(covers(a, "iam:PassRole") for a in statement.actions):
            continue
        loose = [r for r in statement.resources if "*" in r or "?" in r]
        if statement.body.get("NotResource") is not None:
            loose.append("NotResource")
        if loose or not statement.resources:
            shown = loose or statement.resources
            report_violation(
                finding(statement, f"iam:PassRole on {shown}", "name the exact role ARNs", "iam:PassRole", shown)
            )
