"""The ElastiCache global datastore step of `dr failover`.

The promotion is asked for first: a datastore that is still settling (an earlier run's failover, a
maintenance) answers with a state error, and the step backs off and asks again within the run's
deadline instead of waiting for a status that may never come while the old region is down. It is
done when the target group is the primary and available; the datastore's own status is not waited
for, since it cannot settle while the old primary region is unreachable.
"""

from __future__ import annotations

from bulkhead.runbooks import elasticache
from bulkhead.runbooks.aws import AwsCallError, StoreNotFound
from bulkhead.runbooks.failover_database import NOT_REPLICATED
from bulkhead.runbooks.outputs import CacheOutput
from bulkhead.runbooks.steps import POLL_SECONDS, Run, Step

ACTION = "failover-global-replication-group"
# FailoverGlobalReplicationGroup's answer while the datastore cannot take a failover yet.
STATE_ERROR = "InvalidGlobalReplicationGroupState"
MAX_BACKOFF_SECONDS = 120


def run_cache(run: Run, step: Step, cache: CacheOutput) -> None:
    if cache.global_replication_group_id is None or cache.dr_replication_group_id is None:
        step.detail = NOT_REPLICATED
        return
    gid = cache.global_replication_group_id
    target_group = (
        cache.replication_group_id if run.target == run.outputs.primary_region else cache.dr_replication_group_id
    )
    state = elasticache.describe_global_datastore(run.clients, run.target, gid)
    step.before = step.after = state.primary_region
    if state.member(target_group) is None:
        step.detail = f"target replication group {target_group} is not a member of global datastore {gid}"
        return
    if state.primary is not None and state.primary.replication_group_id == target_group:
        _settle_on_target(run, step, gid, target_group)
        return
    step.action = ACTION
    if not run.ready_to_move_writer(step):
        return
    if _promote(run, step, gid, target_group):
        run.wait(step, lambda: _finished(run, step, gid, target_group))


def _promote(run: Run, step: Step, gid: str, target_group: str) -> bool:
    """Ask for the failover; on a state error describe, back off and ask again until the deadline."""
    backoff = POLL_SECONDS
    while True:
        error = run.mutate(
            step,
            "elasticache",
            "failover_global_replication_group",
            GlobalReplicationGroupId=gid,
            PrimaryRegion=run.target,
            PrimaryReplicationGroupId=target_group,
        )
        if error is None or _target_is_primary(run, gid, target_group):
            return True
        if error.code != STATE_ERROR:
            step.detail = str(error)
            return False
        if run.deadline.remaining_seconds() <= backoff:
            step.detail = f"still refused when {run.deadline.describe()} came: {error}; run again to continue"
            return False
        run.log(f"{step.kind} {step.name}: the datastore is not ready; asking again in {backoff} s")
        run.deadline.pause(backoff)
        backoff = min(2 * backoff, MAX_BACKOFF_SECONDS)


def _target_is_primary(run: Run, gid: str, target_group: str) -> bool:
    try:
        primary = elasticache.describe_global_datastore(run.clients, run.target, gid).primary
    except (AwsCallError, StoreNotFound):
        return False
    return primary is not None and primary.replication_group_id == target_group


def _settle_on_target(run: Run, step: Step, gid: str, target_group: str) -> None:
    group_status = elasticache.describe_group(run.clients, run.target, target_group).get("Status")
    if group_status == "available":
        step.status, step.detail = "already-done", f"primary already is {target_group} (available)"
        return
    step.action = "wait for the target group to become available"
    if run.dry_run:
        step.status = "planned"
        return
    run.wait(step, lambda: _finished(run, step, gid, target_group))


def _finished(run: Run, step: Step, gid: str, target_group: str) -> str | None:
    try:
        state = elasticache.describe_global_datastore(run.clients, run.target, gid)
        step.after = state.primary_region
        if state.primary is None or state.primary.replication_group_id != target_group:
            return f"primary still {state.primary.replication_group_id if state.primary else 'none'}"
        group_status = elasticache.describe_group(run.clients, run.target, target_group).get("Status")
    except (AwsCallError, StoreNotFound) as exc:
        return str(exc)
    return None if group_status == "available" else f"target group status {group_status!r}"
