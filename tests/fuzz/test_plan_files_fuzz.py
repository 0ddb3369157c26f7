"""Plan files, broken every way, given to `bulkhead policy check` and `bulkhead diff`: exit 0, 1 or 2,
never a traceback, never a secret echoed back (not in a problem, not in a finding), every problem
located.

Inputs start from a small real plan (tests/fuzz/data/small-plan.json: eleven resources recorded from
the dev stack) mutated by `mutated_json`: values replaced (wrong types, nasty values, secrets), keys
removed or added, other encodings, stray bytes, truncation, deep nesting, duplicate keys, numbers
JSON readers disagree on.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from hypothesis import given

from tests.fuzz.support import fuzz_settings, judge_exit, mutated_json, run_cli

SMALL_PLAN = json.loads((Path(__file__).parent / "data" / "small-plan.json").read_text())


def plan_files():
    return mutated_json(SMALL_PLAN, anchor='"version": 1')


def examine(data: bytes) -> list[str]:
    """`policy check` on the plan, and `diff` from the unbroken plan to it."""
    findings = []
    with tempfile.TemporaryDirectory() as folder:
        path, base = Path(folder) / "plan.json", Path(folder) / "base.json"
        path.write_bytes(data)
        base.write_text(json.dumps(SMALL_PLAN))
        output_format = random.Random(data).choice(("text", "markdown", "json"))
        for argv in (
            ["policy", "check", str(path), "--environment", "dev", "--format", output_format],
            ["diff", str(base), str(path), "--format", output_format],
        ):
            code, out, err = run_cli(argv)
            findings += judge_exit(code, out, err)
            if code == 2:
                findings += [f"unlocated: {line[:80]!r}" for line in err.splitlines()[:1] if str(path) not in line]
    return findings


@fuzz_settings(75)
@given(plan_files())
def test_any_plan_file_is_checked_or_refused_with_located_problems_without_leaks(data):
    assert examine(data) == []
