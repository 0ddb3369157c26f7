"""WAF statements that select a user pool's sign-in and sign-up requests, for per-IP limits on each.

WAF sees no user names or passwords of a user pool request, so a request is recognised by what it asks
for: the API operation (the `X-Amz-Target` header of the public Cognito API) or the managed login path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from components.reference.identity import (
    COGNITO_TARGET_HEADER,
    COGNITO_TARGET_PREFIX,
    SIGN_IN_OPERATIONS,
    SIGN_IN_PATHS,
    SIGN_UP_OPERATIONS,
    SIGN_UP_PATHS,
)

_AS_SENT = [{"priority": 0, "type": "NONE"}]


def sign_in_requests() -> dict[str, Any]:
    return _any_of(SIGN_IN_OPERATIONS, SIGN_IN_PATHS)


def sign_up_requests() -> dict[str, Any]:
    return _any_of(SIGN_UP_OPERATIONS, SIGN_UP_PATHS)


def _any_of(operations: Sequence[str], paths: Sequence[str]) -> dict[str, Any]:
    matches = [
        _byte_match({"single_header": {"name": COGNITO_TARGET_HEADER}}, "EXACTLY", COGNITO_TARGET_PREFIX + operation)
        for operation in operations
    ]
    matches += [_byte_match({"uri_path": {}}, "STARTS_WITH", path) for path in paths]
    return {"or_statement": {"statements": matches}}


def _byte_match(field: dict[str, Any], constraint: str, value: str) -> dict[str, Any]:
    return {
        "byte_match_statement": {
            "field_to_match": field,
            "positional_constraint": constraint,
            "search_string": value,
            "text_transformations": _AS_SENT,
        }
    }
