"""The cluster runs a Kubernetes version in EKS standard support, pinned."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, setting, violation

NAME = "eks-supported-version"
DESCRIPTION = "EKS clusters pin a Kubernetes version that is in standard support."
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("SH EKS.2", "CKV_AWS_339")
ROWS = ("38",)
TYPES = frozenset({"aws:eks/cluster:Cluster"})
REMEDIATION = "Set version to a release in standard support (see policy config supportedVersions); upgrade in order."
# EKS standard support as of 2026-11-25 (14 months from each EKS release; see docs/platform.md):
# 1.34 ends 2026-12-02, 1.35 ends 2027-03-27, 1.36 ends 2027-08-02. Drop a version on its end date.
CONFIG = {
    "supportedVersions": {
        "type": "array",
        "items": {"type": "string", "pattern": "^1\\.[0-9]+$"},
        "minItems": 1,
        "default": ["1.34", "1.35", "1.36"],
        "description": "Kubernetes versions currently in EKS standard support",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    supported = setting(args, CONFIG, "supportedVersions")
    version = get(args.props, "version")
    if version not in supported:
        report_violation(violation("version", version, f"pin one of {supported}"))
