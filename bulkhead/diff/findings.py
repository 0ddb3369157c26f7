"""Policy findings a change introduces, resolves and leaves in place, from the verdicts each plan carries.

Findings match on policy and resource URN; where one policy reports several findings on one
resource (least-privilege rules report one per action), identical messages pair first and the rest
pair in order. A finding *blocks* when it is mandatory and not exempted; `new_blocking` lists those
that did not block before (new ones, and old ones whose exemption or advisory level went away).
Messages are masked: a policy message may quote the offending value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from infra.settings.redaction import mask_text


@dataclass(frozen=True)
class Finding:
    policy: str
    severity: str
    enforcement: str
    exempted: bool
    controls: tuple[str, ...]
    urn: str | None
    resource: str
    resource_type: str | None
    message: str

    @property
    def blocks(self) -> bool:
        return self.enforcement == "mandatory" and not self.exempted


@dataclass(frozen=True)
class Exemption:
    policy: str
    resource: str
    finding: str | None
    reason: str


@dataclass(frozen=True)
class FindingsDiff:
    missing: tuple[str, ...]  # "old" / "new": a plan without policy verdicts
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    persisting: tuple[tuple[Finding, Finding], ...] = ()
    exemptions_added: tuple[Exemption, ...] = ()
    exemptions_removed: tuple[Exemption, ...] = ()

    @property
    def available(self) -> bool:
        return not self.missing

    @property
    def new_blocking(self) -> tuple[Finding, ...]:
        escalated = tuple(new for old, new in self.persisting if new.blocks and not old.blocks)
        return tuple(f for f in self.introduced if f.blocks) + escalated


def _finding(raw: Mapping[str, Any]) -> Finding:
    return Finding(
        policy=str(raw.get("policy", "?")),
        severity=str(raw.get("severity", "?")),
        enforcement=str(raw.get("enforcement", "?")),
        exempted=bool(raw.get("exempted")),
        controls=tuple(raw.get("controls") or ()),
        urn=raw.get("urn"),
        resource=str(raw.get("resource", "?")),
        resource_type=raw.get("type"),
        message=mask_text(str(raw.get("message", ""))),
    )


def _exemptions(policy: Mapping[str, Any]) -> set[Exemption]:
    return {
        Exemption(str(e.get("policy")), str(e.get("resource")), e.get("finding"), mask_text(str(e.get("reason", ""))))
        for e in policy.get("exemptions") or []
    }


def diff_findings(old_policy: Mapping[str, Any] | None, new_policy: Mapping[str, Any] | None) -> FindingsDiff:
    missing = tuple(side for side, policy in (("old", old_policy), ("new", new_policy)) if policy is None)
    if old_policy is None or new_policy is None:
        return FindingsDiff(missing=missing)
    old = _grouped(old_policy.get("findings") or [])
    new = _grouped(new_policy.get("findings") or [])
    introduced, resolved, persisting = [], [], []
    for key in sorted(set(old) | set(new), key=lambda k: (k[0], k[1] or "")):
        matched, gone, appeared = _match(old.get(key, []), new.get(key, []))
        persisting += matched
        resolved += gone
        introduced += appeared
    old_exemptions, new_exemptions = _exemptions(old_policy), _exemptions(new_policy)
    return FindingsDiff(
        missing=(),
        introduced=tuple(introduced),
        resolved=tuple(resolved),
        persisting=tuple(persisting),
        exemptions_added=tuple(sorted(new_exemptions - old_exemptions, key=_exemption_key)),
        exemptions_removed=tuple(sorted(old_exemptions - new_exemptions, key=_exemption_key)),
    )


def _exemption_key(exemption: Exemption) -> tuple[str, str, str]:
    return (exemption.policy, exemption.resource, exemption.finding or "")


def _grouped(raw_findings: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str | None], list[Finding]]:
    groups: dict[tuple[str, str | None], list[Finding]] = defaultdict(list)
    for raw in raw_findings:
        finding = _finding(raw)
        groups[(finding.policy, finding.urn or finding.resource)].append(finding)
    return groups


def _match(
    old: list[Finding], new: list[Finding]
) -> tuple[list[tuple[Finding, Finding]], list[Finding], list[Finding]]:
    """(pairs, only old, only new): same messages pair first, then the remainder in order."""
    remaining_new = list(new)
    pairs, unmatched_old = [], []
    for finding in old:
        same = next((n for n in remaining_new if n.message == finding.message), None)
        if same is None:
            unmatched_old.append(finding)
        else:
            remaining_new.remove(same)
            pairs.append((finding, same))
    count = min(len(unmatched_old), len(remaining_new))
    pairs += list(zip(unmatched_old[:count], remaining_new[:count], strict=True))
    return pairs, unmatched_old[count:], remaining_new[count:]
