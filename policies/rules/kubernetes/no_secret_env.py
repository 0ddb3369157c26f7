"""Secrets are mounted as files (or via the CSI driver), not exposed as environment variables."""

from collections.abc import Mapping

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, each_container
from policies.support.props import as_list, get, violation

NAME = "k8s-no-secret-env"
DESCRIPTION = "Containers do not read Kubernetes Secrets into environment variables."
SEVERITY = "low"
CATEGORY = "LP"
CONTROLS = ("CKV_K8S_35", "kube-linter env-var-secret")
ROWS = ("K17",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Mount the secret as a volume (or use the Secrets Store CSI driver) and read the file."


def _check(path, container, spec):
    messages = [
        violation(
            f"{path}.env[{e.get('name')}].valueFrom.secretKeyRef",
            get(e, "valueFrom.secretKeyRef"),
            "mount the secret as a file instead",
        )
        for e in as_list(container.get("env"))
        if isinstance(e, Mapping) and get(e, "valueFrom.secretKeyRef")
    ]
    messages += [
        violation(f"{path}.envFrom.secretRef", get(e, "secretRef"), "mount the secret as a file instead")
        for e in as_list(container.get("envFrom"))
        if isinstance(e, Mapping) and e.get("secretRef")
    ]
    return messages


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    each_container(args, report_violation, _check)
