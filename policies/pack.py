"""The rules as pulumi_policy Policy objects, with exemptions applied the same way the offline engine does.

Only `policies/__main__.py` turns these into a PolicyPack (which starts a server and never returns).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from policies.exemptions import STACK_TARGET, exemptions_from, first_match
from policies.registry import RULES
from policies.rule import Rule

PACK_NAME = "bulkhead"
# Explicit: the pulumi_policy default is advisory; per-environment files relax what may be relaxed.
DEFAULT_ENFORCEMENT = EnforcementLevel.MANDATORY


def _without_exempted(rule: Rule) -> Callable[[Any, Callable[..., None]], None]:
    def validate(args: Any, report_violation: Callable[..., None]) -> None:
        exemptions = exemptions_from(rule.name, args.get_config())
        today = datetime.date.today()

        def report(message: str, urn: str | None = None) -> None:
            target = urn or getattr(args, "urn", None) or STACK_TARGET  # stack args carry no URN
            if first_match(exemptions, target, message, today) is None:
                report_violation(str(message), urn)

        if rule.kind == "stack":
            # A stack rule sees only the types it declares, so TYPES is the whole truth about its inputs.
            mine = [r for r in args.resources if rule.applies_to(r.resource_type)]
            args = StackValidationArgs(mine, args.get_config(), getattr(args, "stack_tags", None))
        rule.check(args, report)

    return validate


def build_policies(rules: tuple[Rule, ...] = RULES) -> list[Policy]:
    policies: list[Policy] = []
    for rule in rules:
        cls = ResourceValidationPolicy if rule.kind == "resource" else StackValidationPolicy
        policies.append(
            cls(
                name=rule.name,
                description=rule.description,
                validate=_without_exempted(rule),
                enforcement_level=DEFAULT_ENFORCEMENT,
                config_schema=PolicyConfigSchema(properties={k: dict(v) for k, v in rule.config_properties().items()}),
                severity=Severity(rule.severity),
                tags=[rule.category, *rule.controls],
                remediation_steps=rule.remediation,
            )
        )
    return policies
