"""Benchmark of the offline plan: whole-process wall time and peak memory of `bulkhead plan`.

Usage: python bench/plan_bench.py [--stack prod] [--runs 7]
Prints the median / min / max wall time over the runs, the peak resident memory of the process, and
the number of resources in the plan. Each run is a fresh process, as a user or CI would run it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_once(stack: str, plan_file: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MiB, exit status) of one `bulkhead plan` process."""
    command = [sys.executable, "-m", "bulkhead.cli", "plan", "--stack", stack, "--json", str(plan_file)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", default="prod")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        plan_file = Path(scratch) / "plan.json"
        results = [run_once(args.stack, plan_file) for _ in range(args.runs)]
        document = json.loads(plan_file.read_text())
    times = [wall for wall, _, _ in results]
    statuses = sorted({status for _, _, status in results})
    print(f"bulkhead plan --stack {args.stack}: {args.runs} runs, exit status {statuses}")
    print(f"  wall time   median {statistics.median(times):.2f} s   min {min(times):.2f} s   max {max(times):.2f} s")
    print(f"  peak memory {max(rss for _, rss, _ in results):.0f} MiB (max resident set size)")
    print(
        f"  resources   {document['summary']['resources']} in {document['summary']['components']} components, "
        f"regions {document['summary']['by_region']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
