"""Aurora clusters have enough instances, in distinct AZs, with a reader ready to be promoted."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, setting
from policies.support.rds import is_global_secondary
from policies.support.stack import label, linked, of_type

NAME = "rds-cluster-availability"
DESCRIPTION = (
    "Aurora clusters run the environment's minimum number of instances in as many distinct AZs, "
    "with a reader at promotion tier 0-1."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("SH RDS.15",)
ROWS = ("8",)
CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
TYPES = frozenset({CLUSTER, INSTANCE})
REMEDIATION = (
    "Add aws.rds.ClusterInstance readers with availability_zone set to distinct AZs and "
    "promotion_tier 0 or 1 (prod: writer + 2 readers)."
)
CONFIG = {
    "minInstances": {
        "type": "integer",
        "minimum": 1,
        "default": 2,
        "description": "instances per primary cluster",
    },
    "secondaryMinInstances": {
        "type": "integer",
        "minimum": 0,
        "default": 1,
        "description": "instances per secondary (DR) cluster of a global database",
    },
}


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    instances = of_type(args.resources, INSTANCE)
    for cluster in of_type(args.resources, CLUSTER):
        secondary = is_global_secondary(cluster.props)
        minimum = setting(args, CONFIG, "secondaryMinInstances" if secondary else "minInstances")
        members = [i for i in instances if linked(i, i.props.get("clusterIdentifier"), cluster, "clusterIdentifier")]
        zones = {i.props.get("availabilityZone") for i in members if i.props.get("availabilityZone")}
        # A single instance has no spread to check; Aurora storage itself spans 3 AZs.
        wanted_zones = min(minimum, 3) if minimum >= 2 else 0
        if len(members) < minimum or len(zones) < wanted_zones:
            report_violation(
                f"{label(cluster)} has {len(members)} instance(s) in AZs {sorted(zones)}; run >= {minimum} "
                f"instances in >= {wanted_zones} distinct availability_zone values",
                cluster.urn,
            )
        tiers = [i.props.get("promotionTier") for i in members]
        if minimum >= 2 and len(members) >= 2 and not any(as_int(t) is not None and t <= 1 for t in tiers):
            report_violation(
                f"{label(cluster)} has no instance at promotion tier 0-1 (tiers {tiers}); "
                "set promotion_tier=1 on a reader",
                cluster.urn,
            )
