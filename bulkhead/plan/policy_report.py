"""The policy report of a plan: the pack evaluated with an environment's config, and its three views.

`evaluate_plan` runs the pack over recorded resources; `render_text`, `render_markdown` and
`report_to_json` present the result; `load_plan` reads a saved plan file back (`PlanFileError` when it cannot).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from bulkhead.plan.model import PLAN_VERSION
from bulkhead.plan.plan_file import read_plan_file
from infra.settings.documents import DocumentError, read_json_file
from infra.settings.redaction import mask_structure, redact_text
from policies.config import PolicyConfigError, parse_config, stack_config_path
from policies.engine import Finding, PolicyEvaluationError, PolicyReport, evaluate, malformed
from policies.exemptions import Exemption
from policies.rule import SEVERITIES

MAX_CONFIG_BYTES = 4 * 1024 * 1024
MAX_SHOWN_CHARS = 2000  # a finding message quotes an IAM statement at most


def evaluate_plan(
    resources: Sequence[Mapping[str, Any]],
    environment: str,
    config_path: str | Path | None = None,
    stack: str = "",
) -> PolicyReport:
    """Evaluate the pack; the config defaults to policies/config/<stack>.json, else <environment>.json.

    As the engine does: once per Pulumi stack, that is per layer program (the project in each URN), so
    a stack policy never mixes two clusters' namespaces; the reports are then joined.
    Raises PolicyConfigError for an unknown environment or an invalid config file, PolicyEvaluationError
    for malformed resources.
    """
    path = Path(config_path) if config_path is not None else stack_config_path(stack, environment)
    source = redact_text(str(path), 300)
    try:  # read as strictly as a plan file (policies/config.py's own reader serves the pack)
        data = read_json_file(path, source, MAX_CONFIG_BYTES, "policy config")
    except DocumentError as error:
        raise PolicyConfigError("\n".join(error.problems)) from None
    config = parse_config(data, source)
    problems = malformed(resources)
    if problems:
        raise PolicyEvaluationError("malformed resources:\n" + "\n".join(problems))
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


def describe_exemption(exemption: Exemption) -> str:
    """`<policy> on <resource> [finding <key>] [value <v>] [until <date>]` for the reports."""
    parts = [f"{exemption.policy} on {exemption.resource}"]
    if exemption.finding:
        parts.append(f"finding {exemption.finding!r}")
    if exemption.records_value:
        parts.append(f"value {json.dumps(exemption.value)}")
    if exemption.expires:
        parts.append(f"until {exemption.expires.isoformat()}")
    return " ".join(parts)


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
        state = "EXPIRED, not applied" if exemption in report.expired else f"suppressed {count}"
        lines.append(f"  - {_shown(describe_exemption(exemption))}: {_shown(exemption.reason)} ({state})")
    if not report.exemptions:
        lines.append("  none")
    lines += ["", _verdict(report)]
    return "\n".join(lines)


def _shown(text: str | None) -> str | None:
    """Text that came from a plan or config file: bounded, control characters escaped, secrets withheld."""
    return redact_text(text, MAX_SHOWN_CHARS) if text else text


def _md(text: str) -> str:
    return (_shown(text) or "").replace("|", "\\|").replace("\n", " ")


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
        lines += ["| policy | resource | finding | value | reason | suppressed |", "|---|---|---|---|---|---|"]
        lines += [
            f"| `{e.policy}` | `{_md(e.resource)}` | {_md(e.finding or 'all')} "
            f"| {_md(json.dumps(e.value) if e.records_value else 'any')} | {_md(e.reason)} "
            f"| {'expired' if e in report.expired else n} |"
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
        "key": finding.key,
        "value": mask_structure(finding.value),
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
                **({"value": e.value} if e.records_value else {}),
                "expires": e.expires.isoformat() if e.expires else None,
                "expired": e in report.expired,
                "suppressed": n,
            }
            for e, n in _suppressed(report)
        ],
    }


class PlanLabels(NamedTuple):
    stack: str
    environment: str


def load_plan(path: Path) -> tuple[PlanLabels, list[Mapping[str, Any]]]:
    """(the plan's own stack/environment labels, resources) of a plan file written by `bulkhead plan --json`.

    The labels are the plan's claim; `bulkhead policy check` takes the environment from the stack.
    """
    # Resource fields are checked by the pack itself (read_plan_file), which names every malformed field.
    data = read_plan_file(path, versions=(PLAN_VERSION,), required_fields=())
    resources = data["resources"]
    return PlanLabels(str(data.get("stack") or ""), str(data.get("environment") or "")), resources
