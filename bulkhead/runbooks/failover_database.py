"""The Aurora global database step of `dr failover`.

The mode is the operator's choice, never the tool's: a switchover (no data loss) when the writer's own
region answers that it is serving; a failover that may lose writes only with `--allow-data-loss` and
hard evidence that the writer is down, or with `--force-failover --allow-data-loss` when the operator
knows better than the API. When the probe cannot tell (timeouts, 5xx, AccessDenied from the
operator's network) the step fails and says what it saw.
"""

from __future__ import annotations

from bulkhead.runbooks import aurora
from bulkhead.runbooks.aurora import AuroraGlobalState
from bulkhead.runbooks.aws import AwsCallError, StoreNotFound
from bulkhead.runbooks.outputs import DatabaseOutput
from bulkhead.runbooks.steps import Run, Step

NOT_REPLICATED = "no global replication for this store: recover it from the DR backup vault instead"
SWITCHOVER = "switchover (no data loss)"
FAILOVER = "failover (AllowDataLoss: writes not yet replicated are lost)"


def run_database(run: Run, step: Step, db: DatabaseOutput) -> None:
    if db.global_cluster_identifier is None or db.dr_cluster_arn is None:
        step.detail = NOT_REPLICATED
        return
    gid = db.global_cluster_identifier
    target_arn = db.cluster_arn if run.target == run.outputs.primary_region else db.dr_cluster_arn
    state = aurora.describe_global_cluster(run.clients, run.target, gid)
    step.before = step.after = state.writer_region
    if state.member(target_arn) is None:
        step.detail = f"target cluster {target_arn} is not a member of global cluster {gid}"
        return
    if state.moving:
        _wait_for_move_in_flight(run, step, gid, target_arn, state)
    elif state.writer is not None and state.writer.cluster_arn == target_arn:
        _settle_on_target(run, step, gid, target_arn)
    else:
        _move_writer(run, step, gid, target_arn, state)


def _move_writer(run: Run, step: Step, gid: str, target_arn: str, state: AuroraGlobalState) -> None:
    mode = _choose_mode(run, step, state, target_arn)
    if mode is None:
        step.action = "move the writer: no mode chosen"
        return
    step.action = mode
    if not run.ready_to_move_writer(step):
        return
    if mode == SWITCHOVER:
        error = run.mutate(
            step, "rds", "switchover_global_cluster", GlobalClusterIdentifier=gid, TargetDbClusterIdentifier=target_arn
        )
    else:
        error = run.mutate(
            step,
            "rds",
            "failover_global_cluster",
            GlobalClusterIdentifier=gid,
            TargetDbClusterIdentifier=target_arn,
            AllowDataLoss=True,
        )
    if error is not None and not _accepted_anyway(run, gid, target_arn):
        step.detail = str(error)
        return
    check = _switchover_finished if mode == SWITCHOVER else _failover_finished
    run.wait(step, lambda: check(run, step, gid, target_arn))


def _choose_mode(run: Run, step: Step, state: AuroraGlobalState, target_arn: str) -> str | None:
    """SWITCHOVER, FAILOVER, or None with the reason in the step's detail; the evidence goes in the step."""
    probe = aurora.probe_primary(run.clients, state)
    run.evidence(step, f"primary: {probe.evidence}")
    run.evidence(step, f"replication lag of {run.target}: {_lag_text(run, state, target_arn)}")
    options = run.options
    if options.force_failover and options.allow_data_loss:  # FailoverOptions refuses one without the other
        run.evidence(step, "failover forced by the operator (--force-failover --allow-data-loss)")
        return FAILOVER
    if probe.verdict == "healthy":
        return SWITCHOVER
    if probe.verdict == "down" and options.allow_data_loss:
        return FAILOVER
    if probe.verdict == "down":
        step.detail = (
            "the primary is down, so a switchover cannot run; a failover loses the writes not yet replicated "
            "(see the lag above). Nothing was called. To accept that loss, run again with --allow-data-loss"
        )
    else:
        step.detail = (
            "cannot tell whether the primary is down (see the evidence); nothing was called. Check it from "
            "another network or the AWS Health Dashboard; if it is impaired, run again with "
            "--force-failover --allow-data-loss"
        )
    return None


