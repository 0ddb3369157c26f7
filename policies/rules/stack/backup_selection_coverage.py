"""Every database is in an AWS Backup selection (by ARN or by tag).

AWS Backup has no ElastiCache support (GetSupportedResourceTypes lists Aurora, RDS, ... but no
ElastiCache), so caches are only checked when `storeTypes` opts them in; their backups are the native
snapshots that elasticache-snapshots and global-replication enforce.
"""

from collections.abc import Mapping
from fnmatch import fnmatchcase

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, setting
from policies.support.rds import is_global_secondary
from policies.support.stack import label, of_type, same_place

NAME = "backup-selection-coverage"
DESCRIPTION = (
    "Every RDS/Aurora cluster and RDS instance (and any other store type listed in storeTypes) is covered "
    "by an AWS Backup selection (its ARN in resources, or matching selection tags)."
)
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("SH RDS.26", "CKV2_AWS_8", "NAG R5-RDSInBackupPlan")
ROWS = ("12",)
SELECTION = "aws:backup/selection:Selection"
STORES = (
    "aws:rds/cluster:Cluster",
    "aws:rds/instance:Instance",
    "aws:elasticache/replicationGroup:ReplicationGroup",
)
TYPES = frozenset({SELECTION, *STORES})
REMEDIATION = "Add the store's ARN to an aws.backup.Selection of the environment's backup plan."
CONFIG = {
    "storeTypes": {
        "type": "array",
        "items": {"type": "string", "enum": list(STORES)},
        "default": ["aws:rds/cluster:Cluster", "aws:rds/instance:Instance"],
        "description": "resource types that must be in a backup selection",
    },
    "skipGlobalSecondaries": {
        "type": "boolean",
        "default": True,
        "description": "skip secondary members of global databases/datastores (their primary is backed up)",
    },
}


def _secondary(store) -> bool:
    props = store.props
    if store.resource_type == "aws:rds/cluster:Cluster":
        return is_global_secondary(props)
    return store.resource_type.startswith("aws:elasticache") and bool(props.get("globalReplicationGroupId"))


def _tag_match(selection, store) -> bool:
    tags = store.props.get("tags") or {}
    conditions = [c for c in as_list(get(selection.props, "selectionTags")) if isinstance(c, Mapping)]
    return bool(conditions) and all(
        c.get("type") == "STRINGEQUALS" and tags.get(c.get("key")) == c.get("value") for c in conditions
    )


def covered(store, selections) -> bool:
    arn = store.props.get("arn")
    # A backup plan (and its selections) only protects resources of its own region.
    for selection in (s for s in selections if same_place(s, store)):
        if isinstance(arn, str) and any(
            isinstance(p, str) and fnmatchcase(arn, p) for p in as_list(selection.props.get("resources"))
        ):
            return True
        if _tag_match(selection, store):
            return True
    return False


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    selections = of_type(args.resources, SELECTION)
    skip_secondaries = setting(args, CONFIG, "skipGlobalSecondaries")
    for store in of_type(args.resources, *setting(args, CONFIG, "storeTypes")):
        if skip_secondaries and _secondary(store):
            continue
        if not covered(store, selections):
            report_violation(
                f"{label(store)} (arn {store.props.get('arn')!r}) is in no backup selection; "
                "add its ARN to an aws.backup.Selection",
                store.urn,
            )
