"""Cache snapshots are kept for the environment's minimum and a final snapshot is taken on delete."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_int_between, require_set, setting

NAME = "elasticache-snapshots"
DESCRIPTION = (
    "ElastiCache keeps automatic snapshots for the environment's minimum and, where required, takes a final snapshot."
)
SEVERITY = "medium"
CATEGORY = "BDR"
CONTROLS = ("SH ElastiCache.1", "CKV_AWS_134", "NAG R5-ElastiCacheRedisClusterAutomaticBackup")
ROWS = ("29",)
TYPES = frozenset(
    {"aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/serverlessCache:ServerlessCache"}
)
REMEDIATION = "Set snapshot_retention_limit >= the minimum (max 35) and final_snapshot_identifier where required."
CONFIG = {
    "minRetentionDays": {
        "type": "integer",
        "minimum": 1,
        "maximum": 35,
        "default": 1,
        "description": "minimum snapshot retention in days",
    },
    "requireFinalSnapshot": {
        "type": "boolean",
        "default": False,
        "description": "require final_snapshot_identifier",
    },
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    require_int_between(
        args.props, report_violation, "snapshotRetentionLimit", setting(args, CONFIG, "minRetentionDays"), 35
    )
    if args.resource_type == "aws:elasticache/replicationGroup:ReplicationGroup" and setting(
        args, CONFIG, "requireFinalSnapshot"
    ):
        require_set(args.props, report_violation, "finalSnapshotIdentifier", "a snapshot name")
