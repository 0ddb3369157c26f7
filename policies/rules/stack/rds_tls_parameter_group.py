"""Each database uses a parameter group of this stack that forces TLS."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.rds import required_parameter, tls_problem
from policies.support.stack import label, linked, of_type

NAME = "rds-tls-parameter-group"
DESCRIPTION = (
    "Aurora clusters and RDS instances use a (cluster) parameter group declared in the stack that forces TLS, "
    "never an engine default group."
)
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("SH RDS.38", "CKV2_AWS_69", "custom: Aurora cluster parameter group")
ROWS = ("19",)
# Each database type, the property naming its group, and the group type.
LINKS = {
    "aws:rds/cluster:Cluster": ("dbClusterParameterGroupName", "aws:rds/clusterParameterGroup:ClusterParameterGroup"),
    "aws:rds/instance:Instance": ("parameterGroupName", "aws:rds/parameterGroup:ParameterGroup"),
}
TYPES = frozenset({*LINKS, *(group for _, group in LINKS.values())})
REMEDIATION = (
    "Create an aws.rds.ClusterParameterGroup (instances: aws.rds.ParameterGroup) with rds.force_ssl=1 and pass "
    "its name as db_cluster_parameter_group_name (instances: parameter_group_name)."
)


def _problem(group, group_type, name) -> str | None:
    if group is None:
        return f"is {name!r}, not a parameter group of this stack; use one that sets rds.force_ssl=1"
    if required_parameter(group_type, str(group.props.get("family", ""))) is None:
        return f"names {group.name} of family {group.props.get('family')!r}, which cannot force TLS"
    problem = tls_problem(group_type, group.props)
    return f"names {group.name}: {problem}" if problem else None


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    for database_type, (key, group_type) in LINKS.items():
        groups = of_type(args.resources, group_type)
        for database in of_type(args.resources, database_type):
            name = database.props.get(key)
            group = next((g for g in groups if linked(database, name, g, "name")), None)
            problem = _problem(group, group_type, name)
            if problem:
                report_violation(f"{label(database)} {key} {problem}", database.urn)
