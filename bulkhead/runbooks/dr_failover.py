"""`bulkhead dr failover --to <region> [--dry-run]`: move every global data store's writer to one region,
then the API's traffic (bulkhead/runbooks/traffic.py).

Databases go first, caches after, and caches are held back if any database step failed: the database
is the source of truth, so the application must never write its cache in one region while its
database writer is still in the other. Every step is idempotent: a store whose writer/primary already
is in the target region is "already-done", a switchover/failover already in flight to the target is
waited for instead of re-issued, so re-running after a partial failure converges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bulkhead.runbooks import aurora, elasticache
from bulkhead.runbooks.aws import AwsCallError, ClientFactory, Clock, StoreNotFound, call, wait_until
from bulkhead.runbooks.outputs import CacheOutput, DatabaseOutput, StackOutputs
from bulkhead.runbooks.report import Report
from bulkhead.runbooks.traffic import traffic_switch

POLL_SECONDS = 15
BEST_EFFORT_WAIT_MINUTES = 60  # per-step wait when the environment has no RTO target
NOT_REPLICATED = "no global replication for this store: recover it from the DR backup vault instead"
FAILED_STATUSES = frozenset({"failed", "blocked"})


class UsageError(ValueError):
    """A bad command-line value (exit status 2)."""


@dataclass
class Step:
    order: int
    kind: str  # "database" | "cache" | "traffic"
    name: str
    action: str = "none"
    before: str | None = None  # writer/primary region before the step
    after: str | None = None  # writer/primary region after the step (expected one in a dry run)
    status: str = "failed"  # planned | done | already-done | to-do | failed | blocked
    detail: str = ""

    def text_lines(self) -> list[str]:
        line = f"{self.order}. [{self.status}] {self.kind} {self.name}: {self.action}"
        line += f" ({self.before} -> {self.after})"
        return [line + (f": {self.detail}" if self.detail else "")]


@dataclass
class Failover:
    outputs: StackOutputs
    clients: ClientFactory
    clock: Clock
    target: str
    dry_run: bool
    wait_seconds: float
    log: Callable[[str], None]

    def _wait(self, step: Step, check: Callable[[], str | None]) -> None:
        complaint = wait_until(self.clock, check, self.wait_seconds, POLL_SECONDS)
        if complaint is None:
            step.status = "done"
        else:
            step.detail = f"not converged after {self.wait_seconds / 60:g} min ({complaint}); re-run to continue"

    def _mutate(self, step: Step, client_service: str, method: str, **params: object) -> None:
        self.log(f"{step.kind} {step.name}: calling {method} {params}")
        call(self.clients(client_service, self.target), method, **params)

    # -- Aurora global database -------------------------------------------------------------------

    def database(self, step: Step, db: DatabaseOutput) -> None:
        if db.global_cluster_identifier is None:
            step.detail = NOT_REPLICATED
            return
        gid = db.global_cluster_identifier
        target_arn = db.cluster_arn if self.target == self.outputs.primary_region else db.dr_cluster_arn
        state = aurora.describe_global_cluster(self.clients, self.target, gid)
        step.before = step.after = state.writer_region
        if state.member(target_arn) is None:
            step.detail = f"target cluster {target_arn} is not a member of global cluster {gid}"
            return
        if state.failover_in_progress:
            if state.failover_to_arn != target_arn:
                step.detail = f"a switchover/failover to {state.failover_to_arn} is already in progress"
                return
            step.action = "wait for the switchover/failover already in progress"
        elif state.writer and state.writer.cluster_arn == target_arn:
            if state.status == "available":
                step.status, step.detail = "already-done", f"writer already is {target_arn}"
                return
            step.action = "wait for the global cluster to become available"
        else:
            problem = aurora.writer_problem(self.clients, state)
            step.action = "switchover" if problem is None else "failover (AllowDataLoss)"
            if problem:
                step.detail = f"current primary unhealthy: {problem}"
        if self.dry_run:
            step.status, step.after = "planned", self.target
            return
        if step.action == "switchover":
            self._mutate(
                step,
                "rds",
                "switchover_global_cluster",
                GlobalClusterIdentifier=gid,
                TargetDbClusterIdentifier=target_arn,
            )
        elif step.action.startswith("failover"):
            self._mutate(
                step,
                "rds",
                "failover_global_cluster",
                GlobalClusterIdentifier=gid,
                TargetDbClusterIdentifier=target_arn,
                AllowDataLoss=True,
            )

        def converged() -> str | None:
            try:
                now = aurora.describe_global_cluster(self.clients, self.target, gid)
            except (AwsCallError, StoreNotFound) as exc:
                return str(exc)
            step.after = now.writer_region
            if (
                now.writer
                and now.writer.cluster_arn == target_arn
                and now.status == "available"
                and not now.failover_in_progress
            ):
                return None
            return f"writer in {now.writer_region}, global cluster status {now.status!r}"

        self._wait(step, converged)

    # -- ElastiCache global datastore -------------------------------------------------------------

    def cache(self, step: Step, cache: CacheOutput) -> None:
        if cache.global_replication_group_id is None:
            step.detail = NOT_REPLICATED
            return
        gid = cache.global_replication_group_id
        target_group = (
            cache.replication_group_id if self.target == self.outputs.primary_region else cache.dr_replication_group_id
        )

        def settled() -> str | None:
            try:
                now = elasticache.describe_global_datastore(self.clients, self.target, gid)
            except (AwsCallError, StoreNotFound) as exc:
                return str(exc)
            step.after = now.primary_region
            return None if now.status == "available" else f"global datastore status {now.status!r}"

        state = elasticache.describe_global_datastore(self.clients, self.target, gid)
        step.before = step.after = state.primary_region
        if state.member(target_group) is None:
            step.detail = f"target replication group {target_group} is not a member of global datastore {gid}"
            return
        primary_is_target = state.primary is not None and state.primary.replication_group_id == target_group
        if primary_is_target and state.status == "available":
            step.status, step.detail = "already-done", f"primary already is {target_group}"
            return
        if state.status != "available":
            # A failover issued by an earlier run may still be modifying the datastore: let it finish.
            step.action = "wait for the global datastore to become available"
            if self.dry_run:
                step.status, step.after = "planned", self.target
                return
            self._wait(step, settled)
            if step.status != "done" or step.after == self.target:
                return
            step.status = "failed"
        step.action = "failover-global-replication-group"
        if self.dry_run:
            step.status, step.after = "planned", self.target
            return
        self._mutate(
            step,
            "elasticache",
            "failover_global_replication_group",
            GlobalReplicationGroupId=gid,
            PrimaryRegion=self.target,
            PrimaryReplicationGroupId=target_group,
        )

        def converged() -> str | None:
            complaint = settled()
            if complaint is None and step.after != self.target:
                return f"primary still in {step.after}"
            return complaint

        self._wait(step, converged)

    # -- orchestration ----------------------------------------------------------------------------

    def run_step(self, step: Step, action: Callable[[], None]) -> Step:
        try:
            action()
        except (AwsCallError, StoreNotFound) as exc:
            step.status, step.detail = "failed", str(exc)
        self.log(
            f"{step.kind} {step.name}: {step.action}: {step.before} -> {step.after}: {step.status}"
            + (f" ({step.detail})" if step.detail else "")
        )
        return step


def check_target(outputs: StackOutputs, target: str) -> None:
    if outputs.dr_region is None:
        raise UsageError(f"--to: environment {outputs.environment} has no DR region; there is nothing to fail over")
    if target not in outputs.regions():
        raise UsageError(f"--to: must be one of {', '.join(outputs.regions())} (got {target!r})")


def dr_failover(
    outputs: StackOutputs,
    clients: ClientFactory,
    clock: Clock,
    *,
    target: str,
    dry_run: bool,
    log: Callable[[str], None],
    wait_minutes: float | None = None,
) -> Report:
    """Fail every global store over to `target`; the default wait per step is the environment's RTO."""
    check_target(outputs, target)
    wait_minutes = wait_minutes or outputs.rto_minutes or BEST_EFFORT_WAIT_MINUTES
    run = Failover(outputs, clients, clock, target, dry_run, 60 * wait_minutes, log)
    steps: list[Step] = []
    for db in outputs.databases:
        step = Step(len(steps) + 1, "database", db.name)
        steps.append(run.run_step(step, lambda step=step, db=db: run.database(step, db)))
    databases_failed = any(s.status in FAILED_STATUSES for s in steps)
    for cache in outputs.caches:
        step = Step(len(steps) + 1, "cache", cache.name)
        if databases_failed:
            step.status, step.detail = (
                "blocked",
                "not attempted: a database step failed and caches follow databases",
            )
            steps.append(run.run_step(step, lambda: None))
        else:
            steps.append(run.run_step(step, lambda step=step, cache=cache: run.cache(step, cache)))
    # Traffic moves last: clients must not reach a region whose data stores are not the writers yet.
    switch = traffic_switch(outputs)
    traffic = Step(len(steps) + 1, "traffic", switch.name)
    if any(s.status in FAILED_STATUSES for s in steps):
        traffic.status, traffic.detail = "blocked", "not attempted: traffic follows the data stores"
        steps.append(run.run_step(traffic, lambda: None))
    else:
        steps.append(run.run_step(traffic, lambda: switch.run(run, traffic)))
    problems = [
        f"step {s.order} {s.kind} {s.name}: {s.status}: {s.detail}" for s in steps if s.status in FAILED_STATUSES
    ]
    title = f"dr failover --to {target}" + (" --dry-run" if dry_run else "")
    return Report(title, outputs.environment, clock.now(), steps, problems)
