"""Long-running containers tell Kubernetes when they are alive and ready."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import each_container
from policies.support.props import violation

NAME = "k8s-probes"
DESCRIPTION = "Containers of long-running workloads define liveness and readiness probes."
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("CKV_K8S_8", "CKV_K8S_9", "kube-linter no-liveness-probe", "kube-linter no-readiness-probe")
ROWS = ("K11",)
TYPES = frozenset(
    {
        "kubernetes:apps/v1:Deployment",
        "kubernetes:apps/v1:StatefulSet",
        "kubernetes:apps/v1:DaemonSet",
        "kubernetes:core/v1:Pod",
    }
)
REMEDIATION = "Add livenessProbe and readinessProbe (and startupProbe for slow starts)."


def _check(path, container, spec):
    return [
        violation(f"{path}.{probe}", None, "define it")
        for probe in ("livenessProbe", "readinessProbe")
        if not container.get(probe)
    ]


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        each_container(args, report_violation, _check, lists=("containers",))
