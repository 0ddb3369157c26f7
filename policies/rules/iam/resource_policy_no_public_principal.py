"""Resource policies (keys, secrets, queues, buckets, repositories, vaults, topics) are not public."""

from policies.support.iam import RESOURCE_DOCUMENTS, finding, narrowed, resource_statements

NAME = "iam-resource-policy-no-public-principal"
DESCRIPTION = (
    "Resource policies never allow Principal '*' unless a condition narrows it to the account, "
    "organization, source ARN or VPC endpoint (one finding per statement)."
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
REMEDIATION = "Name the principals, or add aws:PrincipalAccount / aws:PrincipalOrgID / aws:SourceArn conditions."


def validate(args, report_violation):
    for statement in resource_statements(args.resource_type, args.props):
        if statement.allows and statement.is_public() and not narrowed(statement):
            report_violation(
                finding(
                    statement,
                    "Allow to Principal '*' without a narrowing condition",
                    "name the principals or narrow with aws:PrincipalAccount",
                )
            )
