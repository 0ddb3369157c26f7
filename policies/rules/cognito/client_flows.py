"""App clients use the authorization code flow: no implicit flow, no flow that sends the password itself."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "cognito-client-flows"
DESCRIPTION = (
    "Cognito app clients allow neither the implicit OAuth flow nor password sign-in flows (USER_PASSWORD, "
    "ADMIN_USER_PASSWORD), and list their sign-in flows explicitly (an absent list enables Cognito's defaults)."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: OAuth 2.0 for native apps, no implicit grant (RFC 9700)",)
ROWS = ("X14",)
TYPES = frozenset({"aws:cognito/userPoolClient:UserPoolClient"})
REMEDIATION = (
    "Set allowed_oauth_flows=['code'] (or ['client_credentials'] for a server) and explicit_auth_flows to "
    "['ALLOW_USER_SRP_AUTH'] or ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']."
)
PASSWORD_FLOWS = (
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH",
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    flows = as_list(get(args.props, "allowedOauthFlows"))
    if "implicit" in flows:
        report_violation(
            violation("allowedOauthFlows", flows, "remove implicit (tokens in the redirect URL); use code")
        )
    auth_flows = as_list(get(args.props, "explicitAuthFlows"))
    if not auth_flows:
        report_violation(violation("explicitAuthFlows", None, "list the sign-in flows (SRP, refresh) explicitly"))
    sent = [flow for flow in auth_flows if flow in PASSWORD_FLOWS]
    if sent:
        report_violation(violation("explicitAuthFlows", auth_flows, f"remove {sent} (they send the password itself)"))
