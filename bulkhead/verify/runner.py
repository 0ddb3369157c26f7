"""Runs the checks against the live account and collects one result per check and target.

Error discipline (the runbooks'): a botocore fault in a check becomes that check's FAIL, naming the
check, the target, the API, the region and the error code, and the other checks carry on; a
credentials problem (`CredentialsProblem`) is not caught here: nothing can be verified, the command
exits 2.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from bulkhead.runbooks.aws import AwsCallError, ClientFactory, StoreNotFound
from bulkhead.runbooks.clock import Clock
from bulkhead.runbooks.report import Report
from bulkhead.verify.model import Check, CheckResult, Context, Status, Verdict, failed
from bulkhead.verify.outputs import VerifyOutputs
from bulkhead.verify.registry import CHECKS

RUNBOOK = "verify"


def _run_one(ctx: Context, check: Check, subject: Any) -> Verdict:
    try:
        return check.run(ctx, subject)
    except (AwsCallError, StoreNotFound) as exc:
        return failed(str(exc))


def verify(outputs: VerifyOutputs, clients: ClientFactory, clock: Clock, checks: Sequence[Check] = CHECKS) -> Report:
    """Every check on every target the outputs name; the report's problems are the FAIL lines."""
    ctx = Context(outputs, clients, clock)
    results: list[CheckResult] = []
    for check in checks:
        targets = check.targets(outputs)
        if isinstance(targets, str):
            results.append(CheckResult(check.id, "-", Status.SKIP, targets))
            continue
        for target in targets:
            verdict = _run_one(ctx, check, target.subject)
            results.append(CheckResult(check.id, target.label, verdict.status, verdict.detail))
    counts = Counter(result.status for result in results)
    summary = ", ".join(f"{counts[status]} {status}" for status in Status)
    problems = [f"{r.check} {r.target}: {r.detail}" for r in results if r.status == Status.FAIL]
    return Report(RUNBOOK, outputs.environment, clock.now(), list(results), problems, notes=[f"checks: {summary}"])
