"""The diff as JSON for tools (format `bulkhead-diff`, version 1; docs/diff.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bulkhead.diff.report import PlanDiff
from bulkhead.diff.resources import ResourceChange
from bulkhead.diff.values import ABSENT, ValueChange

DIFF_FORMAT = "bulkhead-diff"
DIFF_VERSION = 1


def _value_change(change: ValueChange) -> dict[str, Any]:
    document: dict[str, Any] = {"path": change.path, "kind": change.kind}
    if change.old is not ABSENT:
        document["old"] = change.old
    if change.new is not ABSENT:
        document["new"] = change.new
    return document


def _resource(change: ResourceChange) -> dict[str, Any]:
    return {
        "action": change.action,
        "urn": change.urn,
        "old_urn": change.old_urn,
        "type": change.type,
        "name": change.name,
        "custom": change.custom,
        "region": change.region,
        "protect": change.protect,
        "changes": [_value_change(c) for c in change.changes],
        "replaced_because": [asdict(reason) for reason in change.reasons],
    }


def _side_value(value: Any) -> Any:
    return None if value is ABSENT else value


def diff_to_json(diff: PlanDiff) -> dict[str, Any]:
    findings, posture = diff.findings, diff.posture
    return {
        "format": DIFF_FORMAT,
        "version": DIFF_VERSION,
        "stack": diff.new.stack,
        "old": asdict(diff.old),
        "new": asdict(diff.new),
        "summary": {**diff.resources.counts(), "unchanged": diff.resources.unchanged},
        "resources": [_resource(change) for change in diff.resources.changes],
        "findings": {
            "missing": list(findings.missing),
            "introduced": [asdict(f) for f in findings.introduced],
            "resolved": [asdict(f) for f in findings.resolved],
            "persisting": [{"old": asdict(old), "new": asdict(new)} for old, new in findings.persisting],
            "new_blocking": [asdict(f) for f in findings.new_blocking],
            "exemptions_added": [asdict(e) for e in findings.exemptions_added],
            "exemptions_removed": [asdict(e) for e in findings.exemptions_removed],
        },
        "dr_posture": {
            "missing": list(posture.missing),
            "headline": [{"field": label, "old": old, "new": new} for label, old, new in posture.headline],
            "stores": [
                {"kind": s.kind, "name": s.name, "old": _side_value(s.old), "new": _side_value(s.new)}
                for s in posture.stores
            ],
            "failures_introduced": list(posture.failures_introduced),
            "failures_resolved": list(posture.failures_resolved),
        },
        "diagram": diff.diagram,
    }
