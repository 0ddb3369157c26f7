"""`bulkhead dr failover --to <region>`: move every global data store's writer to one region, then traffic.

Steps, in order: fence (writes to the old primary confirmed stopped, asked for only when a writer must
move), each Aurora global database, each ElastiCache global datastore, then the traffic step of the
front door. Caches follow databases and are held back if a database step failed: the database is the
source of truth, so the application must never write its cache in one region while its database
writer is still in the other. Every step starts from what AWS reports, so a re-run after a failure or
an interruption converges: a store already in the target region is "already-done", a move in flight
is waited for, never requested twice. One deadline, the RTO, covers the whole run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from bulkhead.runbooks.aws import AwsCallError, ClientFactory, StoreNotFound
from bulkhead.runbooks.clock import Clock, Deadline
from bulkhead.runbooks.failover_cache import run_cache
from bulkhead.runbooks.failover_database import FAILOVER, run_database
from bulkhead.runbooks.outputs import StackOutputs
from bulkhead.runbooks.report import Report
from bulkhead.runbooks.steps import FAILED_STATUSES, FailoverOptions, Run, Step, UsageError, source_region
from bulkhead.runbooks.traffic import traffic_switch

BEST_EFFORT_DEADLINE_MINUTES = 60  # when the environment has no RTO target


def check_target(outputs: StackOutputs, target: str) -> None:
    if outputs.dr_region is None:
        raise UsageError(f"--to: environment {outputs.environment} has no DR region; there is nothing to fail over")
    if target not in outputs.regions():
        raise UsageError(f"--to: must be one of {', '.join(outputs.regions())} (got {target!r})")


def _run_step(run: Run, step: Step, action: Callable[[], None]) -> Step:
    if run.deadline.passed and step.kind in ("database", "cache"):
        step.status, step.detail = "blocked", f"{run.deadline.describe()} passed before this step; run again"
    else:
        try:
            action()
        except (AwsCallError, StoreNotFound) as exc:
            step.status, step.detail = "failed", str(exc)
    run.log(step.log_line())
    return step


def _human_actions(run: Run, steps: list[Step]) -> list[str]:
    """What people must still do after this run (none of it fails the run)."""
    actions = [f"{s.kind} {s.name}: {s.action}: {s.detail}" for s in steps if s.status == "to-do"]
    if run.fence.status == "done":
        actions.append(
            f"keep writes to {run.source} stopped until its clusters are secondaries again "
            "(dr status shows the writer and every member); the next deploy there restores the replicas"
        )
    actions.extend(
        f"database {s.name}: writes committed in {s.before} but not replicated before the failover are not in "
        f"{run.target}; reconcile them once {s.before} is back (Aurora User Guide, recovering a global "
        "database from an unplanned outage)"
        for s in steps
        if s.kind == "database" and s.action == FAILOVER and s.status == "done"
    )
    return actions


def dr_failover(
    outputs: StackOutputs,
    clients: ClientFactory,
    clock: Clock,
    options: FailoverOptions,
    log: Callable[[str], None],
) -> Report:
    """Move every global store's writer to `options.target`, within one deadline (default: the RTO)."""
    check_target(outputs, options.target)
    minutes = options.deadline_minutes or outputs.rto_minutes or BEST_EFFORT_DEADLINE_MINUTES
    deadline = Deadline.after(clock, minutes)
    fence = Step(
        1,
        "fence",
        f"writes to {source_region(outputs, options.target)}",
        action="confirm writes to the old primary are stopped",
        status="not-needed",
    )
    run = Run(outputs, clients, clock, options, deadline, log, fence)
    log(f"deadline {deadline.at.isoformat()} ({minutes:g} min)")
    steps = [fence]
    for db in outputs.databases:
        step = Step(len(steps) + 1, "database", db.name)
        steps.append(_run_step(run, step, partial(run_database, run, step, db)))
    databases_failed = any(s.status in FAILED_STATUSES for s in steps)
    for cache in outputs.caches:
        step = Step(len(steps) + 1, "cache", cache.name)
        if databases_failed:
            step.status, step.detail = "blocked", "not attempted: a database step failed and caches follow databases"
            steps.append(_run_step(run, step, lambda: None))
        else:
            steps.append(_run_step(run, step, partial(run_cache, run, step, cache)))
    switch = traffic_switch(outputs)
    traffic = Step(len(steps) + 1, "traffic", switch.name)
    if any(s.status in FAILED_STATUSES for s in steps):
        traffic.status, traffic.detail = "blocked", "not attempted: traffic follows the data stores"
        steps.append(_run_step(run, traffic, lambda: None))
    else:
        steps.append(_run_step(run, traffic, lambda: switch.run(run, traffic)))
    problems = [
        f"step {s.order} {s.kind} {s.name}: {s.status}: {s.detail}" for s in steps if s.status in FAILED_STATUSES
    ]
    if not outputs.databases and not outputs.caches:
        problems.append("the outputs list no database and no cache: nothing was moved")
    title = f"dr failover --to {options.target}" + (" --dry-run" if options.dry_run else "")
    report = Report(title, outputs.environment, clock.now(), list(steps), problems)
    report.notes.append(f"deadline: {deadline.at.isoformat()} ({minutes:g} min from the start)")
    report.human_actions = _human_actions(run, steps)
    return report
