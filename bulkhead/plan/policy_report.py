"""The policy report of a plan: the pack evaluated with an environment's config, and its three views.

`evaluate_plan` runs the pack over recorded resources; `render_text`, `render_markdown` and
`report_to_json` present the result; `load_plan` reads a saved plan file back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bulkhead.plan.model import PLAN_FORMAT, PLAN_VERSION
from policies.config import default_config_path, load_config
from policies.engine import Finding, PolicyReport, evaluate
from policies.rule import SEVERITIES


class PlanFileError(ValueError):
    """A plan file that cannot be read or is not a bulkhead plan."""


def evaluate_plan(
    resources: Sequence[Mapping[str, Any]], environment: str, config_path: str | Path | None = None
) -> PolicyReport:
    """Evaluate the pack; the config defaults to policies/config/<environment>.json.

    As the engine does: once per Pulumi stack, that is per layer program (the project in each URN), so
    a stack policy never mixes two clusters' namespaces; the reports are then joined.
    Raises PolicyConfigError for an unknown environment or an invalid config file.
    """
    path = Path(config_path) if config_path is not None else default_config_path(environment)
    config = load_config(path)
    reports = [evaluate(group, config, environment) for group in _by_project(resources)]
    if not reports:
        return evaluate([], config, environment)
    return replace(
        reports[0],
        findings=tuple(finding for report in reports for finding in report.findings),
        resources=sum(report.resources for report in reports),
    )


def _by_project(resources: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The resources of each program, in plan order (`urn:pulumi:<stack>::<project>::...`)."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for resource in resources:
        urn = str(resource.get("urn", ""))
        groups.setdefault(urn.split("::")[1] if urn.count("::") >= 2 else "", []).append(resource)
    return list(groups.values())


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
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlanFileError(f"{path}: cannot read plan file ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    found = data.get("format") if isinstance(data, dict) else type(data).__name__
    if found != PLAN_FORMAT:
        raise PlanFileError(f"{path}: format must be {PLAN_FORMAT!r} (got {found!r})")
    if data.get("version") != PLAN_VERSION:
        raise PlanFileError(f"{path}: version must be {PLAN_VERSION} (got {data.get('version')!r})")
    resources = data.get("resources")
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and "type" in r and "name" in r for r in resources
    ):
        raise PlanFileError(f"{path}: resources must be a list of objects with type and name")
    return str(data.get("environment") or data.get("stack") or ""), resources
