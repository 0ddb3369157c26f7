"""Loading policy fixtures and evaluating one policy over them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from policies.config import parse_config
from policies.engine import PolicyReport, evaluate
from policies.registry import by_name

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*/*/*.yaml"))


def load_fixture(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate_policy(name: str, resources: list[dict[str, Any]], config: dict[str, Any] | None = None) -> PolicyReport:
    rule = by_name()[name]
    pack_config = parse_config({name: config or {}}, f"fixture config for {name}", rules=(rule,))
    return evaluate(resources, pack_config, rules=(rule,))


def golden_stack() -> list[dict[str, Any]]:
    """Every resource of every policy's compliant baseline: a stack that passes the whole pack."""
    resources: dict[str, dict[str, Any]] = {}
    for path in sorted(FIXTURES.glob("*/compliant/baseline.yaml")):
        for resource in load_fixture(path)["resources"]:
            resources.setdefault(resource["name"], resource)
    return list(resources.values())
