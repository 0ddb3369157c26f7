"""Two plans compared: resources, policy findings, DR posture and the architecture picture."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bulkhead.diff.findings import FindingsDiff, diff_findings
from bulkhead.diff.picture import diff_diagram
from bulkhead.diff.posture import PostureDiff, diff_posture
from bulkhead.diff.resources import ResourceDiff, diff_resources
from bulkhead.plan.plan_file import PlanFileError, read_plan_file
from infra.settings.redaction import mask_text, preview

# Plan versions a diff reads: every resource is compared field by field, so a version that adds
# fields to the records (version 2 adds the layer each resource is applied from) needs no special
# case; a field only one side has is not compared.
DIFFABLE_VERSIONS = (1, 2)


@dataclass(frozen=True)
class PlanSide:
    label: str
    stack: str
    environment: str
    version: int


@dataclass(frozen=True)
class PlanDiff:
    old: PlanSide
    new: PlanSide
    resources: ResourceDiff
    findings: FindingsDiff
    posture: PostureDiff
    diagram: str


# What the diff walks beyond the resource list: (where, field, type, type of the list's elements).
_SHAPES = (
    ("resources[]", "inputs", dict, None),
    ("resources[]", "dependencies", list, str),
    ("policy", "findings", list, dict),
    ("policy", "exemptions", list, dict),
    ("dr_posture", "stores", list, dict),
    ("dr_posture", "failures", list, str),
)
_ONE = {dict: "an object", list: "a list"}
_MANY = {dict: "objects", str: "strings"}


def read_diffable_plan(path: Path) -> dict[str, Any]:
    """A plan file the diff can read: checked by read_plan_file, then the parts the diff walks."""
    plan = read_plan_file(path, versions=DIFFABLE_VERSIONS, required_fields=("urn", "type", "name"))
    for section in ("policy", "dr_posture"):
        if section in plan and not isinstance(plan[section], dict):
            raise PlanFileError(f"{path}: {section} must be an object")
    for where, field, kind, element in _SHAPES:
        containers = plan["resources"] if where == "resources[]" else [plan.get(where) or {}]
        for container in containers:
            value = container.get(field)
            if value is None:
                continue
            if not isinstance(value, kind) or (element and not all(isinstance(v, element) for v in value)):
                of = f" of {_MANY[element]}" if element else ""
                raise PlanFileError(f"{path}: {where}.{field} must be {_ONE[kind]}{of}")
    return plan


def load_pair(old_path: Path, new_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both plan files, checked; raises PlanFileError, also when they are plans of different stacks."""
    old, new = read_diffable_plan(old_path), read_diffable_plan(new_path)
    if (old.get("project"), old.get("stack")) != (new.get("project"), new.get("stack")):
        raise PlanFileError(
            f"{old_path} plans stack {preview(old.get('stack'))} and "
            f"{new_path} plans stack {preview(new.get('stack'))}: "
            "resources match by URN, which holds the stack, so a diff compares two plans of one stack"
        )
    return old, new


def _side(label: str, plan: Mapping[str, Any]) -> PlanSide:
    # A plan file is input: its labels are masked like its resources' names.
    stack, environment = mask_text(str(plan.get("stack"))), mask_text(str(plan.get("environment")))
    return PlanSide(label, stack, environment, int(plan["version"]))


def compare_plans(old: Mapping[str, Any], new: Mapping[str, Any], old_label: str, new_label: str) -> PlanDiff:
    resources = diff_resources(old["resources"], new["resources"])
    return PlanDiff(
        old=_side(old_label, old),
        new=_side(new_label, new),
        resources=resources,
        findings=diff_findings(old.get("policy"), new.get("policy")),
        posture=diff_posture(old.get("dr_posture"), new.get("dr_posture")),
        diagram=diff_diagram(old, new, resources),
    )
