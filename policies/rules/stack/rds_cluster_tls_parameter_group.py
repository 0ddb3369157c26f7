"""Each Aurora cluster uses a cluster parameter group of this stack that forces TLS."""

from policies.rules.rds.force_ssl import required_parameter, tls_problem
from policies.support.stack import label, of_type, referenced

NAME = "rds-cluster-tls-parameter-group"
DESCRIPTION = "Aurora clusters use a cluster parameter group (declared in the stack) that forces TLS."
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("SH RDS.38", "custom: Aurora cluster parameter group")
ROWS = ("19",)
CLUSTER = "aws:rds/cluster:Cluster"
GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup"
TYPES = frozenset({CLUSTER, GROUP})
REMEDIATION = (
    "Create an aws.rds.ClusterParameterGroup with rds.force_ssl=1 and pass db_cluster_parameter_group_name."
)


def validate_stack(args, report_violation):
    groups = of_type(args.resources, GROUP)
    for cluster in of_type(args.resources, CLUSTER):
        name = cluster.props.get("dbClusterParameterGroupName")
        group = next((g for g in groups if referenced(name, g, "name")), None)
        if group is None:
            report_violation(
                f"{label(cluster)} dbClusterParameterGroupName is {name!r}, not a parameter group of "
                "this stack; use one that sets rds.force_ssl=1",
                cluster.urn,
            )
        elif required_parameter(GROUP, str(group.props.get("family", ""))) is None:
            report_violation(
                f"{label(cluster)} uses {group.name} of unknown family {group.props.get('family')!r}; "
                "use an aurora-postgresql/aurora-mysql family with TLS forced",
                cluster.urn,
            )
        elif tls_problem(GROUP, group.props):
            report_violation(
                f"{label(cluster)} uses {group.name}: {tls_problem(GROUP, group.props)}", cluster.urn
            )
