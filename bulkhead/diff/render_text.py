"""The diff for a terminal: everything, no diagram (the Markdown and JSON forms carry it)."""

from __future__ import annotations

from bulkhead.diff.report import PlanDiff
from bulkhead.diff.resources import ResourceChange
from bulkhead.diff.wording import (
    MARKERS,
    SECTIONS,
    finding_line,
    findings_summary,
    format_transition,
    posture_summary,
    protection_note,
    resource_summary,
    resource_title,
    section_heading,
    store_transition,
)


def render_text(diff: PlanDiff) -> str:
    lines = [
        f"Bulkhead diff: stack {diff.new.stack} ({diff.new.environment}), {diff.old.label} → {diff.new.label}",
        f"Resources: {resource_summary(diff)}",
        f"Findings: {findings_summary(diff.findings)}",
        f"DR posture: {posture_summary(diff.posture)}",
    ]
    for action, title in SECTIONS:
        changes = diff.resources.with_action(action)
        if changes:
            lines += ["", section_heading(title, changes) + ":"]
            for change in changes:
                lines += resource_lines(change)
    lines += _findings_lines(diff)
    lines += _posture_lines(diff)
    return "\n".join(lines)


def resource_lines(change: ResourceChange) -> list[str]:
    lines = [f"  {MARKERS[change.action]} {resource_title(change)}"]
    if change.old_urn:
        lines.append(f"      was {change.old_urn}")
    lines += [f"      {c.path}: {format_transition(c)}" for c in change.changes]
    lines += [f"      replaced: {r.path} {r.text} ({r.source})" for r in change.reasons]
    note = protection_note(change)
    return lines + ([f"      {note}"] if note else [])


def _findings_lines(diff: PlanDiff) -> list[str]:
    findings = diff.findings
    if not findings.available:
        return []
    lines = []
    for title, items in (
        ("Findings introduced", findings.introduced),
        ("Findings resolved", findings.resolved),
        ("Findings still present", [new for _, new in findings.persisting]),
    ):
        lines += ["", f"{title} ({len(items)}):" if items else f"{title}: none"]
        lines += [f"  {finding_line(f)}" for f in items]
    for title, exemptions in (
        ("Exemptions added", findings.exemptions_added),
        ("Exemptions removed", findings.exemptions_removed),
    ):
        if exemptions:
            lines += ["", f"{title} ({len(exemptions)}):"]
            lines += [
                f"  {e.policy} on {e.resource}" + (f" finding {e.finding!r}" if e.finding else "") + f": {e.reason}"
                for e in exemptions
            ]
    return lines


def _posture_lines(diff: PlanDiff) -> list[str]:
    posture = diff.posture
    if not posture.available or not posture.changed:
        return []
    lines = ["", "DR posture changes:"]
    lines += [f"  {label}: {store_transition(old, new)}" for label, old, new in posture.headline]
    lines += [f"  {s.kind} {s.name}: {store_transition(s.old, s.new)}" for s in posture.stores]
    lines += [f"  newly missed: {failure}" for failure in posture.failures_introduced]
    lines += [f"  now met: {failure}" for failure in posture.failures_resolved]
    return lines
