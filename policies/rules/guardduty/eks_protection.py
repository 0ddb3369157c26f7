"""GuardDuty watches EKS audit logs and node runtime."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, violation

NAME = "guardduty-eks-protection"
DESCRIPTION = "GuardDuty detector features for EKS audit logs and runtime monitoring are ENABLED."
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH GuardDuty.5", "SH GuardDuty.7")
ROWS = ("48",)
TYPES = frozenset({"aws:guardduty/detectorFeature:DetectorFeature"})
REMEDIATION = "Set status='ENABLED' on the EKS_AUDIT_LOGS and RUNTIME_MONITORING features."
FEATURES = ("EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES and get(args.props, "name") in FEATURES and get(args.props, "status") != "ENABLED":
        report_violation(
            violation("status", get(args.props, "status"), f"set it to 'ENABLED' for {args.props['name']}")
        )
