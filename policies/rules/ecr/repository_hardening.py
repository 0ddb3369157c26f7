"""Images are scanned on push and tags cannot be overwritten."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_equal, require_set, require_true

NAME = "ecr-repository-hardening"
DESCRIPTION = (
    "ECR repositories scan images on push and make tags immutable; repository creation templates make tags "
    "immutable and carry a lifecycle policy."
)
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("SH ECR.1", "SH ECR.2", "CKV_AWS_163", "CKV_AWS_51", "NAG ECR1")
ROWS = ("77",)
REPOSITORY = "aws:ecr/repository:Repository"
TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"
TYPES = frozenset({REPOSITORY, TEMPLATE})
REMEDIATION = (
    "Set image_scanning_configuration={scan_on_push: True} and image_tag_mutability='IMMUTABLE'; "
    "repository creation templates (replicas, pull-through) also need a lifecycle_policy."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    require_equal(args.props, report_violation, "imageTagMutability", "IMMUTABLE")
    if args.resource_type == REPOSITORY:
        require_true(args.props, report_violation, "imageScanningConfiguration.scanOnPush")
    else:
        # Repositories created from a template get no separate LifecyclePolicy resource.
        require_set(args.props, report_violation, "lifecyclePolicy", "a lifecycle policy document")
