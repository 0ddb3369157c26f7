"""What every step of `dr failover` shares: the step record, the operator's options, and the run context
(the clients, the one deadline, the fencing gate, the single-attempt mutating call)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bulkhead.runbooks.aws import AwsCallError, ClientFactory, call
from bulkhead.runbooks.clock import Clock, Deadline, wait_until
from bulkhead.runbooks.fencing import FENCING_METHODS, fencing_options
from bulkhead.runbooks.outputs import StackOutputs

POLL_SECONDS = 15
# Step statuses that fail the run. `to-do` (left for people) and `not-needed` do not.
FAILED_STATUSES = frozenset({"failed", "blocked"})


class UsageError(ValueError):
    """A bad command-line value (exit status 2)."""


def source_region(outputs: StackOutputs, target: str) -> str:
    """The region the writers leave: the other one of the stack's two regions."""
    return next(region for region in outputs.regions() if region != target)


@dataclass(frozen=True)
class FailoverOptions:
    """What the operator asked for on the command line.

    Attributes:
        target: Region that must hold every writer afterwards.
        dry_run: Read only; report the steps and the mode each would use.
        allow_data_loss: Permit `FailoverGlobalCluster(AllowDataLoss=True)` when the primary is shown down.
        force_failover: Use the data-losing failover even when the probe says healthy or cannot tell
            (requires allow_data_loss).
        writes_stopped: How writes to the old primary were stopped (a key of FENCING_METHODS).
            Default: - not confirmed, so no writer moves.
        deadline_minutes: The whole run's deadline. Default: - the environment's RTO (60 min without one).
    """

    target: str
    dry_run: bool = False
    allow_data_loss: bool = False
    force_failover: bool = False
    writes_stopped: str | None = None
    deadline_minutes: float | None = None

    def __post_init__(self) -> None:
        # Forcing is about the mode, never about consent: data loss is only ever allowed explicitly.
        if self.force_failover and not self.allow_data_loss:
            raise UsageError(
                "--force-failover: needs --allow-data-loss (a failover loses the writes not yet replicated)"
            )
        if self.writes_stopped is not None and self.writes_stopped not in FENCING_METHODS:
            raise UsageError(f"--writes-stopped: must be one of {', '.join(sorted(FENCING_METHODS))}")


@dataclass
class Step:
    order: int
    kind: str  # "fence" | "database" | "cache" | "traffic"
    name: str
    action: str = "none"
    before: str | None = None  # writer/primary region before the step
    after: str | None = None  # writer/primary region after it (the expected one in a dry run)
    status: str = "failed"  # planned | done | already-done | not-needed | to-do | failed | blocked
    detail: str = ""
    evidence: list[str] = field(default_factory=list)

    @property
    def regions(self) -> str:
        return f"{self.before} -> {self.after}" if self.before or self.after else ""

    def text_lines(self) -> list[str]:
        line = f"{self.order}. [{self.status}] {self.kind} {self.name}: {self.action}"
        line += f" ({self.regions})" if self.regions else ""
        lines = [line + (f": {self.detail}" if self.detail else "")]
        lines.extend(f"       evidence: {item}" for item in self.evidence)
        return lines

    def log_line(self) -> str:
        line = f"{self.kind} {self.name}: {self.action}: " + (f"{self.regions}: " if self.regions else "")
        return line + self.status + (f" ({self.detail})" if self.detail else "")


@dataclass
class Run:
    """One `dr failover` run: every step reads its context from here."""

    outputs: StackOutputs
    clients: ClientFactory
    clock: Clock
    options: FailoverOptions
    deadline: Deadline
    log: Callable[[str], None]
    fence: Step

    @property
    def target(self) -> str:
        return self.options.target

    @property
    def source(self) -> str:
        return source_region(self.outputs, self.target)

    @property
    def dry_run(self) -> bool:
        return self.options.dry_run

    def evidence(self, step: Step, item: str) -> None:
        step.evidence.append(item)
        self.log(f"{step.kind} {step.name}: evidence: {item}")

    def ready_to_move_writer(self, step: Step) -> bool:
        """The fence gate, then the dry run: whether the writer may move now (else the step says why not)."""
        fenced = self.writes_fenced()
        if self.dry_run:
            step.status, step.after = "planned", self.target
            return False
        if not fenced:
            step.status, step.detail = "blocked", "writes to the old primary are not confirmed stopped (fence step)"
            return False
        return True

    def writes_fenced(self) -> bool:
        """The gate before a writer moves: writes to the old primary must be confirmed stopped."""
        fence, method = self.fence, self.options.writes_stopped
        if fence.status != "not-needed":
            return method is not None
        if method is not None:
            fence.status = "planned" if self.dry_run else "done"
            fence.detail = f"confirmed by the operator: {FENCING_METHODS[method]}; not verified by this runbook"
        else:
            fence.status = "failed"
            fence.detail = (
                f"required before a writer moves: stop writes to {self.source}, "
                "then run again with --writes-stopped=HOW"
            )
            fence.evidence = fencing_options(self.outputs, self.source)
        self.log(fence.log_line())
        return method is not None

    def mutate(self, step: Step, service: str, method: str, **params: object) -> AwsCallError | None:
        """Send one mutating request, exactly once; return its error for the caller to reconcile."""
        self.log(f"{step.kind} {step.name}: calling {method} {params}")
        try:
            call(self.clients(service, self.target, mutating=True), method, **params)
        except AwsCallError as exc:
            self.log(f"{step.kind} {step.name}: {method} answered {exc}; describing to reconcile")
            return exc
        return None

    def wait(self, step: Step, check: Callable[[], str | None]) -> None:
        """Poll `check` until it is satisfied (the step is done) or the run's deadline passes."""
        complaint = wait_until(self.deadline, check, POLL_SECONDS)
        if complaint is None:
            step.status = "done"
        else:
            step.status = "failed"
            step.detail = f"not finished by {self.deadline.describe()}: {complaint}; run again to continue"
