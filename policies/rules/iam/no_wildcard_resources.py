"""Identity policies name exact resources (ARNs), not `*` or any ARN with an unbounded wildcard."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import IDENTITY_DOCUMENTS, finding, identity_statements, is_wildcard_resource
from policies.support.iam_kb import only_star_resources

NAME = "iam-no-wildcard-resources"
DESCRIPTION = (
    "Identity policy statements allow actions on exact resources: no Resource '*' and no ARN whose wildcard "
    "reaches past one named resource (`key/mrk-*`, `secret:?*`, `arn:aws:s3:::*/*`), unless every action "
    "supports no resource-level permission (IAM knowledge base) or a literal aws:ResourceTag condition scopes it."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH IAM.21", "CKV_AWS_63", "NAG IAM5")
ROWS = ("74",)
TYPES = frozenset(IDENTITY_DOCUMENTS)
REMEDIATION = (
    "Name the exact ARNs (grant_* methods of the components do this); actions that only accept Resource '*' "
    "(ec2:Describe*) go in a statement of their own, listed exactly."
)


def _scoped_by_tags(statement) -> bool:
    return any("resourcetag/" in key for key in statement.narrowing(statement.condition_keys()))


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    for statement in identity_statements(args.resource_type, args.props):
        if not statement.allows:
            continue
        if statement.body.get("NotResource") is not None:
            report_violation(
                finding(
                    statement,
                    "Allow with NotResource applies to every other resource",
                    "use Resource with exact ARNs",
                    "NotResource",
                    statement.body.get("NotResource"),
                )
            )
        wildcards = [r for r in statement.resources if is_wildcard_resource(r)]
        if not wildcards or _scoped_by_tags(statement):
            continue
        if statement.actions and all(only_star_resources(a) for a in statement.actions):
            continue
        report_violation(
            finding(
                statement,
                f"Resource {wildcards} for actions {statement.actions}",
                "name the exact resource ARNs",
                value=wildcards,
            )
        )
