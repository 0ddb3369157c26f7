"""A client secret belongs only to a server: an app on a phone cannot keep one."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, as_list, get, violation

NAME = "cognito-public-client-no-secret"
DESCRIPTION = (
    "Cognito app clients that sign users in (any OAuth flow but client_credentials, or no OAuth flow) have no "
    "client secret; only a client_credentials-only server client has one."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: no secret in public clients (RFC 8252)",)
ROWS = ("X14",)
TYPES = frozenset({"aws:cognito/userPoolClient:UserPoolClient"})
REMEDIATION = (
    "Set generate_secret=False on mobile and browser clients (they use PKCE); keep secrets for clients whose "
    "allowed_oauth_flows is ['client_credentials']."
)
SERVER_FLOWS = ["client_credentials"]


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    flows = as_list(get(args.props, "allowedOauthFlows"))
    if as_bool(get(args.props, "generateSecret")) is True and flows != SERVER_FLOWS:
        report_violation(
            violation(
                "generateSecret",
                True,
                f"a client with flows {flows} signs users in from a device that cannot keep a secret; set it to false",
            )
        )
