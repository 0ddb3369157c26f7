"""Snapshots carry the database's tags (ownership, classification, backup selection by tag)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "rds-copy-tags-to-snapshot"
DESCRIPTION = "RDS instances and Aurora clusters copy their tags to snapshots."
SEVERITY = "low"
CATEGORY = "BDR"
CONTROLS = ("SH RDS.16", "SH RDS.17", "CKV_AWS_313", "CKV2_AWS_60")
ROWS = ("11",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Set copy_tags_to_snapshot=True."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "copyTagsToSnapshot")
