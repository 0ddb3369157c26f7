"""Workloads live in their own namespace, not `default`."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES
from policies.support.props import get, violation

NAME = "k8s-no-default-namespace"
DESCRIPTION = "Workloads set metadata.namespace to a dedicated namespace (not default)."
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("CKV_K8S_21",)
ROWS = ("K15",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Set metadata.namespace to the service's namespace (with the restricted PSA label)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES and get(args.props, "metadata.namespace") in (None, "", "default"):
        report_violation(
            violation("metadata.namespace", get(args.props, "metadata.namespace"), "set the service's own namespace")
        )
