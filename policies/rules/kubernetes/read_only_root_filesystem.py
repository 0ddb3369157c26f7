"""Containers cannot write to their image filesystem."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, each_container
from policies.support.props import get, violation

NAME = "k8s-read-only-root-filesystem"
DESCRIPTION = "Containers set readOnlyRootFilesystem: true (writable paths come from emptyDir volumes)."
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("CKV_K8S_22", "kube-linter read-only-root-fs")
ROWS = ("K8",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Set securityContext.readOnlyRootFilesystem=true and mount an emptyDir at /tmp."


def _check(path, container, spec):
    value = get(container, "securityContext.readOnlyRootFilesystem")
    return (
        [] if value is True else [violation(f"{path}.securityContext.readOnlyRootFilesystem", value, "set it to true")]
    )


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    each_container(args, report_violation, _check)
