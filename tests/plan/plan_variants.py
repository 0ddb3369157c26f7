"""Run in a fresh interpreter by test_speedups_keep_output.py: one stack's plan without each speed-up.

Usage: plan_variants.py STACK OUTDIR. Called with an explicit argv, `bulkhead.cli.main` leaves the
process as it is (collector on, SDK packages loaded whole); the variants then switch one speed-up on
at a time. Writes OUTDIR/<variant>.json (the plan file) and OUTDIR/<variant>.txt (the printed plan).
"""

import contextlib
import gc
import io
import sys
from pathlib import Path

from bulkhead.cli import main
from bulkhead.plan import runner


def plan(stack: str, out: Path, variant: str) -> None:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(["plan", "--stack", stack, "--json", str(out / f"{variant}.json")])
    (out / f"{variant}.txt").write_text(printed.getvalue(), encoding="utf-8")


def variants(stack: str, out: Path) -> None:
    skipping_traces = runner.source_traces_skipped
    runner.source_traces_skipped = contextlib.nullcontext  # the SDK's own behaviour: a trace per resource
    plan(stack, out, "no-speed-up")
    gc.disable()
    plan(stack, out, "collector-paused")
    gc.enable()
    runner.source_traces_skipped = skipping_traces
    plan(stack, out, "traces-skipped")


if __name__ == "__main__":
    variants(sys.argv[1], Path(sys.argv[2]))
