"""Signing out or losing a phone must end the session: refresh tokens can be revoked."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, get, violation

NAME = "cognito-client-token-revocation"
DESCRIPTION = "Cognito app clients keep token revocation on (RevokeToken invalidates a refresh token and its tokens)."
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("custom: Cognito token revocation",)
ROWS = ("X14",)
TYPES = frozenset({"aws:cognito/userPoolClient:UserPoolClient"})
REMEDIATION = "Set enable_token_revocation=True."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    value = get(args.props, "enableTokenRevocation")
    if as_bool(value) is not True:
        report_violation(violation("enableTokenRevocation", value, "set it to true"))
