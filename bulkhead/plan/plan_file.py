"""Reading a saved plan file back: one place that checks the format, the version and the resource list."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from bulkhead.plan.model import PLAN_FORMAT
from components.reference.regions import region_problem
from infra.settings.documents import DocumentError, read_json_file
from infra.settings.redaction import preview, redact_text
from policies.engine import malformed

MAX_PLAN_BYTES = 64 * 1024 * 1024  # the prod plan is under 2 MiB
MAX_PROBLEMS = 20


class PlanFileError(ValueError):
    """A plan file that cannot be read or is not a bulkhead plan; the message names the file and the problem."""


def _listing(items: Sequence[str], conjunction: str) -> str:
    """`a`, `a or b`, `a, b and c`."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def read_plan_file(
    path: Path, versions: Collection[int], required_fields: Sequence[str] = ("type", "name")
) -> dict[str, Any]:
    """The plan document in `path`, checked: format, a version in `versions`, resources with `required_fields`."""
    source = redact_text(str(path), 300)  # a path is user input too
    try:  # strict JSON within bounds: UTF-8, no NaN, no duplicate keys, bounded size, nesting and integers
        data = read_json_file(path, source, MAX_PLAN_BYTES, "plan file")
    except DocumentError as error:
        raise PlanFileError("\n".join(error.problems)) from None
    found = data.get("format") if isinstance(data, dict) else type(data).__name__
    if found != PLAN_FORMAT:
        raise PlanFileError(f"{source}: format must be {PLAN_FORMAT!r} (got {preview(found)})")
    if data.get("version") not in versions:
        allowed = _listing([str(v) for v in sorted(versions)], "or")
        raise PlanFileError(f"{source}: version must be {allowed} (got {preview(data.get('version'))})")
    resources = data.get("resources")
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and all(isinstance(r.get(field), str) for field in required_fields) for r in resources
    ):
        fields = f" with {_listing(list(required_fields), 'and')}" if required_fields else ""
        raise PlanFileError(f"{source}: resources must be a list of objects{fields}")
    problems = malformed(resources)  # the pack's own shape check: every reader walks the same records
    problems += _unknown_regions(data, resources)
    if problems:
        raise PlanFileError("\n".join(f"{source}: {redact_text(problem)}" for problem in problems[:MAX_PROBLEMS]))
    return data


def _unknown_regions(data: dict[str, Any], resources: list[Any]) -> list[str]:
    """Regions are names AWS has (the reports and the diagram print them, and group by them)."""
    fields = [(key, data.get(key)) for key in ("region", "dr_region")]
    fields += [(f"resources[{i}].region", r.get("region")) for i, r in enumerate(resources) if isinstance(r, dict)]
    return [
        f"{where}: must be an AWS region or null (got {preview(value)})"
        for where, value in fields
        if value is not None and (not isinstance(value, str) or region_problem(value))
    ]
