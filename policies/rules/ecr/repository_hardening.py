"""Images are scanned on push and tags cannot be overwritten."""

from policies.support.props import require_equal, require_true

NAME = "ecr-repository-hardening"
DESCRIPTION = "ECR repositories scan images on push and make tags immutable."
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("SH ECR.1", "SH ECR.2", "CKV_AWS_163", "CKV_AWS_51", "NAG ECR1")
ROWS = ("77",)
TYPES = frozenset({"aws:ecr/repository:Repository"})
REMEDIATION = "Set image_scanning_configuration={scan_on_push: True} and image_tag_mutability='IMMUTABLE'."


def validate(args, report_violation):
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "imageScanningConfiguration.scanOnPush")
        require_equal(args.props, report_violation, "imageTagMutability", "IMMUTABLE")