def _lag_text(run: Run, state: AuroraGlobalState, target_arn: str) -> str:
    member = state.member(target_arn)
    assert member is not None  # checked by the caller
    try:
        return aurora.replication_lag(run.clients, run.clock, member).describe()
    except (AwsCallError, StoreNotFound) as exc:
        return f"unknown: {exc}"


def _accepted_anyway(run: Run, gid: str, target_arn: str) -> bool:
    """After an error from the single attempt: does AWS show the move accepted (response lost, say)?"""
    try:
        state = aurora.describe_global_cluster(run.clients, run.target, gid)
    except (AwsCallError, StoreNotFound):
        return False
    accepted = state.moving_to(target_arn) or (state.writer is not None and state.writer.cluster_arn == target_arn)
    if accepted:
        run.log(f"global cluster {gid}: the request was accepted after all ({state.describe_move()}); waiting")
    return accepted


def _wait_for_move_in_flight(run: Run, step: Step, gid: str, target_arn: str, state: AuroraGlobalState) -> None:
    """A switchover or failover is already running (an earlier run, someone else): wait, never call again."""
    step.action = f"wait for the {state.describe_move()}"
    if state.moving_to(target_arn):
        if run.dry_run:
            step.status, step.after = "planned", run.target
            return
        check = _failover_finished if state.data_loss_allowed else _switchover_finished
        run.wait(step, lambda: check(run, step, gid, target_arn))
        return
    # Moving elsewhere, or being cancelled: let it settle, then report; a new request is the operator's call.
    if run.dry_run:
        step.status, step.detail = "planned", "then run again to decide from the state it leaves"
        return
    run.wait(step, lambda: _settled(run, step, gid))
    if step.status == "done" and step.after != run.target:
        step.status = "failed"
        step.detail = f"the operation in flight ended with the writer in {step.after}; nothing was called; run again"


def _settle_on_target(run: Run, step: Step, gid: str, target_arn: str) -> None:
    """The target already is the writer: done when it is available, else wait for that (no call)."""
    status = aurora.cluster_status(run.clients, target_arn).get("Status")
    if status == "available":
        step.status, step.detail = "already-done", f"writer already is {target_arn} (available)"
        return
    step.action = "wait for the target cluster to become available"
    if run.dry_run:
        step.status = "planned"
        return
    run.wait(step, lambda: _failover_finished(run, step, gid, target_arn))


def _described(run: Run, step: Step, gid: str) -> AuroraGlobalState | str:
    try:
        state = aurora.describe_global_cluster(run.clients, run.target, gid)
    except (AwsCallError, StoreNotFound) as exc:
        return str(exc)
    step.after = state.writer_region
    return state


def _settled(run: Run, step: Step, gid: str) -> str | None:
    state = _described(run, step, gid)
    if isinstance(state, str):
        return state
    return f"{state.describe_move()} in progress" if state.moving else None


def _switchover_finished(run: Run, step: Step, gid: str, target_arn: str) -> str | None:
    """Both regions are healthy in a switchover, so it is over when the whole global cluster is."""
    state = _described(run, step, gid)
    if isinstance(state, str):
        return state
    if state.writer is not None and state.writer.cluster_arn == target_arn and state.status == "available":
        return None if not state.moving else f"{state.describe_move()} in progress"
    return f"writer in {state.writer_region}, global cluster status {state.status!r}"


def _failover_finished(run: Run, step: Step, gid: str, target_arn: str) -> str | None:
    """A failover is over when the target is the writer and available, even if the old region is down
    (the global cluster's own status may not settle until the old primary comes back)."""
    state = _described(run, step, gid)
    if isinstance(state, str):
        return state
    if state.writer is None or state.writer.cluster_arn != target_arn:
        return f"writer in {state.writer_region}, global cluster status {state.status!r}"
    return _target_available(run, target_arn)


def _target_available(run: Run, target_arn: str) -> str | None:
    try:
        status = aurora.cluster_status(run.clients, target_arn).get("Status")
    except (AwsCallError, StoreNotFound) as exc:
        return str(exc)
    return None if status == "available" else f"target cluster status {status!r}"
