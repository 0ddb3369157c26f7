"""The verify report as Markdown: a pull-request or ticket comment, one table row per check line."""

from __future__ import annotations

from bulkhead.runbooks.report import Report
from bulkhead.verify.model import CheckResult


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    verdict = "all checks pass" if report.ok else f"{len(report.problems)} check line(s) FAIL"
    lines = [
        f"### bulkhead verify · {report.environment}: {verdict}",
        "",
        f"{report.generated_at.isoformat()} · " + " · ".join(report.notes),
        "",
        "| | check | target | detail |",
        "|---|---|---|---|",
    ]
    for item in report.items:
        assert isinstance(item, CheckResult)  # a verify report holds only check results
        lines.append(f"| {item.status} | `{item.check}` | {_cell(item.target)} | {_cell(item.detail)} |")
    return "\n".join(lines)
