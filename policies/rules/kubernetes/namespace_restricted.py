"""Namespaces enforce Pod Security `restricted` (covering the PSS items not re-implemented as rules)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, violation

NAME = "k8s-namespace-restricted"
DESCRIPTION = "Namespaces carry pod-security.kubernetes.io/enforce=restricted."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("PSA", "PSS restricted")
ROWS = ("K15",)
TYPES = frozenset({"kubernetes:core/v1:Namespace"})
LABEL = "pod-security.kubernetes.io/enforce"
REMEDIATION = f"Set metadata.labels['{LABEL}']='restricted'."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    value = (get(args.props, "metadata.labels") or {}).get(LABEL)
    if value != "restricted":
        report_violation(violation(f"metadata.labels[{LABEL}]", value, "set it to 'restricted'"))
