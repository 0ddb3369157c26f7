"""Reading engine props (camelCase inputs) and phrasing violations as: path, value received, fix.

Props arrive as the engine sends them: pulumi_policy wraps mappings and lists in read-only proxies
(`Mapping` / `Sequence`, not dict / list) and numbers come through protobuf as floats (14.0), so
rules use these helpers instead of `isinstance(x, dict | list | int)`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Report = Callable[..., None]

# A CMK is named by its key ARN or a customer alias ARN; `alias/aws/*` are AWS-managed keys.
_CMK_ARN = re.compile(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key/[A-Za-z0-9-]+|alias/(?!aws/)[A-Za-z0-9/_-]+)$")


def get(props: Mapping[str, Any] | None, path: str) -> Any:
    """Value at a dotted path (`vpcConfig.endpointPublicAccess`, `rules.0.schedule`); None if absent."""
    value: Any = props
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif is_sequence(value) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def is_sequence(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def plain(value: Any) -> Any:
    """Proxies to dicts and lists, integral floats back to ints: for messages and JSON."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if is_sequence(value):
        return [plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def describe(value: Any) -> str:
    if value is None:
        return "<absent>"
    try:
        return json.dumps(plain(value), sort_keys=True)
    except TypeError:
        return repr(value)


def as_int(value: Any) -> int | None:
    """An integer as the engine sends it (14 or 14.0); None for anything else, booleans included."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


class Violation(str):
    """A finding's text that also carries a stable key (what an exemption names) and the offending value.

    It is a `str`, so CrossGuard's `report_violation(message)` takes it as is; the pack and the offline
    engine read `key` and `value` to bind exemptions exactly (policies/exemptions.py).
    """

    key: str | None
    value: Any

    def __new__(cls, text: str, key: str | None = None, value: Any = None) -> Violation:
        made = super().__new__(cls, text)
        made.key = key
        made.value = plain(value)
        return made


def violation(path: str, value: Any, fix: str) -> Violation:
    """The house message shape: where, what was received, what to do; keyed by the property path."""
    return Violation(f"{path} is {describe(value)}; {fix}", path, value)


def keyed(text: str, key: str, value: Any = None) -> Violation:
    """A finding phrased freely but keyed for exemptions (stack findings, IAM statements)."""
    return Violation(text, key, value)


def finding_key(message: Any) -> str | None:
    return getattr(message, "key", None)


def finding_value(message: Any) -> Any:
    return getattr(message, "value", None)


def as_bool(value: Any) -> bool | None:
    """Booleans as the engine sends them; launch templates carry "true"/"false" strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def as_list(value: Any) -> list:
    if value is None:
        return []
    if is_sequence(value):
        return list(value)
    return [value]


def require_true(props: Mapping[str, Any], report: Report, path: str) -> None:
    value = get(props, path)
    if as_bool(value) is not True:
        report(violation(path, value, "set it to true"))


def require_false(props: Mapping[str, Any], report: Report, path: str) -> None:
    """Explicit false: an absent flag leaves the choice to a provider default."""
    value = get(props, path)
    if as_bool(value) is not False:
        report(violation(path, value, "set it to false explicitly"))


def require_equal(props: Mapping[str, Any], report: Report, path: str, expected: Any) -> None:
    value = get(props, path)
    if value != expected:
        report(violation(path, value, f"set it to {describe(expected)}"))


def require_set(props: Mapping[str, Any], report: Report, path: str, what: str) -> None:
    value = get(props, path)
    empty = value is None or value == "" or (isinstance(value, Mapping) or is_sequence(value)) and not len(value)
    if empty:
        report(violation(path, value, f"set it to {what}"))


def require_int_between(props: Mapping[str, Any], report: Report, path: str, low: int, high: int) -> None:
    value = get(props, path)
    number = as_int(value)
    if number is None or not low <= number <= high:
        report(violation(path, value, f"set it to an integer >= {low} and <= {high}"))


def cmk_problem(value: Any) -> str | None:
    """Why `value` does not name a customer-managed KMS key, or None when it does."""
    if not isinstance(value, str) or not value:
        return "no key is named, so an AWS-owned or AWS-managed key is used"
    if not _CMK_ARN.match(value):
        return "it is not a customer-managed key ARN (arn:aws:kms:<region>:<account>:key/<id>)"
    return None


def check_cmk(report: Report, where: str, value: Any, fix: str = "use a CMK") -> None:
    """Report `value` (found at `where`) unless it names a customer-managed KMS key."""
    problem = cmk_problem(value)
    if problem:
        report(violation(where, value, f"{problem}; {fix}"))


def require_cmk(props: Mapping[str, Any], report: Report, path: str) -> None:
    check_cmk(report, path, get(props, path), "pass the ARN of a customer-managed key with rotation")


def setting(args: Any, config: Mapping[str, Any], key: str) -> Any:
    """A policy config property, falling back to the default declared in the rule's CONFIG schema.

    CrossGuard hands config numbers over as floats; integral ones come back as ints.
    """
    value = args.get_config().get(key)
    return plain(config[key]["default"] if value is None else value)


def required_switch(description: str, *, default: bool = False) -> dict[str, Any]:
    """The config schema of a rule's per-environment on/off switch, `required` in each environment's config."""
    return {"type": "boolean", "default": default, "description": description}


def deletion_protection_required() -> dict[str, Any]:
    """The switch of the three deletion-protection rules (database, cluster, user pool)."""
    return required_switch("whether deletion protection is required in this environment", default=True)


def resource_name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]
