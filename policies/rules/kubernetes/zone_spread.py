"""Replicas spread across availability zones."""

from collections.abc import Mapping

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import REPLICATED_TYPES, pod_spec
from policies.support.props import as_list, violation

NAME = "k8s-zone-spread"
DESCRIPTION = "Deployments and StatefulSets spread pods across zones (topology.kubernetes.io/zone)."
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("Polaris topologySpreadConstraint", "kube-linter no-anti-affinity")
ROWS = ("K14",)
TYPES = REPLICATED_TYPES
ZONE = "topology.kubernetes.io/zone"
REMEDIATION = (
    f"Add topologySpreadConstraints=[{{maxSkew: 1, topologyKey: '{ZONE}', whenUnsatisfiable: ..., labelSelector}}]."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    path, spec = pod_spec(args.resource_type, args.props)
    constraints = spec.get("topologySpreadConstraints")
    if not any(isinstance(c, Mapping) and c.get("topologyKey") == ZONE for c in as_list(constraints)):
        report_violation(violation(f"{path}.topologySpreadConstraints", constraints, f"spread over {ZONE}"))
