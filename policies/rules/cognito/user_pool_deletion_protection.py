"""The directory of users cannot be deleted by accident where the environment requires it."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import deletion_protection_required, require_equal, setting

NAME = "cognito-user-pool-deletion-protection"
DESCRIPTION = "Cognito user pools enable deletion protection (per environment): nothing restores a deleted pool."
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("custom: Cognito deletion protection",)
ROWS = ("X14",)
TYPES = frozenset({"aws:cognito/userPool:UserPool"})
REMEDIATION = "Set deletion_protection='ACTIVE'."
CONFIG = {"required": deletion_protection_required()}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES and setting(args, CONFIG, "required"):
        require_equal(args.props, report_violation, "deletionProtection", "ACTIVE")
