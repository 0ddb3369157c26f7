"""The policy report of a plan: the pack evaluated with an environment's config, and its three views.

`evaluate_plan` runs the pack over recorded resources; `render_text`, `render_markdown` and
`report_to_json` present the result; `load_plan` reads a saved plan file back (`PlanFileError` when it cannot).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bulkhead.plan.model import PLAN_VERSION
from bulkhead.plan.plan_file import read_plan_file
from policies.config import default_config_path, load_config
from policies.engine import Finding, PolicyReport, evaluate
from policies.rule import SEVERITIES


def evaluate_plan(
    resources: Sequence[Mapping[str, Any]], environment: str, config_path: str | Path | None = None
) -> PolicyReport:
    """Evaluate the pack; the config defaults to policies/config/<environment>.json.

    Raises PolicyConfigError for an unknown environment or an invalid config file.
    """
    path = Path(config_path) if config_path is not None else default_config_path(environment)
    return evaluate(resources, load_config(path), environment)


def _counts(report: PolicyReport) -> dict[str, int]:
    return {
        "mandatory": len(report.mandatory),
        "advisory": len([f for f in report.violations if f.enforcement == "advisory"]),
        "exempted": len(report.exempted),
    }


def _suppressed(report: PolicyReport) -> list[tuple[Any, int]]:
    return [(e, sum(1 for f in report.exempted if f.exemption == e)) for e in report.exemptions]


def _by_severity(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    groups = []
    for severity in SEVERITIES:
        chosen = sorted(
            (f for f in findings if f.severity == severity),
            key=lambda f: (f.enforcement != "mandatory", f.policy, f.resource),
        )
        if chosen:
            groups.append((severity, chosen))
    return groups


def _verdict(report: PolicyReport) -> str:
    counts = _counts(report)
    if report.passed:
        return f"PASS: no mandatory violation ({counts['advisory']} advisory, {counts['exempted']} exempted)"
    return f"FAIL: {counts['mandatory']} mandatory violation(s)"


def render_text(report: PolicyReport) -> str:
    counts = _counts(report)
    lines = [
        f"Policy findings for {report.environment or 'the plan'} (config {report.config_source}): "
        f"{counts['mandatory']} mandatory, {counts['advisory']} advisory, {counts['exempted']} exempted; "
        f"{report.policies} policies over {report.resources} resources",
    ]
    for severity, findings in _by_severity(report.violations):
        lines += ["", severity.upper()]
        for f in findings:
            lines += [
                f"  [{f.enforcement}] {f.policy} ({', '.join(f.controls)})",
                f"    resource: {f.resource} ({f.resource_type or 'stack'})",
                f"    {f.message}",
            ]
    lines += ["", f"Exemptions ({len(report.exemptions)}):"]
    for exemption, count in _suppressed(report):
        target = f" finding {exemption.finding!r}" if exemption.finding else ""
        lines.append(f"  - {exemption.policy} on {exemption.resource}{target}: {exemption.reason} (suppressed {count})")
    if not report.exemptions:
        lines.append("  none")
    lines += ["", _verdict(report)]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: PolicyReport) -> str:
    """For pull-request comments: one table per severity, then the exemptions."""
    lines = [f"### Policy report: {report.environment or 'plan'}", "", f"**{_verdict(report)}**", ""]
    for severity, findings in _by_severity(report.violations):
        lines += [
            f"#### {severity.capitalize()} ({len(findings)})",
            "",
            "| enforcement | policy | resource | controls | message |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {f.enforcement} | `{f.policy}` | `{_md(f.resource)}` | {_md(', '.join(f.controls))} "
            f"| {_md(f.message)} |"
            for f in findings
        ]
        lines.append("")
    lines += [f"#### Exemptions ({len(report.exemptions)})", ""]
    if report.exemptions:
        lines += ["| policy | resource | finding | reason | suppressed |", "|---|---|---|---|---|"]
        lines += [
            f"| `{e.policy}` | `{_md(e.resource)}` | {_md(e.finding or 'all')} | {_md(e.reason)} | {n} |"
            for e, n in _suppressed(report)
        ]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "policy": finding.policy,
        "severity": finding.severity,
        "category": finding.category,
        "controls": list(finding.controls),
        "enforcement": finding.enforcement,
        "urn": finding.urn,
        "resource": finding.resource,
        "type": finding.resource_type,
        "message": finding.message,
        "exempted": finding.exemption is not None,
    }


def report_to_json(report: PolicyReport) -> dict[str, Any]:
    """The JSON-serialisable form stored in the plan file under `policy`."""
    return {
        "environment": report.environment,
        "config": report.config_source,
        "passed": report.passed,
        "counts": _counts(report),
        "findings": [_finding_json(f) for f in report.findings],
        "exemptions": [
            {
                "policy": e.policy,
                "resource": e.resource,
                "reason": e.reason,
                "finding": e.finding,
                "suppressed": n,
            }
            for e, n in _suppressed(report)
        ],
    }


def load_plan(path: Path) -> tuple[str, list[Mapping[str, Any]]]:
    """(environment, resources) of a plan file written by `bulkhead plan --json`."""
    data = read_plan_file(path, versions=(PLAN_VERSION,))
    return str(data.get("environment") or data.get("stack") or ""), data["resources"]
