"""Speed never changes the answer: the plan is byte-identical with and without each speed-up."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
VARIANTS = Path(__file__).with_name("plan_variants.py")
STACK = "dev"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("variants")
    subprocess.run([sys.executable, str(VARIANTS), STACK, str(out)], check=True, cwd=REPO_ROOT)
    # The command as users run it: its own process, with every speed-up (collector paused, lean SDK
    # imports, no source traces).
    every = subprocess.run(
        [sys.executable, "-m", "bulkhead.cli", "plan", "--stack", STACK, "--json", str(out / "every-speed-up.json")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    (out / "every-speed-up.txt").write_text(every.stdout, encoding="utf-8")
    return out


@pytest.mark.parametrize("variant", ["collector-paused", "traces-skipped", "every-speed-up"])
@pytest.mark.parametrize("output", ["json", "txt"])
def test_plan_output_is_identical_to_the_plan_without_speed_ups(outputs, variant, output):
    reference = (outputs / f"no-speed-up.{output}").read_bytes()
    assert len(reference) > 10_000
    assert (outputs / f"{variant}.{output}").read_bytes() == reference
