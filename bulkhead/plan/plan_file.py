"""Reading a saved plan file back: one place that checks the format, the version and the resource list."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from bulkhead.plan.model import PLAN_FORMAT


class PlanFileError(ValueError):
    """A plan file that cannot be read or is not a bulkhead plan; the message names the file and the problem."""


def _listing(items: Sequence[str], conjunction: str) -> str:
    """`a`, `a or b`, `a, b and c`."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def read_plan_file(
    path: Path, versions: Collection[int], required_fields: Sequence[str] = ("type", "name")
) -> dict[str, Any]:
    """The plan document in `path`, checked: format, a version in `versions`, resources with `required_fields`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlanFileError(f"{path}: cannot read plan file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise PlanFileError(f"{path}: not a text file") from None
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    found = data.get("format") if isinstance(data, dict) else type(data).__name__
    if found != PLAN_FORMAT:
        raise PlanFileError(f"{path}: format must be {PLAN_FORMAT!r} (got {found!r})")
    if data.get("version") not in versions:
        allowed = _listing([str(v) for v in sorted(versions)], "or")
        raise PlanFileError(f"{path}: version must be {allowed} (got {data.get('version')!r})")
    resources = data.get("resources")
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and all(isinstance(r.get(field), str) for field in required_fields) for r in resources
    ):
        fields = _listing(list(required_fields), "and")
        raise PlanFileError(f"{path}: resources must be a list of objects with {fields}")
    return data
