"""How the DR posture changes: the strategy and targets, and per data store what recovers it and how well."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bulkhead.diff.values import ABSENT

# Posture fields a reviewer reads first, with their labels.
HEADLINE_FIELDS = (
    ("strategy", "strategy"),
    ("scenario", "scenario"),
    ("dr_region", "DR region"),
    ("dr_compute", "compute in the DR region"),
    ("rpo_target_minutes", "RPO target (min)"),
    ("rto_target_minutes", "RTO target (min)"),
)


@dataclass(frozen=True)
class StoreChange:
    kind: str
    name: str
    old: str | Any  # summary of what recovers the store, or ABSENT
    new: str | Any


@dataclass(frozen=True)
class PostureDiff:
    missing: tuple[str, ...]
    headline: tuple[tuple[str, Any, Any], ...] = ()  # (label, old, new)
    stores: tuple[StoreChange, ...] = ()
    failures_introduced: tuple[str, ...] = ()
    failures_resolved: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return not self.missing

    @property
    def changed(self) -> bool:
        return bool(self.headline or self.stores or self.failures_introduced or self.failures_resolved)


def store_summary(store: Mapping[str, Any]) -> str:
    best = store.get("achieved")
    if not best:
        return "not recoverable"
    rpo = "comes back empty" if best.get("rpo_minutes") is None else f"{best['rpo_minutes']} min"
    return f"RPO {rpo}, RTO {best.get('rto_minutes')} min via {best.get('description')}"


def diff_posture(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> PostureDiff:
    missing = tuple(side for side, posture in (("old", old), ("new", new)) if posture is None)
    if old is None or new is None:
        return PostureDiff(missing=missing)
    headline = tuple(
        (label, old.get(field), new.get(field)) for field, label in HEADLINE_FIELDS if old.get(field) != new.get(field)
    )
    old_stores = {store.get("urn"): store for store in old.get("stores") or []}
    new_stores = {store.get("urn"): store for store in new.get("stores") or []}
    stores = []
    for urn in sorted(set(old_stores) | set(new_stores), key=str):
        before = store_summary(old_stores[urn]) if urn in old_stores else ABSENT
        after = store_summary(new_stores[urn]) if urn in new_stores else ABSENT
        if before != after:
            store = new_stores.get(urn) or old_stores[urn]
            stores.append(StoreChange(str(store.get("kind")), str(store.get("name")), before, after))
    old_failures, new_failures = list(old.get("failures") or []), list(new.get("failures") or [])
    return PostureDiff(
        missing=(),
        headline=headline,
        stores=tuple(stores),
        failures_introduced=tuple(f for f in new_failures if f not in old_failures),
        failures_resolved=tuple(f for f in old_failures if f not in new_failures),
    )
