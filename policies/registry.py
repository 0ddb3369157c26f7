"""The explicit, sorted list of policies in the pack. Adding a rule means adding one line here."""

from __future__ import annotations

from policies.rule import Rule
from policies.rules import MODULES

RULES: tuple[Rule, ...] = tuple(sorted((Rule.from_module(m) for m in MODULES), key=lambda rule: rule.name))


def by_name() -> dict[str, Rule]:
    return {rule.name: rule for rule in RULES}
