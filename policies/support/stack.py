"""Cross-resource lookups for stack policies (props there are inputs merged with outputs)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from policies.support.props import as_list


def of_type(resources: Iterable[Any], *types: str) -> list[Any]:
    return [r for r in resources if r.resource_type in types]


def identifiers(resource: Any, *keys: str) -> set[str]:
    """The strings other resources use to point at `resource` (ARN, id, and any extra keys)."""
    values = {resource.props.get(key) for key in ("arn", "id", *keys)}
    return {v for v in values if isinstance(v, str) and v}


def referenced(value: Any, resource: Any, *keys: str) -> bool:
    ids = identifiers(resource, *keys)
    return any(isinstance(v, str) and v in ids for v in as_list(value))


def label(resource: Any) -> str:
    return f"{resource.name} ({resource.resource_type})"


def region(resource: Any) -> str | None:
    """The region a resource lives in: its provider's, else the region field of its ARN."""
    provider = getattr(resource, "provider", None)
    if provider is not None and provider.props.get("region"):
        return provider.props.get("region")
    arn = resource.props.get("arn")
    if isinstance(arn, str) and arn.startswith("arn:") and arn.count(":") >= 5:
        return arn.split(":")[3] or None
    return None
