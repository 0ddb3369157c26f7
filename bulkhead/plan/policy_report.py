"""The policy report of a plan: the pack evaluated with an environment's config, and its three views.

`evaluate_plan` runs the pack over recorded resources; `render_text`, `render_markdown` and
`report_to_json` present the result; `load_plan` reads a saved plan file back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bulkhead.plan.model import PLAN_FORMAT, PLAN_VERSION
from bulkhead.plan.plan_file import MAX_PLAN_BYTES, MAX_PROBLEMS, PlanFile
from infra.settings.documents import DocumentError, read_json_file
from infra.settings.errors import format_validation_error
from infra.settings.redaction import preview, redact_text
from policies.config import PolicyConfigError, default_config_path, parse_config
from policies.engine import Finding, PolicyReport, evaluate
from policies.rule import SEVERITIES

MAX_CONFIG_BYTES = 4 * 1024 * 1024
MAX_SHOWN_CHARS = 2000  # a finding message quotes an IAM statement at most


class PlanFileError(ValueError):
    """A plan file that cannot be read or is not a bulkhead plan."""


def evaluate_plan(
    resources: Sequence[Mapping[str, Any]], environment: str, config_path: str | Path | None = None
) -> PolicyReport:
    """Evaluate the pack; the config defaults to policies/config/<environment>.json.

    Raises PolicyConfigError for an unknown environment or an invalid config file.
    """
    path = Path(config_path) if config_path is not None else default_config_path(environment)
    source = redact_text(str(path), 300)
    try:
        data = read_json_file(path, source, MAX_CONFIG_BYTES, "policy config")
    except DocumentError as error:
        raise PolicyConfigError("\n".join(error.problems)) from None
    return evaluate(resources, parse_config(data, source), environment)


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
                f"    resource: {_shown(f.resource)} ({_shown(f.resource_type or 'stack')})",
                f"    {_shown(f.message)}",
            ]
    lines += ["", f"Exemptions ({len(report.exemptions)}):"]
    for exemption, count in _suppressed(report):
        target = f" finding {exemption.finding!r}" if exemption.finding else ""
        lines.append(
            f"  - {exemption.policy} on {_shown(exemption.resource)}{_shown(target)}: {_shown(exemption.reason)} "
            f"(suppressed {count})"
        )
    if not report.exemptions:
        lines.append("  none")
    lines += ["", _verdict(report)]
    return "\n".join(lines)


def _shown(text: str | None) -> str | None:
    """Text that came from a plan or config file: bounded, control characters escaped, secrets withheld."""
    return redact_text(text, MAX_SHOWN_CHARS) if text else text


def _md(text: str) -> str:
    return _shown(text).replace("|", "\\|").replace("\n", " ")


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
        "urn": _shown(finding.urn),
        "resource": _shown(finding.resource),
        "type": _shown(finding.resource_type),
        "message": _shown(finding.message),
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
                "resource": _shown(e.resource),
                "reason": _shown(e.reason),
                "finding": e.finding,
                "suppressed": n,
            }
            for e, n in _suppressed(report)
        ],
    }


def load_plan(path: Path) -> tuple[str, list[Mapping[str, Any]]]:
    """(environment, resources) of a plan file written by `bulkhead plan --json`.

    Raises PlanFileError, one line per problem, for a file that is unreadable, not strict JSON, not a
    bulkhead plan of this version, or whose resource records are not shaped as docs/plan-format.md says.
    """
    source = redact_text(str(path), 300)  # a path is user input too
    try:
        data = read_json_file(path, source, MAX_PLAN_BYTES, "plan file")
    except DocumentError as error:
        raise PlanFileError("\n".join(error.problems)) from None
    found = data.get("format") if isinstance(data, dict) else type(data).__name__
    if found != PLAN_FORMAT:
        raise PlanFileError(f"{source}: format must be {PLAN_FORMAT!r} (got {preview(found)})")
    if data.get("version") != PLAN_VERSION:
        raise PlanFileError(f"{source}: version must be {PLAN_VERSION} (got {preview(data.get('version'))})")
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as error:
        lines = format_validation_error(error, source, docs="docs/plan-format.md", root_names={})
        raise PlanFileError("\n".join(lines[:MAX_PROBLEMS])) from None
    return plan.environment or plan.stack or "", data["resources"]
