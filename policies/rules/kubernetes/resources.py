"""Containers declare CPU and memory requests and a memory limit."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, each_container
from policies.support.props import get, setting, violation

NAME = "k8s-resources"
DESCRIPTION = "Containers set requests.cpu, requests.memory and limits.memory (limits.cpu where required)."
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = (
    "CKV_K8S_10",
    "CKV_K8S_11",
    "CKV_K8S_12",
    "CKV_K8S_13",
    "kube-linter unset-cpu-requirements",
    "kube-linter unset-memory-requirements",
)
ROWS = ("K10",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Set resources={requests: {cpu, memory}, limits: {memory}}."
CONFIG = {"requireCpuLimit": {"type": "boolean", "default": False, "description": "require limits.cpu"}}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    required = ["requests.cpu", "requests.memory", "limits.memory"]
    if setting(args, CONFIG, "requireCpuLimit"):
        required.append("limits.cpu")

    def check(path, container, spec):
        return [
            violation(f"{path}.resources.{key}", None, "set it")
            for key in required
            if get(container, f"resources.{key}") in (None, "")
        ]

    each_container(args, report_violation, check)
