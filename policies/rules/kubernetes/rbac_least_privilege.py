"""RBAC roles name their verbs and resources and cannot escalate, read every secret or open shells."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, violation
from policies.support.rbac import problems

NAME = "k8s-rbac-least-privilege"
DESCRIPTION = (
    "Roles and ClusterRoles use no '*' verbs, resources, API groups or non-resource URLs; no bind/escalate/"
    "impersonate; no pods/exec, pods/attach, pods/portforward, nodes/proxy or token minting; ClusterRoles do "
    "not read secrets and do not aggregate other roles."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("CKV_K8S_49", "CKV_K8S_155", "CKV_K8S_156", "CKV_K8S_157", "CKV_K8S_158")
ROWS = ("K20",)
CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"
TYPES = frozenset({"kubernetes:rbac.authorization.k8s.io/v1:Role", CLUSTER_ROLE})
REMEDIATION = "List exact verbs (get, list, watch, ...) and resources; never grant bind, escalate or impersonate."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    cluster_wide = args.resource_type == CLUSTER_ROLE
    if cluster_wide and args.props.get("aggregationRule"):
        # An aggregated role takes the rules of any ClusterRole carrying its labels, now or later.
        report_violation(violation("aggregationRule", args.props["aggregationRule"], "list the rules explicitly"))
    for index, rule in enumerate(as_list(args.props.get("rules"))):
        found = list(problems(rule, cluster_wide)) if hasattr(rule, "get") else ["an unreadable rule"]
        if found:
            report_violation(violation(f"rules[{index}]", rule, f"it grants {'; '.join(found)}; list exact values"))
