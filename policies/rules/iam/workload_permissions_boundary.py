"""Roles assumed by application workloads (IRSA / Pod Identity) carry a permissions boundary."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import is_oidc_trust, is_pod_identity_trust, statements_of, trusted_namespaces
from policies.support.props import get, required_switch, setting, violation

NAME = "iam-workload-permissions-boundary"
DESCRIPTION = (
    "Roles trusted by application workloads (OIDC or Pod Identity, outside the platform namespaces) set a "
    "permissions boundary."
)
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("custom: workload permissions boundary",)
ROWS = ("75",)
TYPES = frozenset({"aws:iam/role:Role"})
REMEDIATION = "Set permissions_boundary=<workload boundary policy ARN>."
CONFIG = {
    "required": required_switch("require boundaries on workload roles", default=True),
    "platformNamespaces": {
        "type": "array",
        "items": {"type": "string"},
        "default": ["kube-system", "amazon-cloudwatch"],
        "description": "namespaces of cluster add-ons, whose roles are not workload roles",
    },
}


def _is_workload_role(props, platform) -> bool:
    for statement in statements_of(props, ("assumeRolePolicy",)):
        if is_pod_identity_trust(statement) or is_oidc_trust(statement):
            namespaces = trusted_namespaces(statement)
            if not namespaces or namespaces - set(platform):
                return True
    return False


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES or not setting(args, CONFIG, "required"):
        return
    platform = setting(args, CONFIG, "platformNamespaces")
    if _is_workload_role(args.props, platform) and not get(args.props, "permissionsBoundary"):
        report_violation(violation("permissionsBoundary", None, "attach the workload boundary policy"))
