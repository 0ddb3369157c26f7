"""Roles get customer policies, not broad AWS-managed ones (except those AWS requires for a service role)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, setting

NAME = "iam-no-aws-managed-policies"
DESCRIPTION = (
    "Roles, users and groups attach no AWS-managed policies except service-role policies AWS "
    "requires (EKS, RDS monitoring, Backup); one finding per attachment."
)
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("NAG IAM4", "SH IAM.21")
ROWS = ("74",)
TYPES = frozenset(
    {
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:iam/policyAttachment:PolicyAttachment",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
        "aws:iam/role:Role",
    }
)
REMEDIATION = "Write a customer-managed policy with exact actions and ARNs, or exempt the attachment with a reason."
CONFIG = {
    "allowed": {
        "type": "array",
        "items": {"type": "string"},
        "description": "AWS-managed policy names allowed",
        "default": [
            "AmazonEKSClusterPolicy",
            "AmazonEKSVPCResourceController",
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKSWorkerNodeMinimalPolicy",
            "AmazonEC2ContainerRegistryReadOnly",
            "AmazonEC2ContainerRegistryPullOnly",
            "AmazonEKS_CNI_Policy",
            "AmazonEKSBlockStoragePolicy",
            "AmazonEKSComputePolicy",
            "AmazonEKSLoadBalancingPolicy",
            "AmazonEKSNetworkingPolicy",
            "service-role/AmazonEBSCSIDriverPolicy",
            "service-role/AmazonRDSEnhancedMonitoringRole",
            "service-role/AWSBackupServiceRolePolicyForBackup",
            "service-role/AWSBackupServiceRolePolicyForRestores",
        ],
    }
}
_PREFIX = ":iam::aws:policy/"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    path = "managedPolicyArns" if args.resource_type == "aws:iam/role:Role" else "policyArn"
    allowed = setting(args, CONFIG, "allowed")
    for arn in as_list(get(args.props, path)):
        if isinstance(arn, str) and _PREFIX in arn and arn.split(_PREFIX, 1)[1] not in allowed:
            report_violation(
                f"{path} attaches AWS-managed {arn!r}; replace it with a customer policy of exact "
                "actions, or exempt it with a reason"
            )
