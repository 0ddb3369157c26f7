"""Caches survive the loss of a node or an AZ (per environment)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, as_int, get, setting, violation

NAME = "elasticache-multi-az"
DESCRIPTION = (
    "ElastiCache replication groups have enough nodes for the environment and, where required, "
    "automatic failover across AZs."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("SH ElastiCache.3", "CKV2_AWS_50", "NAG AEC4")
ROWS = ("28",)
TYPES = frozenset({"aws:elasticache/replicationGroup:ReplicationGroup"})
REMEDIATION = (
    "Set num_cache_clusters >= the environment minimum (or replicas_per_node_group), "
    "automatic_failover_enabled=True and multi_az_enabled=True."
)
CONFIG = {
    "minNodes": {
        "type": "integer",
        "minimum": 1,
        "maximum": 6,
        "default": 2,
        "description": "minimum nodes per shard (primary + replicas)",
    },
    "secondaryMinNodes": {
        "type": "integer",
        "minimum": 1,
        "maximum": 6,
        "default": 1,
        "description": "minimum nodes of a global datastore's secondary (DR) member",
    },
    "requireFailover": {
        "type": "boolean",
        "default": True,
        "description": "require automatic failover and Multi-AZ",
    },
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    props = args.props
    # A DR member of a global datastore runs scaled down until it is promoted.
    secondary = bool(get(props, "globalReplicationGroupId"))
    minimum = setting(args, CONFIG, "secondaryMinNodes" if secondary else "minNodes")
    replicas = get(props, "replicasPerNodeGroup")
    nodes = get(props, "numCacheClusters") if replicas is None else replicas + 1
    if as_int(nodes) is None or nodes < minimum:
        report_violation(
            violation("numCacheClusters", get(props, "numCacheClusters"), f"run at least {minimum} nodes per shard")
        )
    if setting(args, CONFIG, "requireFailover") and not (secondary and minimum < 2):
        for path in ("automaticFailoverEnabled", "multiAzEnabled"):
            if as_bool(get(props, path)) is not True:
                report_violation(violation(path, get(props, path), "set it to true"))
