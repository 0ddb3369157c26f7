"""Imports between the top-level folders run one way: settings -> wiring -> components; the pack a leaf.

- components/reference holds pure value tables any layer may read; it imports nothing of the project,
  with one exception: the facts the policy pack enforces. `pulumi policy publish` uploads the pack's
  folder alone, so those facts live in the pack (`policies/support/<topic>_facts.py`) and a reference
  module re-exports them (components/reference/edge.py re-exports policies/support/edge_facts.py). A
  facts module is itself a leaf: it imports nothing of the project, so the programs that read it
  through components/reference load no other part of the pack.
- policies/ (the pack) imports only itself: published alone, it could not import anything else.
- bulkhead/ (the CLI and tooling) may import any of the above; nothing imports bulkhead.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Package prefix -> project packages its modules may import (longest prefix wins).
ALLOWED: dict[str, tuple[str, ...]] = {
    "components.reference": ("components.reference",),
    "components": ("components",),
    "infra": ("infra", "components"),
    "policies": ("policies",),
    "bulkhead": ("bulkhead", "infra", "components", "policies"),
}
PROJECT = ("components", "infra", "policies", "bulkhead")
# The pack's facts modules, which components/reference may re-export (see the module docstring).
PACK_FACTS = re.compile(r"^policies\.support\.\w+_facts$")


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


def _allowed(module: str, name: str) -> bool:
    if _layer(module) == "components.reference" and PACK_FACTS.match(name):
        return True
    return any(name == a or name.startswith(a + ".") for a in ALLOWED[_layer(module)])


@pytest.mark.parametrize("top", PROJECT)
def test_imports_never_run_back_up(top: str) -> None:
    wrong = []
    for path in sorted((ROOT / top).rglob("*.py")):
        module = _module_name(path)
        wrong += [f"{module} imports {name}" for name in sorted(_imports(path)) if not _allowed(module, name)]
    assert not wrong, "\n".join(wrong)


def test_pack_facts_modules_are_leaves() -> None:
    """What components/reference re-exports from the pack imports nothing of the project itself."""
    facts = sorted((ROOT / "policies" / "support").glob("*_facts.py"))
    assert facts, "no policies/support/*_facts.py: drop PACK_FACTS"
    imports = {_module_name(path): sorted(_imports(path)) for path in facts}
    assert imports == {module: [] for module in imports}
