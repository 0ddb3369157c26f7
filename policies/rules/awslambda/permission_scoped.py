"""A Lambda function is invokable by one AWS service, for one source only, never by everyone."""

from policies.support.props import describe, get

NAME = "lambda-permission-scoped"
DESCRIPTION = (
    "Lambda permissions name no '*' principal, and a permission for an AWS service names the source "
    "(sourceArn) and the account (sourceAccount) it may invoke for."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH Lambda.1", "CKV_AWS_364", "custom: confused-deputy protection")
ROWS = ("75",)
TYPES = frozenset({"aws:lambda/permission:Permission"})
REMEDIATION = (
    "Set principal to the service (secretsmanager.amazonaws.com), source_arn to the one resource that "
    "invokes the function and source_account to this account."
)


def validate(args, report_violation):
    if args.resource_type not in TYPES:
        return
    principal = get(args.props, "principal")
    if principal in (None, "*"):
        report_violation(f"principal is {describe(principal)}; name the one service or account that invokes it")
        return
    if isinstance(principal, str) and principal.endswith(".amazonaws.com"):
        for path in ("sourceArn", "sourceAccount"):
            if not get(args.props, path):
                report_violation(
                    f"{path} is <absent> for service principal {principal}; name it, so no other "
                    "account's resource can make the service invoke this function"
                )
