"""Pods run as a dedicated service account and do not mount its API token unless they need it."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, pod_spec
from policies.support.props import violation

NAME = "k8s-service-account"
DESCRIPTION = "Pods use a dedicated serviceAccountName (not default) and set automountServiceAccountToken: false."
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("CKV_K8S_38", "CKV_K8S_41", "CKV_K8S_42")
ROWS = ("K16",)
TYPES = WORKLOAD_TYPES
REMEDIATION = (
    "Create a ServiceAccount per service (bound to its Pod Identity role), set serviceAccountName and "
    "automountServiceAccountToken=false (exempt with a reason if the pod calls the Kubernetes API)."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    path, spec = pod_spec(args.resource_type, args.props)
    account = spec.get("serviceAccountName")
    if account in (None, "", "default"):
        report_violation(violation(f"{path}.serviceAccountName", account, "use the service's own account"))
    if spec.get("automountServiceAccountToken") is not False:
        report_violation(
            violation(
                f"{path}.automountServiceAccountToken",
                spec.get("automountServiceAccountToken"),
                "set it to false",
            )
        )
