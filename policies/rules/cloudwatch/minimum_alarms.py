"""Every data store, exposed service and cluster has its minimum alarm set."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.alarms import ALARM_TYPES, alarms_of, watches
from policies.support.props import required_switch, setting
from policies.support.stack import label, of_type

NAME = "cloudwatch-minimum-alarms"
DESCRIPTION = (
    "Alarms watch every Aurora cluster (CPU, freeable memory, connections), every ElastiCache replication "
    "group (engine CPU, memory, evictions), every global database and datastore (replication lag), every "
    "load balancer target group (5xx, p99 latency, healthy targets) and every EKS cluster (node count)."
)
SEVERITY = "high"
CATEGORY = "AV"
CONTROLS = ("custom: minimum alarm set per data store and exposed service",)
ROWS = ("22",)
REMEDIATION = (
    "Wire the observability layer (infra/wiring/observability.py): it creates these alarms for every store, "
    "target group and cluster of the stack."
)
CONFIG = {
    "required": required_switch("require the minimum alarm sets"),
}


@dataclass(frozen=True)
class Watched:
    """What must be watched for one kind of resource: metrics of one dimension, matched to the resource."""

    resource_type: str
    dimension: str
    metrics: Sequence[str]
    identifier: Callable[[dict], str | None]
    exact: bool = True  # False: the dimension value starts with the identifier (cache nodes `<group>-001`)


def _prop(name: str) -> Callable[[dict], str | None]:
    return lambda props: props.get(name)


def _arn_suffix(props: dict) -> str | None:
    arn = props.get("arn")
    return props.get("arnSuffix") or (arn.split(":", 5)[-1] if isinstance(arn, str) else None)


RULES = (
    Watched(
        "aws:rds/cluster:Cluster",
        "DBClusterIdentifier",
        ("CPUUtilization", "FreeableMemory", "DatabaseConnections"),
        _prop("clusterIdentifier"),
    ),
    Watched(
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "CacheClusterId",
        ("EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions"),
        _prop("replicationGroupId"),
        exact=False,
    ),
    Watched(
        "aws:lb/targetGroup:TargetGroup",
        "TargetGroup",
        ("HTTPCode_Target_5XX_Count", "TargetResponseTime", "HealthyHostCount"),
        _arn_suffix,
    ),
    Watched("aws:eks/cluster:Cluster", "ClusterName", ("cluster_node_count",), _prop("name")),
)
GLOBAL = {
    "aws:rds/globalCluster:GlobalCluster": (
        "aws:rds/cluster:Cluster",
        "globalClusterIdentifier",
        "DBClusterIdentifier",
        "clusterIdentifier",
        "AuroraGlobalDBReplicationLag",
        True,
    ),
    "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": (
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "globalReplicationGroupId",
        "CacheClusterId",
        "replicationGroupId",
        "GlobalDatastoreReplicationLag",
        False,
    ),
}
TYPES = frozenset({*(rule.resource_type for rule in RULES), *GLOBAL, *ALARM_TYPES})


def _matcher(identifier: str, exact: bool) -> Callable[[object], bool]:
    if exact:
        return lambda value: value == identifier
    return lambda value: isinstance(value, str) and value.startswith(f"{identifier}-")


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    if not setting(args, CONFIG, "required"):
        return
    alarms = alarms_of(args.resources)
    for rule in RULES:
        for resource in of_type(args.resources, rule.resource_type):
            identifier = rule.identifier(resource.props)
            if not identifier:
                continue
            matches = _matcher(identifier, rule.exact)
            missing = [m for m in rule.metrics if not any(watches(a, m, rule.dimension, matches) for a in alarms)]
            if missing:
                report_violation(
                    f"{label(resource)}: no alarm on {missing} for {rule.dimension} {identifier!r}; "
                    "wire the observability layer's alarms",
                    resource.urn,
                )
    for global_type, (member_type, link, dimension, member_id, metric, exact) in GLOBAL.items():
        for group in of_type(args.resources, global_type):
            ids = {group.props.get("id"), group.props.get(link)} - {None}
            members = [m for m in of_type(args.resources, member_type) if m.props.get(link) in ids]
            identifiers = [m.props.get(member_id) for m in members if m.props.get(member_id)]
            if not any(watches(a, metric, dimension, _matcher(i, exact)) for a in alarms for i in identifiers):
                report_violation(
                    f"{label(group)}: no {metric} alarm on its members {identifiers}; "
                    "alarm on the DR lag against the RPO",
                    group.urn,
                )
