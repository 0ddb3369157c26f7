"""Kubernetes RBAC rules read for what they grant: wildcards, secrets, exec, escalation."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from policies.support.props import as_list

ESCALATING_VERBS = frozenset({"bind", "escalate", "impersonate"})
READ_VERBS = frozenset({"get", "list", "watch"})
# Subresources that run code in, or read from, another pod or node.
REMOTE_SHELL = frozenset({"pods/exec", "pods/attach", "pods/portforward", "nodes/proxy"})


def _grants(values: list[Any], wanted: str) -> bool:
    return "*" in values or wanted in values


def _grants_resource(resources: list[Any], wanted: str) -> bool:
    """`wanted` (e.g. pods/exec) is covered by `*`, itself, or `<resource>/*`."""
    base = wanted.split("/", 1)[0]
    return "*" in resources or wanted in resources or (("/" in wanted) and f"{base}/*" in resources)


def problems(rule: Mapping[str, Any], cluster_wide: bool) -> Iterator[str]:
    """What one PolicyRule grants that the pack refuses."""
    verbs, resources, groups = (as_list(rule.get(k)) for k in ("verbs", "resources", "apiGroups"))
    for field, values in (("verbs", verbs), ("resources", resources), ("apiGroups", groups)):
        if "*" in values:
            yield f"'*' in {field}"
    if "*" in as_list(rule.get("nonResourceURLs")):
        yield "'*' in nonResourceURLs"
    core = _grants(groups, "")
    escalation = sorted(ESCALATING_VERBS & set(verbs))
    if escalation:
        yield f"escalating verbs {escalation}"
    if core and cluster_wide and _grants_resource(resources, "secrets") and (READ_VERBS & set(verbs) or "*" in verbs):
        yield "reads secrets in every namespace"
    shells = sorted(r for r in REMOTE_SHELL if _grants_resource(resources, r))
    if core and shells and ({"create", "get", "*"} & set(verbs)):
        yield f"opens a shell or tunnel into pods or nodes ({shells})"
    if core and _grants_resource(resources, "serviceaccounts/token") and ({"create", "*"} & set(verbs)):
        yield "mints service account tokens"
