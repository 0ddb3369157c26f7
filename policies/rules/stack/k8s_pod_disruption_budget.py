"""Every replicated workload has a PodDisruptionBudget that still lets nodes drain."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import REPLICATED_TYPES, by_namespace, selecting
from policies.support.props import as_int, get
from policies.support.stack import label, of_type

NAME = "k8s-pod-disruption-budget"
DESCRIPTION = (
    "Every Deployment and StatefulSet is selected by a PodDisruptionBudget in its namespace that "
    "allows at least one disruption."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = (
    "Polaris missingPodDisruptionBudget",
    "kube-linter pdbs-min-available",
    "kube-linter pdbs-max-unavailable",
)
ROWS = ("K12",)
PDB = "kubernetes:policy/v1:PodDisruptionBudget"
TYPES = frozenset({PDB, *REPLICATED_TYPES})
REMEDIATION = (
    "Add a PodDisruptionBudget with the workload's selector and maxUnavailable: 1 (or minAvailable < replicas)."
)


def blocks_disruption(pdb, replicas) -> bool:
    unavailable = get(pdb.props, "spec.maxUnavailable")
    available = get(pdb.props, "spec.minAvailable")
    if unavailable is not None:
        return unavailable in (0, "0", "0%")
    if available == "100%":
        return True
    return as_int(available) is not None and as_int(replicas) is not None and available >= replicas


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    budgets_by_namespace = by_namespace(args.resources, PDB)
    for workload in of_type(args.resources, *REPLICATED_TYPES):
        budgets = selecting(budgets_by_namespace, workload, "spec.selector")
        if not budgets:
            report_violation(f"{label(workload)} has no PodDisruptionBudget selecting its pods; add one", workload.urn)
        for pdb in budgets:
            if blocks_disruption(pdb, get(workload.props, "spec.replicas")):
                report_violation(
                    f"{label(pdb)} allows no disruption of {workload.name} "
                    f"(maxUnavailable {get(pdb.props, 'spec.maxUnavailable')!r}, minAvailable "
                    f"{get(pdb.props, 'spec.minAvailable')!r}); allow at least one",
                    pdb.urn,
                )
