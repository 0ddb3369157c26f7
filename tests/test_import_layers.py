"""Imports between the top-level folders run one way: settings -> wiring -> components; the pack a leaf.

components/reference holds pure value tables any layer may read; it imports nothing of the project.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Package prefix -> project packages its modules may import (longest prefix wins).
ALLOWED: dict[str, tuple[str, ...]] = {
    "components.reference": ("components.reference",),
    "components": ("components",),
    "infra": ("infra", "components"),
    "policies": ("policies", "components.reference"),
    "bulkhead": ("bulkhead", "infra", "components", "policies"),
}
PROJECT = ("components", "infra", "policies", "bulkhead")


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in PROJECT}


def _layer(module: str) -> str:
    return max((prefix for prefix in ALLOWED if module == prefix or module.startswith(prefix + ".")), key=len)


@pytest.mark.parametrize("top", PROJECT)
def test_imports_never_run_back_up(top: str) -> None:
    wrong = []
    for path in sorted((ROOT / top).rglob("*.py")):
        module = _module_name(path)
        allowed = ALLOWED[_layer(module)]
        wrong += [
            f"{module} imports {name}"
            for name in sorted(_imports(path))
            if not any(name == a or name.startswith(a + ".") for a in allowed)
        ]
    assert not wrong, "\n".join(wrong)
