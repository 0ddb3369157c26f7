"""Identity policies name exact resources (ARNs), not `*`."""

from policies.support.iam import IDENTITY_DOCUMENTS, finding, identity_statements, is_wildcard_resource

NAME = "iam-no-wildcard-resources"
DESCRIPTION = (
    "Identity policy statements allow actions on exact resource ARNs, not Resource '*' (one finding per statement)."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH IAM.21", "CKV_AWS_63", "NAG IAM5")
ROWS = ("74",)
TYPES = frozenset(IDENTITY_DOCUMENTS)
REMEDIATION = (
    "Name the exact ARNs (grant_* methods of the components do this). Actions that only support "
    "Resource '*' (ec2:Describe*, ecr:GetAuthorizationToken) need an exemption with a reason."
)


def validate(args, report_violation):
    for statement in identity_statements(args.resource_type, args.props):
        if not statement.allows:
            continue
        if statement.body.get("NotResource") is not None:
            report_violation(
                finding(
                    statement,
                    "Allow with NotResource applies to every other resource",
                    "use Resource with exact ARNs",
                )
            )
        wildcards = [r for r in statement.resources if is_wildcard_resource(r)]
        if wildcards:
            report_violation(
                finding(
                    statement,
                    f"Resource {wildcards} for actions {statement.actions}",
                    "name the exact resource ARNs",
                )
            )
