"""Containers run under the runtime's default seccomp profile (or a local one)."""

from collections.abc import Mapping

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, each_container, effective
from policies.support.props import get, violation

NAME = "k8s-seccomp-profile"
DESCRIPTION = "Pods or containers set seccompProfile.type RuntimeDefault (or Localhost)."
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("PSS restricted", "CKV_K8S_31")
ROWS = ("K6",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Set spec.securityContext.seccompProfile={type: 'RuntimeDefault'}."


def _check(path, container, spec):
    profile = effective(container, spec, "seccompProfile")
    kind = get(profile, "type") if isinstance(profile, Mapping) else None
    if kind not in ("RuntimeDefault", "Localhost"):
        return [violation(f"{path}.securityContext.seccompProfile.type", kind, "set it to 'RuntimeDefault'")]
    return []


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    each_container(args, report_violation, _check)
