"""Deployments roll out gradually, keeping at least 75% of pods serving."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, get, violation

NAME = "k8s-rolling-update"
DESCRIPTION = "Deployments use a RollingUpdate strategy with maxUnavailable <= 25%; StatefulSets use RollingUpdate."
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("kube-linter no-rolling-update-strategy",)
ROWS = ("K19",)
TYPES = frozenset({"kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet"})
REMEDIATION = "Set strategy={type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'}}."


def _within_quarter(value, replicas) -> bool:
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        return int(value[:-1]) <= 25
    if as_int(value) is not None:
        return value == 0 or as_int(replicas) is not None and value * 4 <= replicas
    return False


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == "kubernetes:apps/v1:StatefulSet":
        if get(args.props, "spec.updateStrategy.type") != "RollingUpdate":
            report_violation(
                violation(
                    "spec.updateStrategy.type",
                    get(args.props, "spec.updateStrategy.type"),
                    "set it to 'RollingUpdate'",
                )
            )
        return
    if args.resource_type not in TYPES:
        return
    if get(args.props, "spec.strategy.type") != "RollingUpdate":
        report_violation(
            violation("spec.strategy.type", get(args.props, "spec.strategy.type"), "set it to 'RollingUpdate'")
        )
    value = get(args.props, "spec.strategy.rollingUpdate.maxUnavailable")
    if not _within_quarter(value, get(args.props, "spec.replicas")):
        report_violation(violation("spec.strategy.rollingUpdate.maxUnavailable", value, "set it to '25%' or less"))
