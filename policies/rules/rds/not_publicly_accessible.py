"""Database instances get no public address."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_false

NAME = "rds-not-publicly-accessible"
DESCRIPTION = "RDS instances and Aurora cluster instances are not publicly accessible."
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("SH RDS.2", "CIS 2.2.3", "CKV_AWS_17", "NAG R5-RDSInstancePublicAccess")
ROWS = ("4",)
TYPES = frozenset({"aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"})
REMEDIATION = "Set publicly_accessible=False; reach the database from inside the VPC only."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_false(args.props, report_violation, "publiclyAccessible")
