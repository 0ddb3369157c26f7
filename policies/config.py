"""Per-environment policy config: the same JSON file `pulumi preview --policy-pack-config` reads.

Format (Pulumi's): `{"all": "<level>", "<policy>": "<level>" | {"enforcementLevel": ..., <props>}}`.
Loading validates everything at once and raises one `PolicyConfigError` that lists every problem.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from policies.exemptions import Exemption, exemptions_from
from policies.registry import RULES
from policies.rule import Rule

LEVELS = ("mandatory", "advisory", "disabled")
CONFIG_DIR = Path(__file__).resolve().parent / "config"
ENVIRONMENTS = ("dev", "staging", "prod")


class PolicyConfigError(ValueError):
    """An unreadable or invalid policy config; the message lists every problem, one per line."""


@dataclass(frozen=True)
class PolicySettings:
    enforcement: str
    properties: Mapping[str, Any]
    exemptions: tuple[Exemption, ...] = ()


@dataclass(frozen=True)
class PackConfig:
    source: str
    policies: Mapping[str, PolicySettings] = field(default_factory=dict)

    @property
    def exemptions(self) -> tuple[Exemption, ...]:
        return tuple(e for name in sorted(self.policies) for e in self.policies[name].exemptions)


def default_config_path(environment: str) -> Path:
    if environment not in ENVIRONMENTS:
        raise PolicyConfigError(f"environment: must be one of {', '.join(ENVIRONMENTS)} (got {environment!r})")
    return CONFIG_DIR / f"{environment}.json"


def stack_config_path(stack: str, environment: str, config_dir: Path = CONFIG_DIR) -> Path:
    """`<stack>.json` when the stack has its own config (its exemptions name its own resources), else
    the environment's. Shipped stacks are named after their environment, so both are the same file.
    """
    own = config_dir / f"{stack}.json"
    return own if stack and own.is_file() else default_config_path(environment)


def load_config(path: str | Path) -> PackConfig:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyConfigError(f"{path}: cannot read policy config ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise PolicyConfigError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    return parse_config(data, str(path))


def parse_config(data: Any, source: str, rules: tuple[Rule, ...] = RULES) -> PackConfig:
    if not isinstance(data, Mapping):
        raise PolicyConfigError(f"{source}: must be a JSON object of policy names (got {type(data).__name__})")
    by_name = {rule.name: rule for rule in rules}
    errors: list[str] = []
    default_level = _level(data.get("all", "mandatory"), f"{source}: all", errors)
    for key in sorted(set(data) - set(by_name) - {"all"}):
        errors.append(f"{source}: {key}: unknown policy (run `bulkhead policy list` for the names)")
    policies = {}
    for name, rule in by_name.items():
        entry = data.get(name, {})
        where = f"{source}: {name}"
        if isinstance(entry, str):
            entry = {"enforcementLevel": entry}
        if not isinstance(entry, Mapping):
            errors.append(f"{where}: must be an enforcement level or an object (got {json.dumps(entry)})")
            continue
        level = _level(entry.get("enforcementLevel", default_level), f"{where}.enforcementLevel", errors)
        properties = {k: v for k, v in entry.items() if k != "enforcementLevel"}
        errors.extend(_property_errors(rule, properties, where))
        merged = {**rule.defaults(), **properties}
        policies[name] = PolicySettings(level, merged, exemptions_from(name, merged))
    if errors:
        raise PolicyConfigError("\n".join(errors))
    return PackConfig(source, policies)


def _level(value: Any, where: str, errors: list[str]) -> str:
    if value not in LEVELS:
        errors.append(f"{where}: must be one of {', '.join(LEVELS)} (got {json.dumps(value)})")
        return "mandatory"
    return value


def _property_errors(rule: Rule, properties: Mapping[str, Any], where: str) -> list[str]:
    schemas = rule.config_properties()
    errors = []
    for key in sorted(properties):
        if key == "exemptions" and not rule.exemptable:
            errors.append(
                f"{where}.exemptions: {rule.category} (encryption) policies cannot be exempted; "
                "fix the resource instead"
            )
        elif key not in schemas:
            allowed = ", ".join(sorted(schemas)) or "none"
            errors.append(f"{where}.{key}: unknown property (allowed: {allowed})")
        else:
            validator = jsonschema.Draft7Validator(schemas[key])
            for error in sorted(validator.iter_errors(properties[key]), key=lambda e: list(e.path)):
                path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
                errors.append(f"{where}.{key}{path}: {error.message}")
    if rule.exemptable:
        errors.extend(_expiry_errors(properties.get("exemptions"), f"{where}.exemptions"))
    return errors


def _expiry_errors(exemptions: Any, where: str) -> list[str]:
    """Expiry dates that match the pattern but are no calendar date (2026-02-30)."""
    errors = []
    for index, item in enumerate(exemptions if isinstance(exemptions, list) else ()):
        expires = item.get("expires") if isinstance(item, Mapping) else None
        if isinstance(expires, str) and len(expires) == 10:
            try:
                datetime.date.fromisoformat(expires)
            except ValueError:
                errors.append(f"{where}[{index}].expires: {expires!r} is not a calendar date (YYYY-MM-DD)")
    return errors


def derive_stack_config(
    environment: str, replacements: Mapping[str, str], config_dir: Path = CONFIG_DIR
) -> dict[str, Any]:
    """The environment's config for a new stack: its exemptions renamed to the stack's own resources.

    Exemptions name exact resources (and record values such as ARNs with regions), so a new app's stack
    gets them rewritten once, explicitly (`bulkhead new`), instead of patterns that would match any app.
    `replacements` maps template text (the shipped app's name prefix, its regions) to the new stack's.
    """
    data = json.loads(default_config_path(environment).read_text(encoding="utf-8"))

    def rewrite(value: Any) -> Any:
        if isinstance(value, str):
            for old, new in replacements.items():
                value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        if isinstance(value, Mapping):
            return {k: rewrite(v) for k, v in value.items()}
        return value

    for entry in data.values():
        if isinstance(entry, dict) and "exemptions" in entry:
            entry["exemptions"] = [
                {k: (v if k == "reason" else rewrite(v)) for k, v in item.items()} for item in entry["exemptions"]
            ]
    return data
