"""Containers cannot gain more privileges than they start with."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, each_container
from policies.support.props import get, violation

NAME = "k8s-no-privilege-escalation"
DESCRIPTION = "Containers set allowPrivilegeEscalation: false explicitly."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("PSS restricted", "CKV_K8S_20")
ROWS = ("K3",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Set securityContext.allowPrivilegeEscalation=false on every container."


def _check(path, container, spec):
    value = get(container, "securityContext.allowPrivilegeEscalation")
    if value is not False:
        return [violation(f"{path}.securityContext.allowPrivilegeEscalation", value, "set it to false")]
    return []


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    each_container(args, report_violation, _check)
