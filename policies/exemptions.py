"""Exemptions: one resource, one policy, optionally one finding, a reason, the value granted, an expiry.

An exemption binds to exactly one resource (its full URN or its exact logical name: no globs), to the
policy whose config lists it, and optionally to one finding by its exact key (the property path or
statement a rule names; no substring matching on message text). When it records `value`, it covers
that finding only while the offending value stays the one it was granted for: a later, different value
(a DR node group minimum of 0 under an exemption granted for 2) is a new violation. An exemption past
its `expires` date is not applied; reports list it as expired.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from policies.support.props import finding_key, finding_value, plain, resource_name

# What a finding is attributed to when a stack policy names no resource (offline and under Pulumi alike).
STACK_TARGET = "<stack>"
# Stands for "the exemption records no value" (JSON null is a value: the property was absent).
NO_VALUE: Any = type("NoValue", (), {"__repr__": lambda self: "<no value recorded>"})()


@dataclass(frozen=True, eq=False)  # identity: a recorded value may be a list, and each entry is one grant
class Exemption:
    policy: str
    resource: str
    reason: str
    finding: str | None = None
    value: Any = NO_VALUE
    expires: datetime.date | None = None

    @property
    def records_value(self) -> bool:
        return self.value is not NO_VALUE

    def expired(self, today: datetime.date) -> bool:
        return self.expires is not None and today > self.expires

    def matches(self, urn: str, key: str | None, value: Any) -> bool:
        if self.resource not in (urn, resource_name(urn)):
            return False
        if self.finding is not None and self.finding != key:
            return False
        return not self.records_value or plain(self.value) == plain(value)


def exemptions_from(policy: str, config: Mapping[str, Any]) -> tuple[Exemption, ...]:
    """The exemptions in a policy's (already schema-validated) config properties."""
    return tuple(
        Exemption(
            policy,
            item["resource"],
            item["reason"],
            item.get("finding"),
            item.get("value", NO_VALUE),
            datetime.date.fromisoformat(item["expires"]) if item.get("expires") else None,
        )
        for item in config.get("exemptions") or ()
    )


def first_match(exemptions: Sequence[Exemption], urn: str, message: Any, today: datetime.date) -> Exemption | None:
    """The exemption covering this finding (a `Violation` carries its key and value), if any still applies."""
    key, value = finding_key(message), finding_value(message)
    return next((e for e in exemptions if not e.expired(today) and e.matches(urn, key, value)), None)
