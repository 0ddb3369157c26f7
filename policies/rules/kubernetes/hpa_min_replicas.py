"""Autoscalers never scale a service below the environment's floor."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, get, setting, violation

NAME = "k8s-hpa-min-replicas"
DESCRIPTION = "HorizontalPodAutoscalers keep minReplicas at the environment minimum (>= 2; prod >= 3)."
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("kube-linter hpa-minimum-replicas", "Polaris deploymentMissingReplicas")
ROWS = ("K13",)
TYPES = frozenset({"kubernetes:autoscaling/v2:HorizontalPodAutoscaler"})
REMEDIATION = "Set spec.minReplicas to at least the minimum and spec.maxReplicas above it."
CONFIG = {"minReplicas": {"type": "integer", "minimum": 1, "default": 2, "description": "minimum replicas"}}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    minimum = setting(args, CONFIG, "minReplicas")
    low = get(args.props, "spec.minReplicas")
    if as_int(low) is None or low < minimum:
        report_violation(violation("spec.minReplicas", low, f"set it to >= {minimum}"))
    high = get(args.props, "spec.maxReplicas")
    if as_int(high) is None or as_int(low) is not None and high < low:
        report_violation(violation("spec.maxReplicas", high, "set it to >= spec.minReplicas"))
