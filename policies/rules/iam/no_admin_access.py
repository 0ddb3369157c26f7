"""No identity policy grants administrator or privilege-escalation actions."""

from policies.support.iam import (
    ADMIN_EQUIVALENT_ACTIONS,
    IDENTITY_DOCUMENTS,
    covers,
    finding,
    identity_statements,
)

NAME = "iam-no-admin-access"
DESCRIPTION = (
    "Identity policies grant neither full admin (Action '*') nor admin-equivalent actions "
    "(iam:* and privilege escalation such as iam:PutRolePolicy, iam:AttachRolePolicy)."
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


def validate(args, report_violation):
    for statement in identity_statements(args.resource_type, args.props):
        if not statement.allows:
            continue
        for action in statement.actions:
            escalations = [a for a in ADMIN_EQUIVALENT_ACTIONS if covers(action, a)]
            if action in ("*", "*:*"):
                report_violation(
                    finding(
                        statement,
                        f"Action {action!r} grants full administrator access",
                        "list the exact actions needed",
                    )
                )
            elif escalations:
                report_violation(
                    finding(
                        statement,
                        f"Action {action!r} is admin-equivalent (covers {escalations[0]})",
                        "remove it; manage IAM outside workload roles",
                    )
                )
