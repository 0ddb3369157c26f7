"""Cross-resource lookups for stack policies (props there are inputs merged with outputs).

Links are only honoured between resources in the same place: the same AWS region for AWS resources,
the same cluster (Kubernetes provider) for Kubernetes objects. So a flow log, a vault lock, an add-on,
a NetworkPolicy or a PodDisruptionBudget of the DR region or cluster never satisfies the primary's rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from policies.support.props import as_list


def of_type(resources: Iterable[Any], *types: str) -> list[Any]:
    return [r for r in resources if r.resource_type in types]


def is_kubernetes_layer(resources: Iterable[Any]) -> bool:
    """Whether the stack is a Bulkhead Kubernetes-layer stack (docs/layers.md): it creates Kubernetes
    objects and nothing in AWS (it reads the AWS layer's outputs through a StackReference). Stack rules
    about the AWS baseline judge the AWS layer's stack, where that baseline lives. An empty stack is not
    a Kubernetes layer.
    """
    types = [r.resource_type for r in resources]
    aws = any(t.startswith("aws:") or t == "pulumi:providers:aws" for t in types)
    return not aws and any(t.startswith("kubernetes:") for t in types)


def place(resource: Any) -> tuple[str, str]:
    """("cluster", provider URN) for Kubernetes objects, ("region", region) for the rest."""
    provider = getattr(resource, "provider", None)
    if resource.resource_type.startswith("kubernetes:"):
        return "cluster", getattr(provider, "urn", "") or ""
    # pulumi-aws 7 lets any resource override its provider's region with its own `region` input.
    props = getattr(provider, "props", None) or {}
    return "region", str(resource.props.get("region") or props.get("region") or "")


def same_place(a: Any, b: Any) -> bool:
    return place(a) == place(b)


def identifiers(resource: Any, *keys: str) -> set[str]:
    """The strings other resources use to point at `resource` (ARN, id, and any extra keys)."""
    values = {resource.props.get(key) for key in ("arn", "id", *keys)}
    return {v for v in values if isinstance(v, str) and v}


def referenced(value: Any, resource: Any, *keys: str) -> bool:
    """`value` (a property of another resource) names `resource`. Prefer `linked`, which also checks place."""
    ids = identifiers(resource, *keys)
    return any(isinstance(v, str) and v in ids for v in as_list(value))


def linked(referrer: Any, value: Any, resource: Any, *keys: str) -> bool:
    """`referrer`'s property `value` names `resource`, and both live in the same region or cluster."""
    return same_place(referrer, resource) and referenced(value, resource, *keys)


def physical_name(resource: Any) -> str | None:
    """The name AWS knows a resource by: its `name` property, else the last field of its ARN."""
    name, arn = resource.props.get("name"), resource.props.get("arn")
    if isinstance(name, str) and name:
        return name
    return arn.rsplit(":", 1)[-1] if isinstance(arn, str) and arn else None


def label(resource: Any) -> str:
    return f"{resource.name} ({resource.resource_type})"
