"""Secret resource policies block public policies."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "secretsmanager-block-public-policy"
DESCRIPTION = (
    "Secrets Manager secret policies set blockPublicPolicy (public principals:"
    " iam-resource-policy-no-public-principal)."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: secret resource policy",)
ROWS = ("57",)
TYPES = frozenset({"aws:secretsmanager/secretPolicy:SecretPolicy"})
REMEDIATION = "Set block_public_policy=True."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "blockPublicPolicy")
