"""Control-plane logs (who did what to the API) go to CloudWatch."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, setting, violation

NAME = "eks-control-plane-logging"
DESCRIPTION = "EKS clusters enable the audit, api and authenticator control-plane logs (configurable)."
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH EKS.8", "CKV_AWS_37", "NAG EKS2")
ROWS = ("37",)
TYPES = frozenset({"aws:eks/cluster:Cluster"})
REMEDIATION = "Set enabled_cluster_log_types to include the required types."
LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
CONFIG = {
    "logTypes": {
        "type": "array",
        "items": {"type": "string", "enum": LOG_TYPES},
        "default": ["api", "audit", "authenticator"],
        "description": "required log types",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    enabled = get(args.props, "enabledClusterLogTypes")
    missing = [t for t in setting(args, CONFIG, "logTypes") if t not in as_list(enabled)]
    if missing:
        report_violation(violation("enabledClusterLogTypes", enabled, f"add {missing}"))
