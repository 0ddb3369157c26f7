"""What changed inside a resource's inputs: one `ValueChange` per input path, values masked.

Paths read like the engine's property paths: `spec.template.spec.containers[name=api].image`,
`tags["kubernetes.io/role/elb"]`. Lists of objects are matched by identity (`Sid`, then `name`, then
`ruleName`) where every element has one, otherwise by content, so inserting one environment
variable or one policy statement shows as that one addition, not as every later element changing.
Inputs that are JSON documents in a string (IAM and key policies, kubeconfigs) are parsed and
diffed like any other structure, which diffs a policy statement by statement.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from infra.settings.redaction import is_secret_name, mask_text, mask_value


class _Absent:
    """The value on the side where a path does not exist."""

    def __repr__(self) -> str:
        return "(absent)"


ABSENT: Any = _Absent()

IDENTITY_FIELDS = ("Sid", "name", "ruleName")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*\Z")
_SELECTOR = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class ValueChange:
    """One path whose value differs; `old` or `new` is ABSENT when the path was added or removed."""

    path: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is ABSENT:
            return "added"
        return "removed" if self.new is ABSENT else "changed"


def child_path(path: str, key: str) -> str:
    if not _PLAIN_KEY.match(key):
        return f"{path}[{json.dumps(key)}]"
    return f"{path}.{key}" if path else key


def schema_path(path: str) -> str:
    """The path without list selectors and with quoted keys as plain steps: what a schema names."""
    quoted = re.sub(r'\["((?:[^"\\]|\\.)*)"\]', lambda m: "." + json.loads(f'"{m.group(1)}"'), path)
    return _SELECTOR.sub("", quoted).lstrip(".")


def diff_values(old: Any, new: Any, path: str = "", *, secret: bool = False) -> list[ValueChange]:
    """Every path under `path` whose value differs between `old` and `new`, masked."""
    return list(_diff(old, new, path, secret))


def _diff(old: Any, new: Any, path: str, secret: bool) -> Iterator[ValueChange]:
    if old == new:
        return
    old_doc, new_doc = _json_document(old), _json_document(new)
    if old_doc is not None and new_doc is not None:
        yield from _diff(old_doc, new_doc, path, secret)
    elif isinstance(old, dict) and isinstance(new, dict):
        yield from _diff_objects(old, new, path, secret)
    elif isinstance(old, list) and isinstance(new, list) and _has_objects(old, new):
        yield from _diff_object_lists(old, new, path, secret)
    else:
        yield _change(path, old, new, secret)


def _change(path: str, old: Any, new: Any, secret: bool) -> ValueChange:
    masked = [v if v is ABSENT else mask_value(v, secret=secret) for v in (old, new)]
    return ValueChange(mask_text(path), masked[0], masked[1])  # a key can be a pasted secret too


def _diff_objects(old: dict, new: dict, path: str, secret: bool) -> Iterator[ValueChange]:
    # In a `{name, value}` pair (environment variables, parameters, tags as lists) the name says
    # whether the value is a secret.
    pair_secret = any(isinstance(d.get("name"), str) and is_secret_name(d["name"]) for d in (old, new))
    for key in sorted(set(old) | set(new)):
        key_secret = secret or is_secret_name(key) or (pair_secret and key == "value")
        yield from _diff(old.get(key, ABSENT), new.get(key, ABSENT), child_path(path, key), key_secret)


def _has_objects(old: list, new: list) -> bool:
    return any(isinstance(item, dict) for item in old + new)


def _identity(item: Any) -> str | None:
    if isinstance(item, dict):
        for field in IDENTITY_FIELDS:
            if isinstance(item.get(field), str | int):
                return f"{field}={item[field]}"
    return None


def _keyed(items: list) -> dict[str, tuple[str, Any]] | None:
    """Elements by identity (or content) with their path selector; None when keys are not unique."""
    keyed: dict[str, tuple[str, Any]] = {}
    for index, item in enumerate(items):
        identity = _identity(item)
        key = identity or "#" + json.dumps(item, sort_keys=True)
        if key in keyed:
            return None
        keyed[key] = (identity or f"#{index}", item)
    return keyed


def _diff_object_lists(old: list, new: list, path: str, secret: bool) -> Iterator[ValueChange]:
    old_keyed, new_keyed = _keyed(old), _keyed(new)
    if old_keyed is None or new_keyed is None:
        for index in range(max(len(old), len(new))):
            old_item = old[index] if index < len(old) else ABSENT
            new_item = new[index] if index < len(new) else ABSENT
            yield from _diff(old_item, new_item, f"{path}[{index}]", secret)
        return
    # Elements with the same identity (or identical content) pair up; elements without an identity
    # left on both sides pair in order, so one edited statement or rule shows field by field.
    only_old = [old_keyed[k] for k in old_keyed if k not in new_keyed and k.startswith("#")]
    only_new = [new_keyed[k] for k in new_keyed if k not in old_keyed and k.startswith("#")]
    edited = dict(zip((selector for selector, _ in only_old), only_new, strict=False))
    for key in [*old_keyed, *(k for k in new_keyed if k not in old_keyed)]:
        old_selector, old_item = old_keyed.get(key, ("", ABSENT))
        new_selector, new_item = new_keyed.get(key, ("", ABSENT))
        if old_selector in edited:
            new_selector, new_item = edited[old_selector]
        elif new_item is not ABSENT and old_item is ABSENT and (new_selector, new_item) in edited.values():
            continue  # already compared with the old element it replaces
        yield from _diff(old_item, new_item, f"{path}[{new_selector or old_selector}]", secret)


def _json_document(value: Any) -> Any:
    """The parsed object or array when `value` is a JSON document in a string, else None."""
    if not isinstance(value, str) or not value.lstrip().startswith(("{", "[")):
        return None
    try:
        document = json.loads(value)
    except ValueError:
        return None
    return document if isinstance(document, dict | list) else None
