"""Each cluster runs the core add-ons as EKS-managed add-ons with pinned versions."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import setting
from policies.support.stack import label, linked, of_type

NAME = "eks-managed-addons"
DESCRIPTION = (
    "EKS clusters install vpc-cni, coredns, kube-proxy and eks-pod-identity-agent as"
    " managed add-ons with pinned versions."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("custom: managed add-ons",)
ROWS = ("47",)
CLUSTER = "aws:eks/cluster:Cluster"
ADDON = "aws:eks/addon:Addon"
TYPES = frozenset({CLUSTER, ADDON})
REMEDIATION = "Add aws.eks.Addon(cluster_name=..., addon_name=..., addon_version=<pinned>) for each required add-on."
CONFIG = {
    "required": {
        "type": "array",
        "items": {"type": "string"},
        "description": "required add-on names",
        "default": ["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"],
    }
}


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    addons = of_type(args.resources, ADDON)
    clusters = of_type(args.resources, CLUSTER)
    for addon in addons:
        if not any(linked(addon, addon.props.get("clusterName"), c, "name") for c in clusters):
            report_violation(
                f"{label(addon)} targets cluster {addon.props.get('clusterName')!r}, which this stack does not "
                "run in the add-on's region; attach it to a cluster of the stack",
                addon.urn,
            )
    for cluster in of_type(args.resources, CLUSTER):
        installed = {
            a.props.get("addonName"): a for a in addons if linked(a, a.props.get("clusterName"), cluster, "name")
        }
        missing = [name for name in setting(args, CONFIG, "required") if name not in installed]
        if missing:
            report_violation(
                f"{label(cluster)} lacks managed add-ons {missing}; add aws.eks.Addon for each", cluster.urn
            )
        for name, addon in sorted(installed.items(), key=lambda item: str(item[0])):
            if not addon.props.get("addonVersion"):
                report_violation(f"{label(addon)} ({name}) has no addonVersion; pin one", addon.urn)
