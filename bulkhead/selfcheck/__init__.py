"""`bulkhead policy selfcheck`: attack a plan adversarially and count what the policy pack catches.

Classes of mutations: property flips (every security-relevant property broken), IAM evasions (wildcards,
public / foreign / federated principals, conditions that do not narrow), network evasions (internet
ranges in every spelling and split), schedules that never fire or fire too rarely, companions moved to
the other region or cluster, one resource of every SDK type the pack has not reviewed, and plan tampering
(relabelled, baseline dropped, malformed). A mutation is *caught* when a new violation appears or the
plan is refused, *exempted* when its only new findings are suppressed by a resource-bound exemption,
and *missed* otherwise.

Only the policies that can see a mutated type run again (a stack policy sees only its TYPES), so a run
of thousands of mutations takes a minute; tampering re-evaluates everything.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bulkhead.plan.policy_report import PlanLabels, load_plan
from bulkhead.selfcheck import evasions, properties
from bulkhead.selfcheck.sdk_types import all_sdk_types
from policies.config import ENVIRONMENTS, PackConfig, load_config, stack_config_path
from policies.engine import PolicyEvaluationError, evaluate
from policies.registry import RULES
from policies.rule import EVERY_TYPE, Rule

CLASSES = (
    "property",
    "IAM identity",
    "IAM trust",
    "IAM resource policy",
    "network",
    "schedule",
    "relocation",
    "new type",
    "tampering",
)


@dataclass(frozen=True)
class Target:
    stack: str
    environment: str
    resources: list[dict[str, Any]]
    config: PackConfig


@dataclass(frozen=True)
class Outcome:
    kind: str
    resource: str
    description: str
    verdict: str  # caught / exempted / missed
    policies: tuple[str, ...]


def load_target(plan: Path | None, stack: str, environment: str | None, config: Path | None) -> Target:
    """The plan to attack (a saved file, or the stack planned offline) and the config it is judged by."""
    if plan is not None:
        labels, resources = load_plan(plan)
        environment = environment or labels.environment
        stack = labels.stack
    else:
        from bulkhead.plan.runner import run_plan  # runs the Pulumi program: only when planning here

        planned = run_plan(stack)
        resources, environment = planned.to_json()["resources"], planned.environment
    if environment not in ENVIRONMENTS:
        raise ValueError(f"environment must be one of {', '.join(ENVIRONMENTS)} (got {environment!r})")
    path = config or stack_config_path(stack, environment)
    return Target(stack, environment, [dict(r) for r in resources], load_config(path))


def property_flips(resources: Sequence[Mapping[str, Any]]) -> Iterator[evasions.Mutation]:
    for index, path, value, changed in properties.mutations(resources):
        yield evasions.Mutation(
            "property",
            changed["name"],
            f"{path} = {properties.shown(value)}",
            evasions.replaced_at(index, changed),
            frozenset({changed["type"]}),
        )


def generate(target: Target) -> Iterator[evasions.Mutation]:
    resources = target.resources
    yield from property_flips(resources)
    yield from evasions.identity_evasions(resources)
    yield from evasions.principal_evasions(resources)
    yield from evasions.network_evasions(resources)
    yield from evasions.schedule_evasions(resources)
    yield from evasions.relocations(resources)
    yield from evasions.unreviewed_types(resources, all_sdk_types())
    yield from evasions.tampering(resources, target.stack, target.environment)


def _rules_for(types: frozenset[str]) -> tuple[Rule, ...]:
    if "<all>" in types:
        return RULES
    return tuple(r for r in RULES if any(r.applies_to(t) for t in types))


def _keys(findings) -> set[tuple[str, str, str]]:
    return {(f.policy, f.urn, f.message) for f in findings}


class _Judge:
    """Evaluates mutated plans against the baseline findings of the same policies."""

    def __init__(self, target: Target):
        self.target = target
        self.baselines: dict[tuple[str, ...], Any] = {}

    def _subset(self, resources: Sequence[Mapping[str, Any]], rules: Sequence[Rule]) -> list[Mapping[str, Any]]:
        if rules is RULES:
            return list(resources)
        wanted = {t for r in rules for t in r.types if t != EVERY_TYPE}
        return [
            r
            for r in resources
            if not isinstance(r, Mapping)
            or r.get("type") in wanted
            or str(r.get("type", "")).startswith("pulumi:providers:")
        ]

    def _baseline(self, rules: tuple[Rule, ...]):
        key = tuple(r.name for r in rules)
        if key not in self.baselines:
            self.baselines[key] = evaluate(self._subset(self.target.resources, rules), self.target.config, rules=rules)
        return self.baselines[key]

    def judge(self, mutation: evasions.Mutation) -> Outcome:
        def outcome(verdict: str, policies: Sequence[str] = ()) -> Outcome:
            return Outcome(mutation.kind, mutation.target, mutation.description, verdict, tuple(sorted(set(policies))))

        labels = PlanLabels(
            mutation.labels.get("stack", self.target.stack), mutation.labels.get("environment", self.target.environment)
        )
        if labels != PlanLabels(self.target.stack, self.target.environment):
            return outcome("caught", ["<plan labels refused by policy check>"])
        mutated = mutation.apply(list(self.target.resources))
        rules = _rules_for(mutation.types)
        added = [r for r in mutated if isinstance(r, Mapping) and r.get("type") in mutation.types]
        subset = self._subset(mutated, rules) if rules is not RULES else mutated
        if rules is not RULES:
            subset += [r for r in added if r not in subset]
        try:
            report = evaluate(subset, self.target.config, rules=rules)
        except PolicyEvaluationError:
            return outcome("caught", ["<plan refused: malformed>"])
        baseline = self._baseline(rules)
        new = _keys(report.violations) - _keys(baseline.violations)
        if new:
            return outcome("caught", [k[0] for k in new])
        exempted = _keys(report.exempted) - _keys(baseline.exempted)
        return outcome("exempted", [k[0] for k in exempted]) if exempted else outcome("missed")


def run(target: Target, limit: int | None = None) -> list[Outcome]:
    judge = _Judge(target)
    counts: dict[str, int] = {}
    outcomes = []
    for mutation in generate(target):
        counts[mutation.kind] = counts.get(mutation.kind, 0) + 1
        if limit is not None and counts[mutation.kind] > limit:
            continue
        outcomes.append(judge.judge(mutation))
    return outcomes


def figure(outcomes: Sequence[Outcome]) -> str:
    counts = {v: sum(1 for o in outcomes if o.verdict == v) for v in ("caught", "exempted", "missed")}
    return (
        f"{len(outcomes)} mutations: {counts['caught']} caught, {counts['exempted']} exempted by a "
        f"resource-bound exemption, {counts['missed']} missed"
    )


def summary(outcomes: Sequence[Outcome], verbose: bool = False) -> str:
    lines = [figure(outcomes), "", f"{'class':<20} {'mutations':>9} {'caught':>7} {'exempted':>8} {'missed':>6}"]
    for kind in CLASSES:
        mine = [o for o in outcomes if o.kind == kind]
        if mine:
            counts = [sum(1 for o in mine if o.verdict == v) for v in ("caught", "exempted", "missed")]
            lines.append(f"{kind:<20} {len(mine):>9} {counts[0]:>7} {counts[1]:>8} {counts[2]:>6}")
    lines += [f"  MISSED [{o.kind}] {o.resource}: {o.description}" for o in outcomes if o.verdict == "missed"]
    shown = [o for o in outcomes if o.verdict == "exempted"]
    lines += [
        f"  exempted [{o.kind}] {o.resource}: {o.description} ({', '.join(o.policies)})"
        for o in shown[: None if verbose else 20]
    ]
    return "\n".join(lines)


def to_json(outcomes: Sequence[Outcome]) -> str:
    return json.dumps([o.__dict__ for o in outcomes], indent=2)
