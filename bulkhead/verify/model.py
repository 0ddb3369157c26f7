"""What a verify check is, what it answers, and the context it reads AWS through.

A check is declared once (`Check`) and run once per target the outputs name (a database, a key, a
cluster...). It answers PASS, FAIL or SKIP with one line of detail. Each check declares the IAM
actions it calls and the pack policies whose promise it verifies live, so the documentation, the
read-only IAM policy and the control mapping come from the same place as the code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from bulkhead.runbooks.aws import AwsCallError, ClientFactory, StoreNotFound
from bulkhead.runbooks.clock import Clock
from bulkhead.verify.outputs import VerifyOutputs

T = TypeVar("T")
Subject = TypeVar("Subject")


class Status(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"
    SKIP = "SKIP"


@dataclass(frozen=True)
class Verdict:
    status: Status
    detail: str


def passed(detail: str) -> Verdict:
    return Verdict(Status.PASS, detail)


def failed(*problems: str) -> Verdict:
    return Verdict(Status.FAIL, "; ".join(problems))


def skipped(why: str) -> Verdict:
    return Verdict(Status.SKIP, why)


def verdict_of(problems: Sequence[str], detail: str) -> Verdict:
    """FAIL with the problems if there are any, else PASS with `detail` (what was seen)."""
    return failed(*problems) if problems else passed(detail)


@dataclass(frozen=True)
class Target(Generic[Subject]):
    """One thing a check looks at: a label for the report line and what the check function needs."""

    label: str
    subject: Subject


@dataclass
class Context:
    """What a check reads AWS through: the regional clients, the clock, and a memo so that checks of
    one store describe it once (a failed read is remembered too, and fails each check that needs it)."""

    outputs: VerifyOutputs
    clients: ClientFactory
    clock: Clock
    _memo: dict[tuple[Any, ...], tuple[Any, Exception | None]] = field(default_factory=dict)

    def once(self, key: tuple[Any, ...], read: Callable[[], T]) -> T:
        if key not in self._memo:
            try:
                self._memo[key] = (read(), None)
            except (AwsCallError, StoreNotFound) as exc:
                self._memo[key] = (None, exc)
        value, error = self._memo[key]
        if error is not None:
            raise error
        return value


# Targets from the outputs, or a string: why the whole check is skipped (the stack has no such thing).
Targets = Sequence[Target[Any]] | str


@dataclass(frozen=True)
class Check:
    """One promise verified live.

    Attributes:
        id: Stable name, `<area>.<promise>` (the report, `--only`, docs/verify.md).
        title: What PASS proves, in one sentence.
        calls: The IAM actions the check may call (all read-only; docs/verify.md lists their union).
        policies: Names of the pack policies whose promise this check verifies on the live account.
        targets: What to check, from the outputs (or why the stack has nothing to check).
        run: Reads AWS for one target and answers.
    """

    id: str
    title: str
    calls: tuple[str, ...]
    policies: tuple[str, ...]
    targets: Callable[[VerifyOutputs], Targets]
    run: Callable[[Context, Any], Verdict]


@dataclass
class CheckResult:
    """One line of the report."""

    check: str
    target: str
    status: str
    detail: str

    def text_lines(self) -> list[str]:
        return [f"{self.status}  {self.check}  {self.target}: {self.detail}"]
