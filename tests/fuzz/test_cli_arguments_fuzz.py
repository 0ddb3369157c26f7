"""Every `bulkhead` command with arguments broken every way: exit 0, 1 or 2, never a traceback, never a
secret echoed back, nothing written outside the folder the arguments name.

Argument values come from the nasty values of tests/fuzz/support.py (path separators, NUL bytes,
names too long for the file system, digits that are not ASCII, secrets) and from random text. Every
command runs in a fresh folder holding copies of the shipped stacks, with no AWS account reachable;
generated outputs and plan paths never name a readable file, so no runbook reaches an AWS call, and
`plan` only ever finds broken or missing stacks, so no program runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bulkhead.plan.runner import DEFAULT_STACKS_DIR
from tests.fuzz.support import NASTY_STRINGS, SECRET_VALUES, fuzz_settings, judge_exit, run_cli

argument = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.sampled_from(SECRET_VALUES),
    st.text(max_size=20),
    st.sampled_from(("dev", "prod", "us-east-1", "eu-west-1", "-", "--", "--help", "payments", "x" * 200)),
)
TEMPLATES = (
    ("plan", "--stack", "{a}", "--stacks-dir", "{broken}"),
    ("plan", "--stack", "broken", "--stacks-dir", "{broken}", "--format", "{a}"),
    ("plan", "--stack", "broken", "--stacks-dir", "{broken}", "--json", "{a}", "--k8s-out", "{b}"),
    ("plan", "--stack", "broken", "--stacks-dir", "{broken}", "--policy-config", "{a}"),
    ("new", "{a}", "--stacks-dir", "{stacks}", "--policy-config-dir", "{configs}"),
    ("new", "payments", "--stack", "{a}", "--stacks-dir", "{stacks}", "--policy-config-dir", "{configs}"),
    (
        "new",
        "{a}",
        "--environment",
        "{b}",
        "--region",
        "{c}",
        "--dr-region",
        "{d}",
        "--stacks-dir",
        "{stacks}",
        "--policy-config-dir",
        "{configs}",
    ),
    (
        "new",
        "payments",
        "--environment",
        "prod",
        "--region",
        "{a}",
        "--dr-region",
        "{b}",
        "--stacks-dir",
        "{stacks}",
        "--policy-config-dir",
        "{configs}",
    ),
    ("new", "payments", "--stacks-dir", "{a}", "--policy-config-dir", "{configs}"),
    ("policy", "check", "{a}", "--format", "{b}"),
    ("policy", "check", "{a}", "--environment", "{b}", "--config", "{c}"),
    ("policy", "check", "missing.json", "--stack", "{a}", "--stacks-dir", "{broken}"),
    ("diff", "{a}", "{b}", "--max-chars", "{c}", "--diagram", "{d}"),
    ("policy", "list", "--format", "{a}"),
    ("dr", "status", "--outputs", "{a}", "--endpoint-url", "{b}", "--profile", "{c}"),
    ("dr", "failover", "--outputs", "{a}", "--to", "{b}", "--wait-minutes", "{c}"),
    ("dr", "failover", "--outputs", "missing.json", "--to", "{a}", "--wait-minutes", "{b}", "--dry-run"),
    ("backup", "verify", "--outputs", "{a}", "--json"),
    ("{a}", "{b}", "{c}"),
)


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[str, ...]:
    template = draw(st.sampled_from(TEMPLATES))
    values = {name: draw(argument) for name in "abcd"}
    return tuple(part.format(**values) if "{" in part and part.strip("{}") in values else part for part in template)


def _readable_file(value: str, folder: Path) -> bool:
    try:
        return "\x00" not in value and (folder / value).is_file()
    except OSError:
        return False


def examine(argv: tuple[str, ...]) -> list[str]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        stacks = folder / "stacks"
        shutil.copytree(DEFAULT_STACKS_DIR, stacks)
        broken = folder / "broken"
        broken.mkdir()
        (broken / "Pulumi.broken.yaml").write_text("config:\n  aws:region: us-east-1\n  bulkhead:settings: []\n")
        configs = folder / "configs"
        configs.mkdir()
        places = {"{stacks}": stacks, "{broken}": broken, "{configs}": configs}
        argv = tuple(str(places.get(arg, arg)) for arg in argv)
        if any(_readable_file(arg, folder) for arg in argv if arg not in ("-", "--")) or "-" in argv:
            return []  # a real outputs or plan file could reach AWS or run a plan: not this test's job
        before = set(os.listdir(folder))
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            code, out, err = run_cli(argv)
        finally:
            os.chdir(cwd)
        findings = judge_exit(code, out, err)
        escaped = set(os.listdir(folder)) - before
        return (
            findings + [f"wrote {sorted(escaped)} outside --stacks-dir"] if escaped and argv[0] == "new" else findings
        )


@fuzz_settings(75)
@given(command_lines())
def test_any_command_line_exits_0_1_or_2_without_traceback_or_leak(argv):
    assert examine(argv) == []
