"""RBAC roles name their verbs and resources and cannot escalate."""

from policies.support.props import as_list, violation

NAME = "k8s-rbac-least-privilege"
DESCRIPTION = "Roles and ClusterRoles use no '*' verbs, resources or API groups and no bind/escalate/impersonate."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("CKV_K8S_49", "CKV_K8S_155", "CKV_K8S_156", "CKV_K8S_157", "CKV_K8S_158")
ROWS = ("K20",)
TYPES = frozenset(
    {"kubernetes:rbac.authorization.k8s.io/v1:Role", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"}
)
REMEDIATION = "List exact verbs (get, list, watch, ...) and resources; never grant bind, escalate or impersonate."
ESCALATING = ("bind", "escalate", "impersonate")


def validate(args, report_violation):
    if args.resource_type not in TYPES:
        return
    for index, rule in enumerate(as_list(args.props.get("rules"))):
        for field in ("verbs", "resources", "apiGroups"):
            if "*" in as_list(rule.get(field)):
                report_violation(violation(f"rules[{index}].{field}", rule.get(field), "list the exact values"))
        risky = [v for v in as_list(rule.get("verbs")) if v in ESCALATING]
        if risky:
            report_violation(violation(f"rules[{index}].verbs", rule.get("verbs"), f"remove {risky}"))
