"""Threat protection scores every sign-in; it acts on the risk where the environment requires it."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, setting, violation

NAME = "cognito-user-pool-threat-protection"
DESCRIPTION = (
    "Cognito user pools run threat protection (advanced security) on the Plus plan: ENFORCED where the "
    "environment requires it, AUDIT or ENFORCED elsewhere, never OFF."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: Cognito threat protection",)
ROWS = ("X14",)
TYPES = frozenset({"aws:cognito/userPool:UserPool"})
REMEDIATION = "Set user_pool_tier='PLUS' and user_pool_add_ons.advanced_security_mode='ENFORCED'."
CONFIG = {
    "modes": {
        "type": "array",
        "items": {"type": "string", "enum": ["AUDIT", "ENFORCED"]},
        "default": ["ENFORCED"],
        "description": "accepted advanced_security_mode values in this environment",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    modes = setting(args, CONFIG, "modes")
    mode = get(args.props, "userPoolAddOns.advancedSecurityMode")
    if mode not in modes:
        report_violation(violation("userPoolAddOns.advancedSecurityMode", mode, f"set it to one of {modes}"))
    # AWS refuses threat protection below the Plus plan; an absent tier means Essentials.
    tier = get(args.props, "userPoolTier")
    if tier != "PLUS":
        report_violation(violation("userPoolTier", tier, "set it to PLUS (threat protection is a Plus feature)"))
