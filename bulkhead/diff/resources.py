"""Resources added, removed, updated and replaced between two plans, matched by URN.

Records are compared generically: the inputs path by path, and every other field of the record
both plans carry (resource options such as `protect`, the provider, the region, and fields a later
plan version adds) except the URN's own parts, the mock outputs and the derived dependencies. A field
only one plan version has is not compared, so plans of neighbouring versions diff cleanly.

A resource is replaced when its URN changes while its name stays (a new type or a new parent: the
engine deletes and creates it), when its region changes, or when an input the provider cannot
update changes (bulkhead/diff/replacement.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bulkhead.diff.replacement import REGION_SOURCE, forced_replacements
from bulkhead.diff.values import ValueChange, diff_values
from infra.settings.redaction import mask_structure, mask_text

ADD, REMOVE, UPDATE, REPLACE = "add", "remove", "update", "replace"
# Parts of the URN, mock outputs (derived from the URN) and derived dependencies are not compared.
_NOT_COMPARED = frozenset({"urn", "type", "name", "inputs", "outputs", "dependencies"})
RECORD_PREFIX = "record."


# Where a moved resource's replacement comes from: the URN holds the type and the parents' types.
URN_SOURCE = "Pulumi: a resource whose URN changes is deleted and created"


@dataclass(frozen=True)
class Reason:
    """Why a resource is replaced: the path that changed, how, and who says it forces a new resource."""

    path: str
    text: str
    source: str


@dataclass(frozen=True)
class ResourceChange:
    action: str
    urn: str
    type: str
    name: str
    custom: bool
    region: str | None
    protect: bool
    old_urn: str | None = None
    changes: tuple[ValueChange, ...] = ()
    reasons: tuple[Reason, ...] = ()

    @property
    def forcing_paths(self) -> frozenset[str]:
        return frozenset(reason.path for reason in self.reasons)


@dataclass(frozen=True)
class ResourceDiff:
    changes: tuple[ResourceChange, ...]
    unchanged: int  # custom resources present and identical in both plans

    def with_action(self, action: str) -> list[ResourceChange]:
        return [change for change in self.changes if change.action == action]

    def counts(self) -> dict[str, int]:
        """Custom resources per action (components are context, not counted)."""
        return {
            action: sum(1 for c in self.changes if c.action == action and c.custom)
            for action in (ADD, UPDATE, REPLACE, REMOVE)
        }


def diff_resources(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> ResourceDiff:
    old_by_urn = {record["urn"]: record for record in old}
    new_by_urn = {record["urn"]: record for record in new}
    changes: list[ResourceChange] = []
    unchanged = 0
    for urn in sorted(set(old_by_urn) & set(new_by_urn)):
        change = _compare(old_by_urn[urn], new_by_urn[urn])
        if change is None:
            unchanged += bool(new_by_urn[urn].get("custom"))
        else:
            changes.append(change)
    removed = [old_by_urn[urn] for urn in sorted(set(old_by_urn) - set(new_by_urn))]
    added = [new_by_urn[urn] for urn in sorted(set(new_by_urn) - set(old_by_urn))]
    paired = _pairs(removed, added)
    for old_record, new_record in paired:
        changes.append(_moved(old_record, new_record))
    paired_urns = {record["urn"] for pair in paired for record in pair}
    changes += [_single(REMOVE, record) for record in removed if record["urn"] not in paired_urns]
    changes += [_single(ADD, record) for record in added if record["urn"] not in paired_urns]
    return ResourceDiff(changes=tuple(sorted(changes, key=lambda c: (c.name, c.type))), unchanged=unchanged)


def _single(action: str, record: Mapping[str, Any], **details: Any) -> ResourceChange:
    """A change of `action` to `record` (the new record, for updates and replacements). Its identity is
    masked like any value: a plan file is input, and a pasted key in a name must not be echoed."""
    if details.get("old_urn"):
        details["old_urn"] = mask_text(details["old_urn"])
    return ResourceChange(
        action=action,
        urn=mask_text(record["urn"]),
        type=mask_text(record["type"]),
        name=mask_text(record["name"]),
        custom=bool(record.get("custom")),
        region=record.get("region"),
        protect=bool(record.get("protect")),
        **details,
    )


def _changes(old: Mapping[str, Any], new: Mapping[str, Any], skip: frozenset[str] = frozenset()) -> list[ValueChange]:
    """Record fields both plans carry (minus `skip`), then the inputs, path by path."""
    fields = sorted((set(old) & set(new)) - _NOT_COMPARED - skip)
    record = [
        ValueChange(RECORD_PREFIX + f, mask_structure(old[f]), mask_structure(new[f]))
        for f in fields
        if old[f] != new[f]
    ]
    return record + diff_values(old.get("inputs") or {}, new.get("inputs") or {})


def _compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> ResourceChange | None:
    changes = _changes(old, new)
    if not changes:
        return None
    reasons = []
    if new["type"].startswith("aws:") and old.get("region") != new.get("region"):
        reasons.append(Reason(RECORD_PREFIX + "region", "moves the resource to another region", REGION_SOURCE))
    for forced in forced_replacements(new["type"], changes):
        condition = f" ({forced.rule.condition})" if forced.rule.condition else ""
        reasons.append(Reason(forced.path, "cannot be updated in place" + condition, forced.rule.source))
    return _single(REPLACE if reasons else UPDATE, new, changes=tuple(changes), reasons=tuple(reasons))


def _pairs(removed: list[Mapping[str, Any]], added: list[Mapping[str, Any]]) -> list[tuple[Mapping, Mapping]]:
    """A removed and an added record with the same name and kind, each the only one: one resource moved."""
    by_key: dict[tuple[str, bool], list[list[Mapping]]] = defaultdict(lambda: [[], []])
    for side, records in enumerate((removed, added)):
        for record in records:
            by_key[(record["name"], bool(record.get("custom")))][side].append(record)
    return [(olds[0], news[0]) for olds, news in by_key.values() if len(olds) == 1 and len(news) == 1]


def _moved(old: Mapping[str, Any], new: Mapping[str, Any]) -> ResourceChange:
    reasons = []
    if old["type"] != new["type"]:
        reasons.append(Reason(RECORD_PREFIX + "type", f"changes from {old['type']}", URN_SOURCE))
    if old.get("parent") != new.get("parent"):
        reasons.append(Reason(RECORD_PREFIX + "parent", f"changes from {old.get('parent')}", URN_SOURCE))
    changes = _changes(old, new, skip=frozenset({"parent"}))
    return _single(REPLACE, new, old_urn=old["urn"], changes=tuple(changes), reasons=tuple(reasons))
