"""Caches sit in a dedicated private subnet group behind their own security groups."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "elasticache-network-placement"
DESCRIPTION = "ElastiCache uses a dedicated (isolated) subnet group and explicit security groups."
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH ElastiCache.7", "CKV_AWS_323", "NAG AEC1")
ROWS = ("32",)
TYPES = frozenset(
    {"aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/serverlessCache:ServerlessCache"}
)
REMEDIATION = "Set subnet_group_name (isolated subnets) and security_group_ids (a cache SG open only to apps)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    props = args.props
    if args.resource_type == "aws:elasticache/replicationGroup:ReplicationGroup":
        name = get(props, "subnetGroupName")
        if not name or name == "default":
            report_violation(violation("subnetGroupName", name, "name a subnet group of isolated subnets"))
    elif not as_list(get(props, "subnetIds")):
        report_violation(violation("subnetIds", get(props, "subnetIds"), "list the isolated subnets"))
    if not as_list(get(props, "securityGroupIds")):
        report_violation(
            violation(
                "securityGroupIds",
                get(props, "securityGroupIds"),
                "attach a cache security group (the VPC default group is not allowed)",
            )
        )
