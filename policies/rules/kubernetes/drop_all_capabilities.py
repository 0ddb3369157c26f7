"""Containers drop every Linux capability (NET_BIND_SERVICE may be added back)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, each_container
from policies.support.props import as_list, get, violation

NAME = "k8s-drop-all-capabilities"
DESCRIPTION = "Containers drop ALL capabilities and add back at most NET_BIND_SERVICE."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("PSS restricted", "CKV_K8S_28", "CKV_K8S_37")
ROWS = ("K5",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Set securityContext.capabilities={drop: ['ALL']} (add: ['NET_BIND_SERVICE'] only if needed)."
ALLOWED_ADD = ("NET_BIND_SERVICE",)


def _check(path, container, spec):
    messages = []
    drop = get(container, "securityContext.capabilities.drop")
    if "ALL" not in as_list(drop):
        messages.append(violation(f"{path}.securityContext.capabilities.drop", drop, "set it to ['ALL']"))
    added = [c for c in as_list(get(container, "securityContext.capabilities.add")) if c not in ALLOWED_ADD]
    if added:
        messages.append(violation(f"{path}.securityContext.capabilities.add", added, "remove them"))
    return messages


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    each_container(args, report_violation, _check)
