"""Turns pydantic validation errors into the one-line-per-problem messages of a bad stack file.

Format: `<source>: <path>: <problem> (got <value>)`. Values are never echoed for unknown keys, for
keys that look like credentials, or when they look like credentials themselves
(infra/settings/redaction.py), so a secret pasted into a stack file does not end up in CI logs; echoed
values are cut short before they are formatted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from infra.settings.base import Violations
from infra.settings.redaction import is_secret_name, preview, redact_text

SETTINGS_KEY = "bulkhead:settings"
_COMPARISONS = {"less_than_equal": "<=", "less_than": "<", "greater_than_equal": ">=", "greater_than": ">"}
_MAPPING_TYPES = ("dict_type", "model_type", "model_attributes_type")
_LIST_TYPES = ("tuple_type", "list_type")


class SettingsError(Exception):
    """A stack file that cannot be used; `problems` holds one formatted line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def format_validation_error(
    error: ValidationError, source: str, *, docs: str = "docs/settings.md", root_names: dict[str, str] | None = None
) -> list[str]:
    """One line per problem; `docs` is where the allowed keys are listed, `root_names` renames
    top-level keys (the settings' `region` is `aws:region` in the stack file)."""
    names = {"region": "aws:region"} if root_names is None else root_names
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
                lines.append(_line(source, location + path, names, message, value))
            continue
        lines.append(_line(source, location, names, _message(item, docs), item.get("input"), echo=_echoes(item)))
    return lines


def _echoes(item: Mapping[str, Any]) -> bool:
    return item["type"] not in ("extra_forbidden", "missing")


def _message(item: Mapping[str, Any], docs: str) -> str:
    kind, context, value = item["type"], item.get("ctx") or {}, item.get("input")
    if kind == "extra_forbidden":
        return f"unknown key (check the spelling; allowed keys are listed in {docs})"
    if kind == "missing":
        return "is required"
    if kind in _COMPARISONS:
        return f"must be {_COMPARISONS[kind]} {context[next(iter(context))]}"
    if kind == "literal_error":
        return f"must be one of {context['expected']}"
    if kind == "string_pattern_mismatch":
        return f"must match {context['pattern']}"
    if kind in ("value_error", "assertion_error"):
        return str(context["error"])
    if kind in ("too_short", "too_long"):
        bound = "at least" if kind == "too_short" else "at most"
        limit = context.get("min_length", context.get("max_length"))
        return f"must have {bound} {limit} item(s)"
    return _type_message(kind, context, value) or item["msg"][0].lower() + item["msg"][1:]


def _type_message(kind: str, context: dict[str, Any], value: Any) -> str | None:
    """Strict types: a stack file writes numbers, booleans and text as what they are."""
    if kind == "bool_type":
        return "must be true or false"
    if kind == "int_type":
        return "must be a whole number" + (" (without quotes)" if isinstance(value, str) else "")
    if kind == "float_type":
        return "must be a number" + (" (without quotes)" if isinstance(value, str) else "")
    if kind == "string_type":
        return "must be text" + (" (quote it)" if isinstance(value, int | float) else "")
    if kind in _MAPPING_TYPES:
        return "must be a mapping of keys to values"
    if kind in _LIST_TYPES:
        return "must be a list"
    if kind in ("string_too_long", "string_too_short"):
        bound = "at most" if kind == "string_too_long" else "at least"
        return f"must be {bound} {context.get('max_length', context.get('min_length'))} characters long"
    if kind == "multiple_of":
        return f"must be a multiple of {context['multiple_of']}"
    if kind == "recursion_loop":
        return "refers to itself"
    return None


def _line(source: str, location: tuple, names: dict[str, str], message: str, value: Any, echo: bool = True) -> str:
    path, message = format_path(location, names), redact_text(message)
    return f"{source}: {path}: {message}{got(location, value) if echo else ''}"


def got(location: tuple, value: Any) -> str:
    """` (got <value>)` for a problem line, empty under a secret-looking key: the value of a
    `password:` is never shown, whatever it looks like."""
    keys = [part for part in location if isinstance(part, str)]
    return "" if keys and is_secret_name(keys[-1]) else f" (got {preview(value)})"


def format_path(location: tuple, root_names: dict[str, str] | None = None) -> str:
    """`network.az_count`, `services[0].name`; a top-level key may go by another name in its file."""
    if root_names and location and isinstance(location[0], str) and location[0] in root_names:
        location = (root_names[location[0]], *location[1:])
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return redact_text(path, 160) or SETTINGS_KEY
