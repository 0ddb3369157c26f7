"""Regular expressions that check input are anchored with `\\Z` and match ASCII digits only.

In Python, `$` also matches before a trailing newline (`"us-east-1\\n"` would pass `^...$`) and `\\d`
matches every Unicode digit (`"١"`); both have let values through that AWS refuses.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("infra", "components", "bulkhead")


def _patterns() -> list[tuple[str, int, str]]:
    """(file, line, pattern) of every string given to re.compile/match/fullmatch/search, to a
    pydantic `pattern=`, or bound to a name ending in PATTERN."""
    found = []
    for path in sorted(p for folder in CHECKED for p in (ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            candidates: list[ast.AST] = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in ("compile", "match", "fullmatch", "search") and node.args:
                    candidates.append(node.args[0])
                candidates += [kw.value for kw in node.keywords if kw.arg == "pattern"]
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id.endswith("PATTERN") for target in node.targets
            ):
                candidates.append(node.value)
            for candidate in candidates:
                if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
                    found.append((str(path.relative_to(ROOT)), candidate.lineno, candidate.value))
    return found


PATTERNS = _patterns()


def test_patterns_are_found():
    assert len(PATTERNS) > 20


@pytest.mark.parametrize(("path", "line", "pattern"), PATTERNS, ids=[f"{p}:{n}" for p, n, _ in PATTERNS])
def test_pattern_is_anchored_with_backslash_z_and_ascii_digits(path, line, pattern):
    assert not pattern.endswith("$"), "anchor with \\Z: $ accepts a trailing newline"
    assert "\\d" not in pattern, "use [0-9]: \\d accepts every Unicode digit"
