"""Exemptions: a resource (URN or name glob), a policy, a reason; optionally one finding's text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from policies.support.props import resource_name

# What a finding is attributed to when a stack policy names no resource (offline and under Pulumi alike).
STACK_TARGET = "<stack>"


@dataclass(frozen=True)
class Exemption:
    policy: str
    resource: str
    reason: str
    finding: str | None = None

    def matches(self, urn: str, message: str) -> bool:
        target = fnmatchcase(urn, self.resource) or fnmatchcase(resource_name(urn), self.resource)
        return target and (self.finding is None or self.finding in message)


def exemptions_from(policy: str, config: Mapping[str, Any]) -> tuple[Exemption, ...]:
    """The exemptions in a policy's (already validated) config properties."""
    return tuple(
        Exemption(policy, item["resource"], item["reason"], item.get("finding"))
        for item in config.get("exemptions") or ()
    )


def first_match(exemptions: tuple[Exemption, ...], urn: str, message: str) -> Exemption | None:
    return next((e for e in exemptions if e.matches(urn, message)), None)
