"""RDS helpers: global-database secondaries, and the parameter-group setting that forces TLS."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policies.support.props import as_list, describe

INSTANCE_GROUP = "aws:rds/parameterGroup:ParameterGroup"


def is_global_secondary(props: Mapping[str, Any]) -> bool:
    """A secondary cluster of a global database: it joins one and has no master credentials of its own."""
    return bool(props.get("globalClusterIdentifier")) and not props.get("masterUsername")


def required_parameter(resource_type: str, family: str) -> tuple[str, tuple[str, ...]] | None:
    """The TLS parameter for this family; None where the group cannot hold it (Aurora instance groups)."""
    if resource_type == INSTANCE_GROUP and family.startswith("aurora"):
        return None
    if "postgres" in family:
        return "rds.force_ssl", ("1",)
    if "mysql" in family:
        return "require_secure_transport", ("1", "ON", "on")
    return None


def tls_problem(resource_type: str, props: Mapping[str, Any]) -> str | None:
    """None when the group forces TLS (or cannot hold the parameter), else what is missing."""
    family = str(props.get("family", ""))
    required = required_parameter(resource_type, family)
    if required is None:
        return None
    name, accepted = required
    params = {p.get("name"): p.get("value") for p in as_list(props.get("parameters")) if isinstance(p, Mapping)}
    if str(params.get(name)) in accepted:
        return None
    return f"parameters[{name}] is {describe(params.get(name))} (family {family}); add {name}={accepted[0]}"
