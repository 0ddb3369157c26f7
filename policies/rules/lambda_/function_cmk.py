"""Lambda functions encrypt their environment with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk

NAME = "lambda-function-cmk"
DESCRIPTION = "Lambda functions encrypt environment variables (and snapshots) with a customer-managed KMS key."
SEVERITY = "medium"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_173",)
ROWS = ("X8",)
TYPES = frozenset({"aws:lambda/function:Function"})
REMEDIATION = "Set kms_key_arn=<CMK ARN>."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsKeyArn")
