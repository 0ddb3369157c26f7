"""Words and values shared by the text and Markdown forms of a diff, so both say the same thing."""

from __future__ import annotations

import json
from typing import Any

from bulkhead.diff.findings import Finding, FindingsDiff
from bulkhead.diff.posture import PostureDiff
from bulkhead.diff.report import PlanDiff
from bulkhead.diff.resources import ADD, REMOVE, REPLACE, UPDATE, ResourceChange
from bulkhead.diff.values import ABSENT, ValueChange

VALUE_LIMIT = 160
# Pulumi's preview markers.
MARKERS = {ADD: "+", UPDATE: "~", REPLACE: "+-", REMOVE: "-"}
SECTIONS = ((REPLACE, "Replaced"), (UPDATE, "Changed"), (ADD, "Added"), (REMOVE, "Removed"))


def format_value(value: Any, limit: int = VALUE_LIMIT) -> str:
    """A value as compact JSON, shortened past `limit` characters."""
    if value is ABSENT:
        return "(absent)"
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text)} chars)"


def _scalars(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(item, dict | list) for item in value)


def format_transition(change: ValueChange) -> str:
    """`old → new`; for long lists of plain values, the elements added and removed."""
    if _scalars(change.old) and _scalars(change.new):
        whole = f"{format_value(change.old)} → {format_value(change.new)}"
        if len(whole) > VALUE_LIMIT:
            gone = [item for item in change.old if item not in change.new]
            came = [item for item in change.new if item not in change.old]
            parts = [f"+ {format_value(item)}" for item in came] + [f"- {format_value(item)}" for item in gone]
            return ", ".join(parts) if parts else "same elements, new order"
        return whole
    return f"{format_value(change.old)} → {format_value(change.new)}"


def section_heading(title: str, changes: list[ResourceChange]) -> str:
    """`Removed (13, 1 of them a component)`: headings count entries, the summary counts resources."""
    components = sum(1 for change in changes if not change.custom)
    extra = f", {components} of them {'a component' if components == 1 else 'components'}" if components else ""
    return f"{title} ({len(changes)}{extra})"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def resource_summary(diff: PlanDiff) -> str:
    counts = diff.resources.counts()
    return (
        f"{counts[ADD]} to add, {counts[UPDATE]} to change, {counts[REPLACE]} to replace, "
        f"{counts[REMOVE]} to delete ({diff.resources.unchanged} unchanged)"
    )


def findings_summary(findings: FindingsDiff) -> str:
    if not findings.available:
        return f"not compared: the {' and '.join(findings.missing)} plan has no policy verdicts"
    blocking = len(findings.new_blocking)
    exempted = sum(1 for _, new in findings.persisting if new.exempted)
    return (
        f"{len(findings.introduced)} introduced ({blocking} newly blocking), {len(findings.resolved)} resolved, "
        f"{len(findings.persisting)} still present ({exempted} exempted)"
    )


def posture_summary(posture: PostureDiff) -> str:
    if not posture.available:
        return f"not compared: the {' and '.join(posture.missing)} plan has no DR posture"
    if not posture.changed:
        return "unchanged"
    parts = [f"{label} {format_value(old)} → {format_value(new)}" for label, old, new in posture.headline]
    if posture.stores:
        parts.append(plural(len(posture.stores), "data store") + " changed")
    if posture.failures_introduced:
        parts.append(plural(len(posture.failures_introduced), "target") + " newly missed")
    if posture.failures_resolved:
        parts.append(plural(len(posture.failures_resolved), "target") + " now met")
    return "; ".join(parts)


def resource_title(change: ResourceChange) -> str:
    region = f" [{change.region}]" if change.region else ""
    kind = "" if change.custom else " (component)"
    return f"{change.type} {change.name}{region}{kind}"


def protection_note(change: ResourceChange) -> str:
    """A protected resource cannot be replaced or deleted until its `protect` option is lifted."""
    if change.protect and change.action in (REPLACE, REMOVE):
        return "protected: `pulumi up` refuses to delete it until the protect option is lifted"
    return ""


def finding_line(finding: Finding) -> str:
    status = "exempted" if finding.exempted else finding.enforcement
    controls = f" ({', '.join(finding.controls)})" if finding.controls else ""
    return f"[{status}] {finding.policy}{controls} on {finding.resource}: {finding.message}"


def store_transition(old: Any, new: Any) -> str:
    return " → ".join("(none)" if side is ABSENT or side is None else str(side) for side in (old, new))
