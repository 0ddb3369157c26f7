"""No SSH into nodes (use SSM Session Manager if a shell is ever needed)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, violation

NAME = "eks-node-group-no-remote-access"
DESCRIPTION = "EKS managed node groups do not configure SSH remote access."
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("CKV_AWS_100",)
ROWS = ("43",)
TYPES = frozenset({"aws:eks/nodeGroup:NodeGroup"})
REMEDIATION = "Remove remote_access; use SSM Session Manager for break-glass access."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES and get(args.props, "remoteAccess"):
        report_violation(violation("remoteAccess", get(args.props, "remoteAccess"), "remove it"))
