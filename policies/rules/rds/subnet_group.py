"""Databases live in a dedicated subnet group (the isolated tier), never the default VPC group."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, violation

NAME = "rds-dedicated-subnet-group"
DESCRIPTION = "RDS instances and Aurora clusters use a named DB subnet group (isolated subnets), not the default."
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH RDS.18", "custom: isolated subnets")
ROWS = ("5",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Create an aws.rds.SubnetGroup over the isolated (data) subnets and pass db_subnet_group_name."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    value = get(args.props, "dbSubnetGroupName")
    if not isinstance(value, str) or not value or value == "default":
        report_violation(violation("dbSubnetGroupName", value, "name a DB subnet group of isolated subnets"))
