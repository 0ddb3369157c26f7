"""GuardDuty watches EKS audit logs and node runtime."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "guardduty-eks-protection"
DESCRIPTION = (
    "GuardDuty detector features for EKS audit logs and runtime monitoring are ENABLED, runtime monitoring "
    "with EKS_ADDON_MANAGEMENT."
)
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH GuardDuty.5", "SH GuardDuty.7")
ROWS = ("48",)
TYPES = frozenset({"aws:guardduty/detectorFeature:DetectorFeature"})
REMEDIATION = (
    "Set status='ENABLED' on the EKS_AUDIT_LOGS and RUNTIME_MONITORING features, and on runtime monitoring's "
    "EKS_ADDON_MANAGEMENT additional configuration (GuardDuty then keeps its agent on every cluster)."
)
FEATURES = ("EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING")
RUNTIME = ("RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING")
ADDON_MANAGEMENT = "EKS_ADDON_MANAGEMENT"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES or get(args.props, "name") not in FEATURES:
        return
    if get(args.props, "status") != "ENABLED":
        report_violation(
            violation("status", get(args.props, "status"), f"set it to 'ENABLED' for {args.props['name']}")
        )
    if get(args.props, "name") in RUNTIME:
        configurations = as_list(get(args.props, "additionalConfigurations"))
        addon = [c for c in configurations if get(c, "name") == ADDON_MANAGEMENT]
        if not any(get(c, "status") == "ENABLED" for c in addon):
            report_violation(
                violation(
                    "additionalConfigurations",
                    configurations or None,
                    f"enable {ADDON_MANAGEMENT} so that GuardDuty runs its agent on every EKS cluster",
                )
            )
