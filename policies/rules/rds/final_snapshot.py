"""Deleting a database leaves a final snapshot."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_false, require_set

NAME = "rds-final-snapshot"
DESCRIPTION = "RDS instances and Aurora clusters take a named final snapshot when deleted."
SEVERITY = "medium"
CATEGORY = "BDR"
CONTROLS = ("custom: TF skip_final_snapshot=false", "custom: CDK removalPolicy=SNAPSHOT")
ROWS = ("10",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Set skip_final_snapshot=False and final_snapshot_identifier=<name>-final."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_false(args.props, report_violation, "skipFinalSnapshot")
        require_set(args.props, report_violation, "finalSnapshotIdentifier", "a snapshot name")
