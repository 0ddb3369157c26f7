"""Every Deployment scales with load through an HPA."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import DEPLOYMENT, beside, by_namespace, namespace_of, workload_name
from policies.support.props import get
from policies.support.stack import label, of_type

NAME = "k8s-horizontal-pod-autoscaler"
DESCRIPTION = "Every Deployment is the scaleTargetRef of a HorizontalPodAutoscaler in its cluster and namespace."
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("kube-linter hpa-minimum-replicas", "Polaris deploymentMissingReplicas")
ROWS = ("K13",)
HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
TYPES = frozenset({HPA, DEPLOYMENT})
REMEDIATION = (
    "Add an autoscaling/v2 HorizontalPodAutoscaler with scaleTargetRef {apiVersion: apps/v1, kind: Deployment, name}."
)


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    hpas = by_namespace(args.resources, HPA)
    for deployment in of_type(args.resources, DEPLOYMENT):
        name, namespace = workload_name(deployment), namespace_of(deployment.props)
        if not any(
            get(h.props, "spec.scaleTargetRef.kind") == "Deployment"
            and get(h.props, "spec.scaleTargetRef.name") == name
            for h in beside(hpas, deployment)
        ):
            report_violation(
                f"{label(deployment)} ({namespace}/{name}) has no HorizontalPodAutoscaler; add one",
                deployment.urn,
            )
