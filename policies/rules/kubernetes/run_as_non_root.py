"""Containers run as a non-root user."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, each_container, effective
from policies.support.props import as_int, setting, violation

NAME = "k8s-run-as-non-root"
DESCRIPTION = (
    "Containers run with runAsNonRoot: true and an explicit runAsUser (container or pod) at or above the "
    "minimum UID (10000), so they never share a user with the node."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("PSS restricted", "CKV_K8S_23", "CKV_K8S_40")
ROWS = ("K4",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Set securityContext.runAsNonRoot=true and runAsUser to an unprivileged UID (e.g. 10001)."
CONFIG = {
    "minUid": {
        "type": "integer",
        "minimum": 1,
        "default": 10000,
        "description": "lowest accepted runAsUser (CKV_K8S_40: 10000)",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    minimum = setting(args, CONFIG, "minUid")

    def check(path, container, spec):
        messages = []
        if effective(container, spec, "runAsNonRoot") is not True:
            messages.append(
                violation(
                    f"{path}.securityContext.runAsNonRoot",
                    effective(container, spec, "runAsNonRoot"),
                    "set it to true",
                )
            )
        user = effective(container, spec, "runAsUser")
        # Absent means the image's USER, which may be any UID: the pod spec must say which.
        if as_int(user) is None or user < minimum:
            messages.append(violation(f"{path}.securityContext.runAsUser", user, f"use a UID >= {minimum}"))
        return messages

    each_container(args, report_violation, check)
