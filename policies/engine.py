"""Offline evaluation of the pack over recorded resources (the offline plan, or test fixtures).

Each resource is a plain dict (`type`, `name`, `inputs`; optionally `urn`, `parent`, `dependencies`,
`provider`, `region`, `protect`, `outputs`). Rules receive real pulumi_policy argument objects shaped
as the engine sends them (numbers as floats, props behind pulumi_policy's read-only proxies), so what
passes here behaves the same under `pulumi preview --policy-pack`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)
from pulumi_policy.proxy import unknown_checking_proxy

from policies.config import PackConfig, PolicySettings
from policies.exemptions import STACK_TARGET, Exemption, first_match
from policies.registry import RULES
from policies.rule import Rule
from policies.support.props import finding_key, finding_value


class PolicyEvaluationError(RuntimeError):
    """The pack could not evaluate the resources: a malformed resource, or a rule that crashed on one."""


@dataclass(frozen=True)
class Finding:
    policy: str
    severity: str
    category: str
    controls: tuple[str, ...]
    enforcement: str
    urn: str
    resource: str
    resource_type: str
    message: str
    exemption: Exemption | None = None
    key: str | None = None  # the finding's stable key (what an exemption's `finding` names)
    value: Any = None  # the offending value (what an exemption's `value` records)

    @property
    def mandatory(self) -> bool:
        return self.exemption is None and self.enforcement == "mandatory"


@dataclass(frozen=True)
class PolicyReport:
    environment: str
    config_source: str
    findings: tuple[Finding, ...]
    exemptions: tuple[Exemption, ...]
    resources: int
    policies: int
    expired: tuple[Exemption, ...] = ()  # past their expiry date: listed, never applied

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.exemption is None)

    @property
    def mandatory(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.mandatory)

    @property
    def exempted(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.exemption is not None)

    @property
    def passed(self) -> bool:
        return not self.mandatory


def as_sent(value: Any) -> Any:
    """A value after the engine's protobuf round trip: every number is a float."""
    if isinstance(value, Mapping):
        return {k: as_sent(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_sent(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _props(*parts: Mapping[str, Any] | None) -> Mapping[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(part or {})
    return unknown_checking_proxy(as_sent(merged))


def urn_of(resource: Mapping[str, Any]) -> str:
    return resource.get("urn") or f"urn:pulumi:offline::bulkhead::{resource['type']}::{resource['name']}"


class _Prepared(NamedTuple):
    """A resource with what every rule sees of it, built once per evaluation (the proxies are read-only)."""

    resource: Mapping[str, Any]
    inputs: Mapping[str, Any]
    options: PolicyResourceOptions
    provider: PolicyProviderResource | None


def evaluate(
    resources: Sequence[Mapping[str, Any]],
    config: PackConfig,
    environment: str = "",
    rules: Sequence[Rule] = RULES,
    today: datetime.date | None = None,
) -> PolicyReport:
    """Run `rules` over `resources`; raises PolicyEvaluationError for malformed resources or a crashing rule."""
    today = today or datetime.date.today()
    problems = malformed(resources)
    if problems:
        raise PolicyEvaluationError("malformed resources:\n" + "\n".join(problems))
    by_urn = {urn_of(r): r for r in resources}
    prepared = [_Prepared(r, _props(r.get("inputs")), _options(r), _provider(r, by_urn)) for r in resources]
    stack_resources = _policy_resources(prepared)
    findings: list[Finding] = []
    for rule in rules:
        settings = config.policies[rule.name]
        if settings.enforcement != "disabled":
            findings += _evaluate_rule(rule, settings, prepared, by_urn, stack_resources, today)
    expired = tuple(e for e in config.exemptions if e.expired(today))
    return PolicyReport(
        environment, config.source, tuple(findings), config.exemptions, len(resources), len(rules), expired
    )


_OPTIONAL_TEXT = ("urn", "parent", "provider", "region")
_OPTIONAL_OBJECTS = ("inputs", "outputs")


def malformed(resources: Sequence[Any]) -> list[str]:
    """Why the resource records cannot be evaluated (shape only: each rule judges the values)."""
    problems: list[str] = []
    seen: set[str] = set()
    for index, resource in enumerate(resources):
        where = f"resources[{index}]"
        if not isinstance(resource, Mapping):
            problems.append(f"{where}: must be an object (got {type(resource).__name__})")
            continue
        for key in ("type", "name"):
            if not isinstance(resource.get(key), str) or not resource.get(key):
                problems.append(f"{where}.{key}: must be a non-empty string (got {type(resource.get(key)).__name__})")
        for key in _OPTIONAL_TEXT:
            if resource.get(key) is not None and not isinstance(resource[key], str):
                problems.append(f"{where}.{key}: must be a string (got {type(resource[key]).__name__})")
        for key in _OPTIONAL_OBJECTS:
            if resource.get(key) is not None and not isinstance(resource[key], Mapping):
                problems.append(f"{where}.{key}: must be an object (got {type(resource[key]).__name__})")
        dependencies = resource.get("dependencies")
        if dependencies is not None and not (
            isinstance(dependencies, list) and all(isinstance(d, str) for d in dependencies)
        ):
            problems.append(f"{where}.dependencies: must be a list of URNs")
        if all(isinstance(resource.get(key), str) for key in ("type", "name")) and isinstance(
            resource.get("urn"), (str, type(None))
        ):
            urn = urn_of(resource)
            if urn in seen:
                problems.append(f"{where}: duplicate URN {urn}")
            seen.add(urn)
    return problems


def _evaluate_rule(
    rule: Rule,
    settings: PolicySettings,
    prepared: Sequence[_Prepared],
    by_urn: Mapping[str, Mapping[str, Any]],
    stack_resources: list[PolicyResource],
    today: datetime.date,
) -> list[Finding]:
    findings: list[Finding] = []

    def record(message: str, urn: str | None, fallback: Mapping[str, Any]) -> None:
        target = by_urn.get(urn, fallback) if urn else fallback
        target_urn = urn or urn_of(fallback)
        findings.append(
            Finding(
                rule.name,
                rule.severity,
                rule.category,
                rule.controls,
                settings.enforcement,
                target_urn,
                target.get("name", target_urn),
                target.get("type", ""),
                str(message),
                first_match(settings.exemptions, target_urn, message, today),
                finding_key(message),
                finding_value(message),
            )
        )

    if rule.kind == "stack":
        stack = {"type": "pulumi:pulumi:Stack", "name": STACK_TARGET, "urn": STACK_TARGET}
        # A stack rule sees only the types it declares, as under the pack (policies/pack.py).
        mine = [r for r in stack_resources if rule.applies_to(r.resource_type)]
        stack_args = StackValidationArgs(mine, as_sent(settings.properties))
        _run(rule, stack_args, lambda message, urn=None: record(message, urn, stack), "the stack")
        return findings
    for resource, inputs, options, provider in prepared:
        if rule.applies_to(resource["type"]):
            config = as_sent(settings.properties)
            args = ResourceValidationArgs(
                resource["type"], inputs, urn_of(resource), resource["name"], options, provider, config
            )
            # Like the pack, a finding goes to the URN a rule names, else to the resource under check.
            _run(rule, args, lambda message, urn=None, res=resource: record(message, urn, res), urn_of(resource))
    return findings


def _run(rule: Rule, args: Any, report: Any, target: str) -> None:
    try:
        rule.check(args, report)
    except Exception as exc:  # fail closed: say which rule and which resource, never pass silently
        raise PolicyEvaluationError(f"policy {rule.name} failed on {target}: {exc!r}") from exc


def _options(resource: Mapping[str, Any]) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        bool(resource.get("protect")), [], None, [], PolicyCustomTimeouts(0, 0, 0), [], resource.get("parent")
    )


def _provider(resource: Mapping[str, Any], by_urn: Mapping[str, Mapping[str, Any]]) -> PolicyProviderResource | None:
    """The resource's provider as the engine passes it; its URN is kept even when the plan lacks its record."""
    urn = resource.get("provider")
    record = by_urn.get(urn) if urn else None
    if not urn and not resource.get("region"):
        return None
    props = dict(record.get("inputs") or {}) if record else {}
    if resource.get("region"):
        props.setdefault("region", resource["region"])
    kind = record["type"] if record else "pulumi:providers:" + resource["type"].split(":", 1)[0]
    name = record["name"] if record else (urn or "default").rsplit("::", 1)[-1]
    return PolicyProviderResource(kind, _props(props), urn or "", name)


def _policy_resources(prepared: Sequence[_Prepared]) -> list[PolicyResource]:
    """PolicyResources with props = inputs merged with outputs (what the engine holds after a step)."""
    made = {
        urn_of(r): PolicyResource(
            r["type"], _props(r.get("inputs"), r.get("outputs")), urn_of(r), r["name"], options, provider, None, [], {}
        )
        for r, _, options, provider in prepared
    }
    for resource, *_ in prepared:
        item = made[urn_of(resource)]
        item.parent = made.get(resource.get("parent") or "")
        item.dependencies = [made[d] for d in resource.get("dependencies") or () if d in made]
    return list(made.values())
