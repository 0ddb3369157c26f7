"""RBAC bindings grant no cluster-admin, no wildcard role and nothing to every user of the cluster."""

from collections.abc import Mapping

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import namespace_of
from policies.support.props import as_list, get, keyed, plain, setting
from policies.support.rbac import problems
from policies.support.stack import label, of_type, same_place

NAME = "k8s-rbac-bindings"
DESCRIPTION = (
    "RoleBindings and ClusterRoleBindings do not bind cluster-admin/admin/edit, nor a role of the same "
    "cluster that grants wildcards, secrets, shells or escalation, and never bind system:authenticated, "
    "system:unauthenticated or system:anonymous."
)
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = ("CKV_K8S_49", "custom: no cluster-admin bindings", "custom: no bindings to anonymous users")
ROWS = ("K20",)
GROUP = "kubernetes:rbac.authorization.k8s.io/v1"
BINDINGS = (f"{GROUP}:RoleBinding", f"{GROUP}:ClusterRoleBinding")
ROLES = {"Role": f"{GROUP}:Role", "ClusterRole": f"{GROUP}:ClusterRole"}
TYPES = frozenset({*BINDINGS, *ROLES.values()})
REMEDIATION = "Bind a role of exact rules to named service accounts; break-glass admins come from EKS access entries."
CONFIG = {
    "forbiddenRoles": {
        "type": "array",
        "items": {"type": "string"},
        "default": ["cluster-admin", "admin", "edit"],
        "description": "built-in roles never bound by the stack",
    }
}
EVERYONE = frozenset({"system:authenticated", "system:unauthenticated", "system:anonymous"})


def _role(binding, roles):
    kind, name = get(binding.props, "roleRef.kind"), get(binding.props, "roleRef.name")
    for role in of_type(roles, ROLES.get(str(kind), "")):
        if get(role.props, "metadata.name") != name or not same_place(role, binding):
            continue
        if kind == "Role" and namespace_of(role.props) != namespace_of(binding.props):
            continue
        return role
    return None


def _problems(binding, roles, forbidden) -> list[str]:
    found = []
    name = get(binding.props, "roleRef.name")
    if name in forbidden:
        found.append(f"binds the built-in role {name!r}")
    role = _role(binding, roles)
    if role is not None:
        wide = role.resource_type == ROLES["ClusterRole"]
        granted = [
            p for rule in as_list(role.props.get("rules")) if isinstance(rule, Mapping) for p in problems(rule, wide)
        ]
        if granted:
            found.append(f"binds {role.name}, which grants {'; '.join(sorted(set(granted)))}")
    everyone = sorted(
        {str(s.get("name")) for s in as_list(binding.props.get("subjects")) if isinstance(s, Mapping)} & EVERYONE
    )
    if everyone:
        found.append(f"binds every user of the cluster ({everyone})")
    return found


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    forbidden = setting(args, CONFIG, "forbiddenRoles")
    roles = of_type(args.resources, *ROLES.values())
    for binding in of_type(args.resources, *BINDINGS):
        found = _problems(binding, roles, forbidden)
        if found:
            report_violation(
                keyed(
                    f"{label(binding)} {'; '.join(found)}; bind a role of exact rules to named service accounts",
                    "roleRef",
                    plain(binding.props.get("roleRef")),
                ),
                binding.urn,
            )
