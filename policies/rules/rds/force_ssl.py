"""Parameter groups force TLS explicitly, whatever the engine version's default."""

from collections.abc import Mapping

from policies.support.props import as_list, describe

NAME = "rds-parameter-group-force-ssl"
DESCRIPTION = "DB parameter groups set rds.force_ssl=1 (MySQL: require_secure_transport=1) explicitly."
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("SH RDS.38", "CKV2_AWS_69", "custom: Aurora cluster parameter group")
ROWS = ("19",)
TYPES = frozenset(
    {"aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup"}
)
REMEDIATION = "Add parameter {name: 'rds.force_ssl', value: '1'} (MySQL: require_secure_transport=1)."


def required_parameter(resource_type: str, family: str) -> tuple[str, tuple[str, ...]] | None:
    """The TLS parameter for this family; None where the group cannot hold it (Aurora instance groups)."""
    if resource_type == "aws:rds/parameterGroup:ParameterGroup" and family.startswith("aurora"):
        return None
    if "postgres" in family:
        return "rds.force_ssl", ("1",)
    if "mysql" in family:
        return "require_secure_transport", ("1", "ON", "on")
    return None


def tls_problem(resource_type: str, props) -> str | None:
    """None when the group forces TLS (or cannot hold the parameter), else what is missing."""
    family = str(props.get("family", ""))
    required = required_parameter(resource_type, family)
    if required is None:
        return None
    name, accepted = required
    params = {
        p.get("name"): p.get("value") for p in as_list(props.get("parameters")) if isinstance(p, Mapping)
    }
    if str(params.get(name)) in accepted:
        return None
    return f"parameters[{name}] is {describe(params.get(name))} (family {family}); add {name}={accepted[0]}"


def validate(args, report_violation):
    if args.resource_type in TYPES:
        problem = tls_problem(args.resource_type, args.props)
        if problem:
            report_violation(problem)
