"""No identity policy grants administrator or privilege-escalation actions."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import IDENTITY_DOCUMENTS, escalations, finding, identity_statements

NAME = "iam-no-admin-access"
DESCRIPTION = (
    "Identity policies grant neither full admin (Action '*') nor privilege escalation: IAM actions of the "
    "Permissions management level (from the IAM knowledge base) or credential and role creation."
)
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = (
    "SH IAM.1",
    "CIS 1.15",
    "CKV_AWS_62",
    "CKV_AWS_274",
    "CKV2_AWS_40",
    "NAG R5-IAMPolicyNoStatementsWithAdminAccess",
)
ROWS = ("73",)
TYPES = frozenset(IDENTITY_DOCUMENTS)
REMEDIATION = "Grant the exact actions the workload calls; administration goes through a break-glass role."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    for statement in identity_statements(args.resource_type, args.props):
        if not statement.allows:
            continue
        for action in statement.actions:
            service = action.split(":", 1)[0]
            granted = escalations(action)
            if action == "*" or "*" in service or "?" in service:
                problem = f"Action {action!r} grants every action of every service"
            elif granted:
                problem = f"Action {action!r} is admin-equivalent (grants {granted[0]})"
            else:
                continue
            report_violation(finding(statement, problem, "list the exact actions needed", action, action))
