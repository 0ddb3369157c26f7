"""Resource policies (keys, secrets, queues, buckets, repositories, vaults, topics, ...) are not public."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import RESOURCE_DOCUMENTS, finding, narrowed, resource_statements

NAME = "iam-resource-policy-no-public-principal"
DESCRIPTION = (
    "Resource policies never Allow a wildcard principal (`*`, {AWS: '*'}, `arn:aws:iam::*:root`) unless a "
    "positive condition pins it to a literal account, organization, source ARN or VPC endpoint; never "
    "Allow with NotPrincipal (one finding per statement)."
)
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = (
    "SH KMS.5",
    "CKV_AWS_33",
    "SH SQS.3",
    "CKV_AWS_168",
    "SH ECR.3",
    "CKV_AWS_32",
    "custom: secret policy",
)
ROWS = ("50", "57", "76", "77", "79")
TYPES = frozenset(RESOURCE_DOCUMENTS)
REMEDIATION = (
    "Name the principals, or add StringEquals aws:PrincipalAccount / aws:PrincipalOrgID / ArnEquals "
    "aws:SourceArn with literal values (not StringLike '*', not a negated or ...IfExists operator)."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    for statement in resource_statements(args.resource_type, args.props):
        if not statement.allows:
            continue
        if statement.not_principal:
            report_violation(
                finding(
                    statement,
                    "Allow with NotPrincipal grants everyone else",
                    "name the principals with Principal",
                    "NotPrincipal",
                )
            )
        elif statement.is_public() and not narrowed(statement):
            report_violation(
                finding(
                    statement,
                    "Allow to a wildcard principal without a narrowing condition",
                    "name the principals or pin them with StringEquals aws:PrincipalAccount",
                    "Principal",
                )
            )
