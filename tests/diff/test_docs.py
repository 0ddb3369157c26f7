"""The review docs stay true to the code: the README's CI job uses real options, docs/diff.md the real table."""

import re
import shlex
from pathlib import Path

import yaml

from bulkhead.cli import build_parser
from bulkhead.diff.replacement import RULES

REPO = Path(__file__).resolve().parents[2]


def _ci_workflow() -> dict:
    readme = (REPO / "README.md").read_text()
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if "bulkhead.cli diff" in b]
    return yaml.safe_load(block)


def _bulkhead_commands(script: str) -> list[list[str]]:
    script = script.replace("\\\n", " ")
    commands = []
    for match in re.finditer(r"-m bulkhead\.cli (.*)", script):
        words = shlex.split(re.sub(r'"?\$\{?\{?[^ "]*"?', "X", match.group(1)))
        commands.append([w for w in words[: next((i for i, w in enumerate(words) if w in (">", ">>", "||")), None)]])
    return commands


def test_the_ci_example_plans_both_commits_and_diffs_with_options_the_cli_accepts():
    steps = _ci_workflow()["jobs"]["diff"]["steps"]
    scripts = "\n".join(step.get("run", "") for step in steps)
    commands = _bulkhead_commands(scripts)
    assert [c[0] for c in commands] == ["plan", "diff"]
    for command in commands:
        build_parser().parse_args(command)  # exits (and fails the test) on an unknown option
    assert "--fail-on" in commands[1] and "markdown" in commands[1]
    assert "gh pr comment" in scripts and "pull-requests" in str(_ci_workflow().get("permissions"))


def test_the_replacement_table_in_the_docs_names_only_types_the_rules_know():
    doc = (REPO / "docs/diff.md").read_text()
    section = doc[doc.index("## Replacements") : doc.index("## Secrets stay hidden")]
    documented = set(re.findall(r"^\| `([a-z]+:[^`]+)`", section, re.MULTILINE))
    assert documented and documented <= set(RULES)
