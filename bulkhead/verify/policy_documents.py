"""Reading a resource policy as AWS returns it: does it refuse every request made without TLS?

The components write the same statement on every queue, topic and bucket (Deny, any principal,
`aws:SecureTransport` false); a console edit that drops it, narrows its actions or its resource
leaves the resource reachable in clear text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import Any


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _covers(patterns: Sequence[str], wanted: str) -> bool:
    """IAM action and resource patterns: `*` and `?` wildcards; actions are case-insensitive."""
    return any(fnmatchcase(wanted.lower(), str(pattern).lower()) for pattern in patterns)


def _denies_insecure_transport(statement: dict[str, Any], actions: Sequence[str], resource: str) -> bool:
    principal = statement.get("Principal")
    everyone = principal == "*" or (isinstance(principal, dict) and "*" in _listed(principal.get("AWS")))
    condition = (statement.get("Condition") or {}).get("Bool") or {}
    return (
        statement.get("Effect") == "Deny"
        and everyone
        and [str(v).lower() for v in _listed(condition.get("aws:SecureTransport"))] == ["false"]
        and all(_covers(_listed(statement.get("Action", [])), action) for action in actions)
        and _covers(_listed(statement.get("Resource", [])), resource)
    )


def insecure_transport_problem(policy_text: str | None, actions: Sequence[str], resource: str) -> str | None:
    """A problem line unless a statement of the policy denies `actions` on `resource` to anyone without TLS."""
    if not policy_text:
        return "no resource policy: requests without TLS are not refused"
    try:
        statements = _listed(json.loads(policy_text).get("Statement", []))
    except (ValueError, AttributeError):
        return "the resource policy is not a JSON policy document"
    if any(isinstance(s, dict) and _denies_insecure_transport(s, actions, resource) for s in statements):
        return None
    return f"the resource policy does not deny {', '.join(actions)} without TLS (aws:SecureTransport false)"
