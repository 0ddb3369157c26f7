"""Cluster access is granted through access entries, not aws-auth or creator admin rights."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, require_false, violation

NAME = "eks-access-entries"
DESCRIPTION = (
    "EKS clusters use API authentication mode (access entries) and do not grant the creator permanent cluster-admin."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: EKS access entries",)
ROWS = ("39",)
TYPES = frozenset({"aws:eks/cluster:Cluster"})
REMEDIATION = (
    "Set access_config={authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: False} "
    "and grant admins with aws.eks.AccessEntry + AccessPolicyAssociation."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    mode = get(args.props, "accessConfig.authenticationMode")
    if mode != "API":
        report_violation(violation("accessConfig.authenticationMode", mode, "set it to 'API'"))
    require_false(args.props, report_violation, "accessConfig.bootstrapClusterCreatorAdminPermissions")
