"""Applications authenticate to the database with IAM, not long-lived passwords."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "rds-iam-authentication"
DESCRIPTION = "RDS instances and Aurora clusters enable IAM database authentication."
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("SH RDS.12", "SH RDS.10", "CKV_AWS_162", "CKV_AWS_161", "NAG RDS6")
ROWS = ("14",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Set iam_database_authentication_enabled=True and grant rds-db:connect per database user."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "iamDatabaseAuthenticationEnabled")
