"""Identity policies list exact actions: no `service:*` or partial wildcards, no Allow + NotAction."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import IDENTITY_DOCUMENTS, finding, identity_statements

NAME = "iam-no-wildcard-actions"
DESCRIPTION = "Identity policies allow exact actions only (one finding per wildcard action, `*` or `?`)."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH IAM.21", "CKV_AWS_63", "NAG IAM5")
ROWS = ("74",)
TYPES = frozenset(IDENTITY_DOCUMENTS)
REMEDIATION = (
    "Replace each wildcard with the exact actions; a justified wildcard needs an exemption naming the "
    "resource, this policy, the finding key (`<path>#<Sid>:<action>`), the action as value and a reason."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    for statement in identity_statements(args.resource_type, args.props):
        if not statement.allows:
            continue
        if statement.body.get("NotAction") is not None:
            report_violation(
                finding(
                    statement,
                    "Allow with NotAction grants every other action",
                    "use Action with the exact actions",
                    "NotAction",
                    statement.body.get("NotAction"),
                )
            )
        for action in statement.actions:
            if "*" in action or "?" in action:
                report_violation(
                    finding(statement, f"wildcard action {action!r}", "list the exact actions", action, action)
                )
