"""Function URLs require IAM authentication: no anonymous HTTPS endpoint on a function."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, violation

NAME = "lambda-function-url-auth"
DESCRIPTION = "Lambda function URLs (and permissions for them) use authorization type AWS_IAM, never NONE."
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("SH Lambda.1", "CKV_AWS_258")
ROWS = ("X8",)
URL = "aws:lambda/functionUrl:FunctionUrl"
PERMISSION = "aws:lambda/permission:Permission"
TYPES = frozenset({URL, PERMISSION})
REMEDIATION = "Set authorization_type='AWS_IAM' (public traffic enters through the front door)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == URL:
        value = get(args.props, "authorizationType")
        if value != "AWS_IAM":
            report_violation(violation("authorizationType", value, "set it to 'AWS_IAM'"))
    elif args.resource_type == PERMISSION and get(args.props, "functionUrlAuthType") not in (None, "AWS_IAM"):
        report_violation(violation("functionUrlAuthType", get(args.props, "functionUrlAuthType"), "use 'AWS_IAM'"))
