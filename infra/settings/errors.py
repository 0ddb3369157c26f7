"""Turns pydantic validation errors into the one-line-per-problem messages of a bad stack file.

Format: `<source>: <path>: <problem> (got <value>)`. Values are never echoed for unknown keys or for
keys that look like credentials, so a secret pasted into a stack file does not end up in CI logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from infra.settings.base import Violations

SETTINGS_KEY = "bulkhead:settings"
_SECRET_LOOKING_KEY = re.compile(r"password|secret|token|private_key|credential", re.IGNORECASE)
_MAX_ECHO_CHARS = 80


class SettingsError(Exception):
    """A stack file that cannot be used; `problems` holds one formatted line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def format_validation_error(error: ValidationError, source: str) -> list[str]:
    items = error.errors()
    item_locations = {tuple(item["loc"]) for item in items}
    lines: list[str] = []
    for item in items:
        location = tuple(item["loc"])
        if item["type"] == "too_short" and any(
            len(other) > len(location) and other[: len(location)] == location for other in item_locations
        ):
            continue  # a sequence whose items failed is reported per item, not as "too short" as well
        context_error = (item.get("ctx") or {}).get("error")
        if isinstance(context_error, Violations):
            for path, message, value in context_error.violations:
                lines.append(_line(source, location + path, message, value))
            continue
        lines.append(_line(source, location, _message(item), item.get("input"), echo=_echoes(item)))
    return lines


def _echoes(item: Mapping[str, Any]) -> bool:
    return item["type"] not in ("extra_forbidden", "missing")


def _message(item: Mapping[str, Any]) -> str:
    kind, context = item["type"], item.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; allowed keys are listed in docs/settings.md)"
    if kind == "missing":
        return "is required"
    if kind in ("less_than_equal", "less_than", "greater_than_equal", "greater_than"):
        operator = {"less_than_equal": "<=", "less_than": "<", "greater_than_equal": ">=", "greater_than": ">"}[kind]
        return f"must be {operator} {context[next(iter(context))]}"
    if kind == "literal_error":
        return f"must be one of {context['expected']}"
    if kind == "string_pattern_mismatch":
        return f"must match {context['pattern']}"
    if kind == "value_error":
        return str(context["error"])
    if kind in ("too_short", "too_long"):
        bound = "at least" if kind == "too_short" else "at most"
        limit = context.get("min_length", context.get("max_length"))
        return f"must have {bound} {limit} item(s)"
    return item["msg"][0].lower() + item["msg"][1:]


def _line(source: str, location: tuple, message: str, value: Any, echo: bool = True) -> str:
    path = _path(location)
    if echo and not _SECRET_LOOKING_KEY.search(path):
        return f"{source}: {path}: {message} (got {_short(value)})"
    return f"{source}: {path}: {message}"


def _path(location: tuple) -> str:
    if location and location[0] == "region":
        return "aws:region"
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or SETTINGS_KEY


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_ECHO_CHARS else text[: _MAX_ECHO_CHARS - 3] + "..."
