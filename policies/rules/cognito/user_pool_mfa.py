"""Every user pool asks for a second factor: authenticator apps (TOTP), required where the environment says."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, require_true, setting, violation

NAME = "cognito-user-pool-mfa"
DESCRIPTION = (
    "Cognito user pools turn MFA on with authenticator apps (TOTP): ON where the environment requires it, "
    "ON or OPTIONAL elsewhere, never OFF."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: Cognito user pool MFA",)
ROWS = ("X14",)
TYPES = frozenset({"aws:cognito/userPool:UserPool"})
REMEDIATION = (
    "Set mfa_configuration='ON' (or 'OPTIONAL' where allowed) and software_token_mfa_configuration.enabled=True."
)
CONFIG = {
    "modes": {
        "type": "array",
        "items": {"type": "string", "enum": ["ON", "OPTIONAL"]},
        "default": ["ON"],
        "description": "accepted mfa_configuration values in this environment",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    modes = setting(args, CONFIG, "modes")
    mode = get(args.props, "mfaConfiguration")
    if mode not in modes:
        report_violation(violation("mfaConfiguration", mode, f"set it to one of {modes}"))
    require_true(args.props, report_violation, "softwareTokenMfaConfiguration.enabled")
