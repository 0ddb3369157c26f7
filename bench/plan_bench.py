"""Benchmark of the offline plan: whole-process wall time, CPU time and peak memory of `bulkhead plan`.

Usage (from the repository root, with the project's virtualenv):

    python bench/plan_bench.py [--runs 7] [--stack prod ...] [--services 2 10 50] [--checkout DIR ...]

Every run is a fresh `python -m bulkhead.cli plan --stack <s> --json <file>` process, as a user or CI runs
it. For each stack it prints the median wall time (with min and max), the median CPU time (user + system;
steadier than wall on a shared machine), the peak resident memory and the resource count. The generated
stacks are the shipped prod stack with 2, 10 and 50 services (its `api` and `worker` services, the producer
and the consumer of its queue, then copies of `worker`); from them it prints the cost of one added
service (least-squares slope of the median wall and CPU times, and resources per service).

`--checkout DIR` (repeatable) runs the same measurements on several checkouts of the repository, one run
of each in turn, so that a before/after comparison shares the same machine load. The load average is
printed before and after.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
SETTINGS_KEY = "bulkhead:settings"
TEMPLATE_STACK = "prod"


@dataclass(frozen=True)
class Run:
    wall: float  # seconds, whole process
    cpu: float  # seconds, user + system
    peak_rss_mib: float
    status: int


@dataclass(frozen=True)
class Target:
    label: str  # what the report calls it
    stack: str
    stacks_dir: Path
    services: int | None  # None for a shipped stack


def run_once(checkout: Path, target: Target, plan_file: Path) -> Run:
    command = [
        sys.executable,
        "-m",
        "bulkhead.cli",
        "plan",
        "--stack",
        target.stack,
        "--stacks-dir",
        str(target.stacks_dir),
        "--json",
        str(plan_file),
    ]
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=checkout, env=environment, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))


def generated_stack(template: dict, services: int) -> dict:
    """The template stack with `services` services: its `api` and `worker` services as shipped (the
    producer and the consumer of its queue), then copies of `worker`."""
    document = copy.deepcopy(template)
    shipped = {service["name"]: service for service in document["config"][SETTINGS_KEY]["services"]}
    copies = []
    for index in range(2, services):
        worker = copy.deepcopy(shipped["worker"])
        worker["name"] = f"worker-{index:02d}"
        worker["port"] = 9000 + index
        worker["needs"] = {"cache": True}  # one database user, secret and queue grant per shipped service only
        copies.append(worker)
    document["config"][SETTINGS_KEY]["services"] = [shipped["api"], shipped["worker"], *copies]
    return document


def targets(stacks: list[str], service_counts: list[int], scratch: Path, checkout: Path) -> list[Target]:
    shipped_dir = checkout / "stacks"
    found = [Target(stack, stack, shipped_dir, None) for stack in stacks]
    template = yaml.safe_load((shipped_dir / f"Pulumi.{TEMPLATE_STACK}.yaml").read_text())
    for count in service_counts:
        name = f"bench-{count}"
        (scratch / f"Pulumi.{name}.yaml").write_text(yaml.safe_dump(generated_stack(template, count)))
        found.append(Target(f"{TEMPLATE_STACK} with {count} service(s)", name, scratch, count))
    return found


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    numerator = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return numerator / sum((x - mean_x) ** 2 for x, _ in points)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per stack and checkout (default 7)")
    parser.add_argument("--stack", dest="stacks", action="append", help="shipped stack (default: prod)")
    parser.add_argument(
        "--services", type=int, nargs="*", default=[2, 10, 50], help="generated stack sizes, >= 2 (default 2 10 50)"
    )
    parser.add_argument(
        "--checkout", dest="checkouts", type=Path, action="append", help="repository checkout (default: this one)"
    )
    args = parser.parse_args()
    if any(count < 2 for count in args.services):
        parser.error(f"--services: each size must be >= 2, the shipped api and worker (got {args.services})")
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as they are measured, also in a log file
    checkouts = [path.resolve() for path in (args.checkouts or [REPO_ROOT])]
    print(f"{os.cpu_count()} CPUs, load average {load_average()} (1, 5, 15 min), {args.runs} runs each")
    results: dict[Path, list[tuple[Target, list[Run], int]]] = {checkout: [] for checkout in checkouts}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        plan_file = scratch / "plan.json"
        for target in targets(args.stacks or [TEMPLATE_STACK], args.services, scratch, checkouts[0]):
            runs: dict[Path, list[Run]] = {checkout: [] for checkout in checkouts}
            resources: dict[Path, int] = {}
            for _ in range(args.runs):
                for checkout in checkouts:  # in turn, so every checkout sees the same load
                    plan_file.unlink(missing_ok=True)
                    run = run_once(checkout, target, plan_file)
                    if run.status != 0:
                        print(f"{target.label} [{checkout}]: the plan failed (exit {run.status}); nothing to measure")
                        return 1
                    runs[checkout].append(run)
                    resources[checkout] = json.loads(plan_file.read_text())["summary"]["resources"]
            for checkout in checkouts:
                report(target, checkout if len(checkouts) > 1 else None, runs[checkout], resources[checkout])
                results[checkout].append((target, runs[checkout], resources[checkout]))
    for checkout in checkouts:
        report_slope(checkout if len(checkouts) > 1 else None, results[checkout])
    print(f"load average {load_average()} after")
    return 0


def report(target: Target, checkout: Path | None, runs: list[Run], resources: int) -> None:
    walls = [run.wall for run in runs]
    where = f" [{checkout}]" if checkout else ""
    print(f"{target.label}{where}: {resources} resources, exit status {sorted({run.status for run in runs})}")
    print(
        f"  wall {statistics.median(walls):.2f} s median (min {min(walls):.2f}, max {max(walls):.2f})"
        f"   cpu {statistics.median(run.cpu for run in runs):.2f} s median"
        f"   peak RSS {max(run.peak_rss_mib for run in runs):.0f} MiB"
    )


def report_slope(checkout: Path | None, results: list[tuple[Target, list[Run], int]]) -> None:
    sized = [(target.services, runs, resources) for target, runs, resources in results if target.services]
    if len(sized) < 2:
        return
    wall = slope([(count, statistics.median(run.wall for run in runs)) for count, runs, _ in sized])
    cpu = slope([(count, statistics.median(run.cpu for run in runs)) for count, runs, _ in sized])
    per_service = slope([(count, resources) for count, _, resources in sized])
    where = f" [{checkout}]" if checkout else ""
    print(
        f"per added service{where}: wall {wall * 1000:.0f} ms, cpu {cpu * 1000:.0f} ms, "
        f"{per_service:.1f} resources (least squares over {', '.join(str(count) for count, _, _ in sized)})"
    )


if __name__ == "__main__":
    sys.exit(main())
