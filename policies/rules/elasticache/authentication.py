"""Cache clients authenticate (RBAC user group, or an AUTH token from Secrets Manager)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "elasticache-authentication"
DESCRIPTION = "ElastiCache requires authentication: an RBAC user group or an AUTH token."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH ElastiCache.6", "CKV_AWS_31", "NAG AEC6", "Config elasticache-rbac-auth-enabled")
ROWS = ("26",)
TYPES = frozenset(
    {"aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/serverlessCache:ServerlessCache"}
)
REMEDIATION = (
    "Attach an aws.elasticache.UserGroup (user_group_ids / user_group_id) whose users come from "
    "Secrets Manager, or set auth_token from a Secrets Manager secret (never a literal)."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == "aws:elasticache/serverlessCache:ServerlessCache":
        if not get(args.props, "userGroupId"):
            report_violation(violation("userGroupId", get(args.props, "userGroupId"), "attach an RBAC user group"))
    elif args.resource_type in TYPES:
        groups = as_list(get(args.props, "userGroupIds"))
        if not groups and not get(args.props, "authToken"):
            report_violation(
                violation(
                    "userGroupIds",
                    get(args.props, "userGroupIds"),
                    "attach an RBAC user group (or set auth_token from a secret)",
                )
            )
