"""A rule module seen as data: metadata checked once, plus its validate function and config schema."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol

SEVERITIES = ("critical", "high", "medium", "low")


class ReportViolation(Protocol):
    """How a rule reports a finding: a message, optionally against another resource's URN.

    pulumi_policy's own `ReportViolation` alias requires both arguments, but the callbacks it (and the
    offline engine) passes default the URN to the resource under check, which is how rules call them.
    """

    def __call__(self, message: str, urn: str | None = None, /) -> None: ...


CATEGORIES: Mapping[str, str] = {
    "EaR": "encryption at rest",
    "EiT": "encryption in transit",
    "LP": "least privilege",
    "NET": "network exposure",
    "BDR": "backup / DR",
    "LOG": "logging / audit",
    "AV": "availability",
    "GOV": "governance (reviewed types, baseline)",
}
# Encryption has no off switch anywhere in Bulkhead, so these rules accept no exemption.
ENCRYPTION_CATEGORIES = frozenset({"EaR", "EiT"})

EXEMPTIONS_SCHEMA: Mapping[str, Any] = {
    "type": "array",
    "description": "Findings of this policy accepted for one resource each, with a written reason.",
    "items": {
        "type": "object",
        "properties": {
            "resource": {
                "type": "string",
                "minLength": 1,
                "pattern": "^[^*?\\[\\]]+$",
                "description": "the resource's full URN or exact logical name (no glob patterns)",
            },
            "reason": {"type": "string", "minLength": 10, "description": "why the exemption is justified"},
            "finding": {
                "type": "string",
                "minLength": 1,
                "description": "optional: the exact key of one finding (its property path or statement)",
            },
            "value": {"description": "optional: the offending value the exemption was granted for"},
            "expires": {
                "type": "string",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                "description": "optional: last day the exemption applies (YYYY-MM-DD)",
            },
        },
        "required": ["resource", "reason"],
        "additionalProperties": False,
    },
}
# A rule whose TYPES holds this applies to every resource type (resource-type-reviewed).
EVERY_TYPE = "*"
_REQUIRED = ("NAME", "DESCRIPTION", "SEVERITY", "CATEGORY", "CONTROLS", "ROWS", "TYPES", "REMEDIATION")


class RuleDefinitionError(TypeError):
    """A rule module misses metadata or declares it wrongly."""


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    severity: str
    category: str
    controls: tuple[str, ...]
    rows: tuple[str, ...]
    types: frozenset[str]
    remediation: str
    config: Mapping[str, Mapping[str, Any]]
    kind: str  # "resource" or "stack"
    check: Callable[..., None]
    module: str

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        missing = [attr for attr in _REQUIRED if not getattr(module, attr, None)]
        if missing:
            raise RuleDefinitionError(f"{module.__name__}: missing {', '.join(missing)}")
        checks = {
            kind: function
            for kind, function in (
                ("resource", getattr(module, "validate", None)),
                ("stack", getattr(module, "validate_stack", None)),
            )
            if function is not None
        }
        if len(checks) != 1:
            raise RuleDefinitionError(f"{module.__name__}: define exactly one of validate / validate_stack")
        ((kind, check),) = checks.items()
        if module.SEVERITY not in SEVERITIES:
            raise RuleDefinitionError(f"{module.__name__}: SEVERITY {module.SEVERITY!r} not in {SEVERITIES}")
        if module.CATEGORY not in CATEGORIES:
            raise RuleDefinitionError(f"{module.__name__}: CATEGORY {module.CATEGORY!r} not in {sorted(CATEGORIES)}")
        config = getattr(module, "CONFIG", {})
        for key, schema in config.items():
            if "default" not in schema:
                raise RuleDefinitionError(f"{module.__name__}: CONFIG[{key!r}] needs a default")
        return cls(
            name=module.NAME,
            description=module.DESCRIPTION,
            severity=module.SEVERITY,
            category=module.CATEGORY,
            controls=tuple(module.CONTROLS),
            rows=tuple(module.ROWS),
            types=frozenset(module.TYPES),
            remediation=module.REMEDIATION,
            config=config,
            kind=kind,
            check=check,
            module=module.__name__,
        )

    def applies_to(self, resource_type: str) -> bool:
        return EVERY_TYPE in self.types or resource_type in self.types

    @property
    def exemptable(self) -> bool:
        return self.category not in ENCRYPTION_CATEGORIES

    def config_properties(self) -> dict[str, Mapping[str, Any]]:
        """The policy's configSchema properties, as `--policy-pack-config` files are validated against."""
        properties = dict(self.config)
        if self.exemptable:
            properties["exemptions"] = EXEMPTIONS_SCHEMA
        return properties

    def defaults(self) -> dict[str, Any]:
        return {key: schema["default"] for key, schema in self.config.items()}
