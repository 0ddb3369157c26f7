"""No privileged containers."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, each_container
from policies.support.props import get, violation

NAME = "k8s-no-privileged"
DESCRIPTION = "Containers do not run privileged."
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = ("PSS baseline", "CKV_K8S_16", "Polaris runAsPrivileged")
ROWS = ("K1",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Remove securityContext.privileged (or set it to false)."


def _check(path, container, spec):
    value = get(container, "securityContext.privileged")
    return [violation(f"{path}.securityContext.privileged", value, "set it to false")] if value is True else []


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    each_container(args, report_violation, _check)
