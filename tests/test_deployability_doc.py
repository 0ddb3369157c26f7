"""docs/deployability.md stays complete and honest: a section per resource type of every shipped plan,
and every test and policy it cites exists."""

import ast
import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from policies.registry import RULES
from tests.support import shipped_plan

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "deployability.md").read_text(encoding="utf-8")
SECTIONS = set(re.findall(r"^## (\S+)$", DOC, flags=re.MULTILINE))


def defined_tests() -> set[str]:
    names = set()
    for path in (REPO / "tests").rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    return names


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_resource_type_of_a_shipped_plan_has_a_section(stack):
    types = {record.type for record in shipped_plan(stack).resources if record.custom}
    assert sorted(types - SECTIONS) == []


def test_every_cited_test_exists():
    cited = set(re.findall(r"`(test_[a-z0-9_]+)`", DOC))
    assert cited and sorted(cited - defined_tests()) == []


def test_every_cited_policy_exists():
    lists = re.findall(r"polic(?:y|ies) ((?:`[^`]+`(?:, | and )?)+)", DOC)
    cited = {name for group in lists for name in re.findall(r"`([^`]+)`", group) if not name.startswith("test_")}
    names = [rule.name for rule in RULES]
    unknown = [name for name in cited if not any(fnmatchcase(known, name) for known in names)]
    assert cited and unknown == []
