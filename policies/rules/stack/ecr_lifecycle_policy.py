"""Repositories expire old images."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.stack import label, linked, of_type

NAME = "ecr-lifecycle-policy"
DESCRIPTION = "Every ECR repository has a lifecycle policy."
SEVERITY = "low"
CATEGORY = "AV"
CONTROLS = ("SH ECR.3",)
ROWS = ("77",)
REPOSITORY = "aws:ecr/repository:Repository"
LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
TYPES = frozenset({REPOSITORY, LIFECYCLE})
REMEDIATION = "Add aws.ecr.LifecyclePolicy(repository=<name>, policy=json.dumps({rules: [...]}))."


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    policies = of_type(args.resources, LIFECYCLE)
    for repository in of_type(args.resources, REPOSITORY):
        if not any(linked(p, p.props.get("repository"), repository, "name") for p in policies):
            report_violation(f"{label(repository)} has no LifecyclePolicy; add one", repository.urn)
