"""Resource policies that refuse plaintext requests."""

from __future__ import annotations

from collections.abc import Iterable

from policies.support.iam import Statement


def denies_insecure_transport(statements: Iterable[Statement]) -> bool:
    """A Deny for every principal and every action of the service when aws:SecureTransport is false."""
    for statement in statements:
        if statement.body.get("Effect") != "Deny" or not statement.is_public():
            continue
        if not any(a == "*" or a.endswith(":*") for a in statement.actions):
            continue
        bool_block = {k.lower(): v for k, v in (statement.conditions.get("Bool") or {}).items()}
        if str(bool_block.get("aws:securetransport", "")).lower() == "false":
            return True
    return False
