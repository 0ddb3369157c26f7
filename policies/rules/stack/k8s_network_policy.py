"""Namespaces deny by default and every Deployment has explicit allows."""

from collections.abc import Mapping

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import DEPLOYMENT, NETWORK_POLICY, WORKLOAD_TYPES, by_namespace, selecting
from policies.support.props import as_list, get, keyed
from policies.support.stack import label, of_type

NAME = "k8s-network-policy"
DESCRIPTION = (
    "Every namespace with workloads has a default-deny NetworkPolicy (all pods, Ingress and Egress), "
    "and every Deployment is selected by a NetworkPolicy with explicit allow rules."
)
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("kube-linter non-isolated-pod",)
ROWS = ("K18",)
TYPES = frozenset({NETWORK_POLICY, *WORKLOAD_TYPES})
REMEDIATION = (
    "Add NetworkPolicy {podSelector: {}, policyTypes: [Ingress, Egress]} per namespace, plus one "
    "selecting the Deployment with the ingress/egress it needs."
)


def is_default_deny(policy) -> bool:
    spec = get(policy.props, "spec") or {}
    selector = spec.get("podSelector")
    selects_all = (
        isinstance(selector, Mapping) and not selector.get("matchLabels") and not selector.get("matchExpressions")
    )
    types = set(as_list(spec.get("policyTypes")))
    return selects_all and {"Ingress", "Egress"} <= types and not spec.get("ingress") and not spec.get("egress")


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    policies = by_namespace(args.resources, NETWORK_POLICY)
    workloads = by_namespace(args.resources, *WORKLOAD_TYPES)
    # Namespaces are per cluster: the DR cluster's default-deny does not isolate the primary's pods.
    for cluster, namespace in sorted(workloads):
        if not any(is_default_deny(p) for p in policies.get((cluster, namespace), [])):
            first = workloads[(cluster, namespace)][0]
            report_violation(
                keyed(
                    f"namespace {namespace!r} of this cluster has no default-deny NetworkPolicy (podSelector {{}}, "
                    "policyTypes [Ingress, Egress]); add one",
                    f"default-deny:{namespace}",
                ),
                first.urn,
            )
    for deployment in of_type(args.resources, DEPLOYMENT):
        allows = [
            p
            for p in selecting(policies, deployment, "spec.podSelector")
            if get(p.props, "spec.ingress") or get(p.props, "spec.egress")
        ]
        if not allows:
            report_violation(
                f"{label(deployment)} is selected by no NetworkPolicy with explicit allow rules; "
                "add one for its ingress and egress",
                deployment.urn,
            )
