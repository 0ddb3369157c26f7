"""Offline evaluation of the pack over recorded resources (the offline plan, or test fixtures).

Each resource is a plain dict (`type`, `name`, `inputs`; optionally `urn`, `parent`, `dependencies`,
`provider`, `region`, `protect`, `outputs`). Rules receive real pulumi_policy argument objects shaped
as the engine sends them (numbers as floats, props behind pulumi_policy's read-only proxies), so what
passes here behaves the same under `pulumi preview --policy-pack`.
"""

from __future__ import annotations

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
) -> PolicyReport:
    by_urn = {urn_of(r): r for r in resources}
    prepared = [_Prepared(r, _props(r.get("inputs")), _options(r), _provider(r, by_urn)) for r in resources]
    stack_resources = _policy_resources(prepared)
    findings: list[Finding] = []
    for rule in rules:
        settings = config.policies[rule.name]
        if settings.enforcement != "disabled":
            findings += _evaluate_rule(rule, settings, prepared, by_urn, stack_resources)
    return PolicyReport(environment, config.source, tuple(findings), config.exemptions, len(resources), len(rules))


def _evaluate_rule(
    rule: Rule,
    settings: PolicySettings,
    prepared: Sequence[_Prepared],
    by_urn: Mapping[str, Mapping[str, Any]],
    stack_resources: list[PolicyResource],
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
                message,
                first_match(settings.exemptions, target_urn, message),
            )
        )

    if rule.kind == "stack":
        stack = {"type": "pulumi:pulumi:Stack", "name": STACK_TARGET, "urn": STACK_TARGET}
        args = StackValidationArgs(stack_resources, as_sent(settings.properties))
        _run(rule, args, lambda message, urn=None: record(message, urn, stack), "the stack")
        return findings
    for resource, inputs, options, provider in prepared:
        if resource["type"] in rule.types:
            config = as_sent(settings.properties)
            args = ResourceValidationArgs(
                resource["type"], inputs, urn_of(resource), resource["name"], options, provider, config
            )
            # Like the pack, a finding goes to the URN a rule names, else to the resource under check.
            _run(rule, args, lambda message, urn=None, res=resource: record(message, urn, res), urn_of(resource))
    return findings


class RuleCrashed(RuntimeError):
    """A rule raised on a resource: a pack bug, or props no provider would write (a hand-edited plan)."""


def _run(rule: Rule, args: Any, report: Any, target: str) -> None:
    try:
        rule.check(args, report)
    except Exception as exc:  # a crashing rule is a pack bug: say which rule and which resource
        raise RuleCrashed(f"policy {rule.name} failed on {target}: {exc!r}") from exc


def _options(resource: Mapping[str, Any]) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        bool(resource.get("protect")), [], None, [], PolicyCustomTimeouts(0, 0, 0), [], resource.get("parent")
    )


def _provider(resource: Mapping[str, Any], by_urn: Mapping[str, Mapping[str, Any]]) -> PolicyProviderResource | None:
    urn = resource.get("provider")
    record = by_urn.get(urn) if urn else None
    if record is None and not resource.get("region"):
        return None
    props = dict(record.get("inputs") or {}) if record else {}
    if resource.get("region"):
        props.setdefault("region", resource["region"])
    name = record["name"] if record else "default"
    return PolicyProviderResource(record["type"] if record else "pulumi:providers:aws", _props(props), urn or "", name)


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
