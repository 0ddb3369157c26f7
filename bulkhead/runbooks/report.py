"""The report every runbook returns: human-readable text by default, versioned JSON for machines."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol

# 2: `human_actions` (what people must still do) and `notes`; failover steps carry `evidence`.
REPORT_SCHEMA_VERSION = 2


def verdict(problems: list[str]) -> str:
    """The fixed-width tag that starts an item's first line of text."""
    return "FAIL" if problems else "OK  "


class ReportItem(Protocol):
    """One store, step or resource in a report (a dataclass that can describe itself in text)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]  # what makes it a dataclass for `asdict`

    def text_lines(self) -> list[str]: ...


@dataclass
class Report:
    runbook: str
    environment: str
    generated_at: datetime
    items: list[ReportItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # context printed under the title (the deadline, ...)
    human_actions: list[str] = field(default_factory=list)  # left for people; they do not fail the run

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "runbook": self.runbook,
            "environment": self.environment,
            "generated_at": self.generated_at.isoformat(),
            "ok": self.ok,
            "notes": list(self.notes),
            "items": [asdict(item) for item in self.items],
            "problems": list(self.problems),
            "human_actions": list(self.human_actions),
        }


def render_text(report: Report) -> str:
    lines = [f"bulkhead {report.runbook} · environment {report.environment} · {report.generated_at.isoformat()}"]
    lines.extend(report.notes)
    for item in report.items:
        lines.extend(item.text_lines())
    if report.ok:
        lines.append("RESULT: OK")
    else:
        lines.append(f"RESULT: FAILED ({len(report.problems)} problem(s))")
        lines.extend(f"  - {problem}" for problem in report.problems)
    if report.human_actions:
        lines.append(f"LEFT FOR PEOPLE ({len(report.human_actions)}):")
        lines.extend(f"  - {action}" for action in report.human_actions)
    return "\n".join(lines)


def render(report: Report, as_json: bool) -> str:
    return json.dumps(report.to_dict(), indent=2, default=str) if as_json else render_text(report)
