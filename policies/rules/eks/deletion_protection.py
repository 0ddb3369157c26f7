"""The cluster cannot be deleted by accident where the environment requires it."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import deletion_protection_required, require_true, setting

NAME = "eks-deletion-protection"
DESCRIPTION = "EKS clusters enable deletion protection (per environment)."
SEVERITY = "medium"
CATEGORY = "BDR"
CONTROLS = ("custom: EKS deletion protection",)
ROWS = ("41",)
TYPES = frozenset({"aws:eks/cluster:Cluster"})
REMEDIATION = "Set deletion_protection=True."
CONFIG = {"required": deletion_protection_required()}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES and setting(args, CONFIG, "required"):
        require_true(args.props, report_violation, "deletionProtection")
