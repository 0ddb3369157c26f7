"""Warm standby: the database and the cache each have a member in the DR region."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import required_switch, setting
from policies.support.stack import label, of_type, referenced

NAME = "global-replication"
DESCRIPTION = (
    "Where the DR strategy requires it, every Aurora global database and ElastiCache global datastore "
    "has a secondary member, and at least one of each exists."
)
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("custom: warm standby (Aurora global database)", "custom: ElastiCache global datastore")
ROWS = ("13", "30")
RDS_GLOBAL = "aws:rds/globalCluster:GlobalCluster"
RDS_MEMBER = "aws:rds/cluster:Cluster"
CACHE_GLOBAL = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup"
CACHE_MEMBER = "aws:elasticache/replicationGroup:ReplicationGroup"
TYPES = frozenset({RDS_GLOBAL, RDS_MEMBER, CACHE_GLOBAL, CACHE_MEMBER})
REMEDIATION = (
    "Create the secondary aws.rds.Cluster (global_cluster_identifier, DR provider, regional kms_key_id) "
    "and the secondary ReplicationGroup (global_replication_group_id) in the DR region."
)
CONFIG = {"required": required_switch("require global replication (warm standby)")}


def _check(args, report_violation, kind, what):
    global_type, member_type, member_key, source_key = kind
    globals_ = of_type(args.resources, global_type)
    members = of_type(args.resources, member_type)
    if not globals_ and members:
        report_violation(f"no {what} ({global_type}) exists; the DR strategy requires one", members[0].urn)
    for group in globals_:
        linked = {m.urn for m in members if referenced(m.props.get(member_key), group, member_key)}
        # The primary may be attached from the global side (source / primary id) instead.
        linked |= {
            m.urn
            for m in members
            if referenced(group.props.get(source_key), m, "clusterIdentifier", "replicationGroupId")
        }
        if len(linked) < 2:
            report_violation(f"{label(group)} has {len(linked)} member(s); add a secondary in the DR region", group.urn)


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    if not setting(args, CONFIG, "required"):
        return
    _check(
        args,
        report_violation,
        (RDS_GLOBAL, RDS_MEMBER, "globalClusterIdentifier", "sourceDbClusterIdentifier"),
        "Aurora global database",
    )
    _check(
        args,
        report_violation,
        (CACHE_GLOBAL, CACHE_MEMBER, "globalReplicationGroupId", "primaryReplicationGroupId"),
        "ElastiCache global datastore",
    )
