"""The diff as a pull-request comment: the summary first, the details folded, the size bounded.

GitHub refuses comments over 65,536 characters, so the comment is built to stay under `max_chars`:
the headline and the section frames always fit; the diagram, then the resource, finding and
posture details are added block by block while they fit, and a section that could not show
everything says how much it left out and where to see all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulkhead.diff.findings import Finding
from bulkhead.diff.report import PlanDiff
from bulkhead.diff.resources import ADD, REMOVE, REPLACE, ResourceChange
from bulkhead.diff.wording import (
    MARKERS,
    SECTIONS,
    findings_summary,
    format_value,
    posture_summary,
    protection_note,
    resource_summary,
    section_heading,
    store_transition,
)

DEFAULT_MAX_CHARS = 60_000
MIN_MAX_CHARS = 4_000
HEADLINE_ITEMS = 10  # replaced resources and blocking findings named in the headline before "and N more"
LEGEND = "Marked: green added, red removed, yellow changed, purple replaced (a new resource)."


@dataclass
class Section:
    opening: str
    blocks: list[str]
    closing: str = "\n</details>\n"
    unit: str = "entries"


def _code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def _text(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _summary_open(title: str, open_: bool = False) -> str:
    return f"\n<details{' open' if open_ else ''}><summary>{title}</summary>\n\n"


def _headline(diff: PlanDiff) -> str:
    lines = [
        f"## Bulkhead diff: {_code(diff.new.stack)} ({diff.new.environment})",
        "",
        f"**Resources:** {resource_summary(diff)}  ",
        f"**Policy findings:** {_text(findings_summary(diff.findings))}  ",
        f"**DR posture:** {_text(posture_summary(diff.posture))}",
    ]
    warnings = []
    replaced = [c for c in diff.resources.with_action(REPLACE) if c.custom]
    if replaced:
        warnings.append("**Replaced**: a new resource with new identifiers; what the old one held does not carry over:")
        warnings += [
            f"- {_code(c.type)} **{_text(c.name)}**: " + ", ".join(_code(p) for p in sorted(c.forcing_paths))
            for c in replaced[:HEADLINE_ITEMS]
        ]
        warnings += _more(len(replaced))
    protected = [c for c in diff.resources.changes if protection_note(c)]
    if protected:
        warnings.append("**Protected resources to delete:** " + ", ".join(f"**{_text(c.name)}**" for c in protected))
    blocking = diff.findings.new_blocking
    if blocking:
        warnings.append("**Newly blocking policy findings:**")
        warnings += [f"- {_code(f.policy)} on {_code(f.resource)}" for f in blocking[:HEADLINE_ITEMS]]
        warnings += _more(len(blocking))
    if warnings:
        lines += ["", "> [!WARNING]"] + [f"> {line}" for line in warnings]
    return "\n".join(lines) + "\n"


def _more(count: int) -> list[str]:
    return [f"- … and {count - HEADLINE_ITEMS} more (details below)"] if count > HEADLINE_ITEMS else []


def _diagram_section(diff: PlanDiff) -> Section:
    block = f"```mermaid\n{diff.diagram}```\n\n{LEGEND}\n"
    return Section(_summary_open("Architecture", open_=True), [block], unit="diagram")


def _resource_block(change: ResourceChange) -> str:
    region = f" · {change.region}" if change.region else ""
    component = " · component" if not change.custom else ""
    title = f"**{MARKERS[change.action]}** {_code(change.type)} **{_text(change.name)}**{region}{component}"
    if change.action in (ADD, REMOVE) and not change.old_urn:
        note = protection_note(change)
        return f"- {title}" + (f" ({_text(note)})" if note else "") + "\n"
    lines = ["", title, ""]
    if change.old_urn:
        lines += [f"was {_code(change.old_urn)}", ""]
    if change.changes:
        lines += ["| path | old | new |", "|---|---|---|"]
        lines += [
            f"| {_code(c.path)} | {_code(format_value(c.old))} | {_code(format_value(c.new))} |" for c in change.changes
        ]
        lines.append("")
    lines += [f"Replaced: {_code(r.path)} {_text(r.text)} ({_text(r.source)})  " for r in change.reasons]
    note = protection_note(change)
    if note:
        lines.append(_text(note))
    return "\n".join(lines) + "\n"


def _resources_section(diff: PlanDiff) -> Section:
    blocks: list[str] = []
    counts = []
    for action, title in SECTIONS:
        changes = diff.resources.with_action(action)
        counts.append(f"{len(changes)} {title.lower()}")
        if changes:
            blocks.append(f"\n#### {section_heading(title, changes)}\n\n")
            blocks += [_resource_block(change) for change in changes]
    return Section(_summary_open("Resources: " + ", ".join(counts)), blocks, unit="resource entries")


def _finding_row(finding: Finding) -> str:
    status = "exempted" if finding.exempted else finding.enforcement
    return (
        f"| {status} | {_code(finding.policy)} | {_code(finding.resource)} | {_text(', '.join(finding.controls))} "
        f"| {_text(finding.message)} |\n"
    )


def _findings_section(diff: PlanDiff) -> Section:
    findings = diff.findings
    title = "Policy findings: " + _text(findings_summary(findings))
    if not findings.available:
        return Section(_summary_open(title), [_text(findings_summary(findings)) + "\n"])
    blocks: list[str] = []
    for heading, items in (
        ("Introduced", list(findings.introduced)),
        ("Resolved", list(findings.resolved)),
        ("Still present", [new for _, new in findings.persisting]),
    ):
        if items:
            blocks.append(
                f"\n#### {heading} ({len(items)})\n\n| status | policy | resource | controls | message |\n"
                "|---|---|---|---|---|\n"
            )
            blocks += [_finding_row(f) for f in items]
    for heading, exemptions in (
        ("Exemptions added", findings.exemptions_added),
        ("Exemptions removed", findings.exemptions_removed),
    ):
        if exemptions:
            blocks.append(
                f"\n#### {heading} ({len(exemptions)})\n\n| policy | resource | finding | reason |\n|---|---|---|---|\n"
            )
            blocks += [
                f"| {_code(e.policy)} | {_code(e.resource)} | {_text(e.finding or 'all')} | {_text(e.reason)} |\n"
                for e in exemptions
            ]
    return Section(_summary_open(title), blocks, unit="finding entries")


def _posture_section(diff: PlanDiff) -> Section:
    posture = diff.posture
    title = "DR posture: " + _text(posture_summary(posture))
    if not posture.available or not posture.changed:
        return Section(_summary_open(title), [_text(posture_summary(posture)) + "\n"])
    blocks = ["| | before → after |\n|---|---|\n"]
    blocks += [f"| {_text(label)} | {_text(store_transition(old, new))} |\n" for label, old, new in posture.headline]
    blocks += [f"| {s.kind} {_code(s.name)} | {_text(store_transition(s.old, s.new))} |\n" for s in posture.stores]
    blocks += [f"| newly missed | {_text(f)} |\n" for f in posture.failures_introduced]
    blocks += [f"| now met | {_text(f)} |\n" for f in posture.failures_resolved]
    return Section(_summary_open(title), blocks, unit="posture entries")


def _omission(count: int, unit: str, limit: int) -> str:
    return (
        f"\n\n_{count} {unit} not shown: this comment stays under {limit:,} characters. "
        "`bulkhead diff OLD.json NEW.json` prints everything._\n"
    )


def render_markdown(diff: PlanDiff, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    sections = [_diagram_section(diff), _resources_section(diff), _findings_section(diff), _posture_section(diff)]
    parts = [_headline(diff)]
    used = len(parts[0])
    note_room = len(_omission(99_999, "resource entries", max_chars))
    for position, section in enumerate(sections):
        frames_left = sum(len(s.opening) + len(s.closing) + note_room for s in sections[position + 1 :])
        budget = max_chars - used - frames_left - len(section.opening) - len(section.closing) - note_room
        shown: list[str] = []
        for block in section.blocks:
            if len(block) > budget:
                break
            shown.append(block)
            budget -= len(block)
        omitted = len(section.blocks) - len(shown)
        note = _omission(omitted, section.unit, max_chars) if omitted else ""
        text = section.opening + "".join(shown) + note + section.closing
        parts.append(text)
        used += len(text)
    return "".join(parts)
