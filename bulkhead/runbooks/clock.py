"""Time for the runbooks: an injected clock (tests never wait) and the one deadline of a failover run."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Time source injected into the runbooks so tests control it (no real waiting)."""

    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class Deadline:
    """The moment a whole run must be over: every wait and back-off of every step counts against it."""

    clock: Clock
    at: datetime
    minutes: float

    @classmethod
    def after(cls, clock: Clock, minutes: float) -> Deadline:
        return cls(clock, clock.now() + timedelta(minutes=minutes), minutes)

    def remaining_seconds(self) -> float:
        return max(0.0, (self.at - self.clock.now()).total_seconds())

    @property
    def passed(self) -> bool:
        return self.remaining_seconds() <= 0

    def pause(self, seconds: float) -> None:
        """Sleep `seconds`, or less when the deadline comes first."""
        self.clock.sleep(min(seconds, self.remaining_seconds()))

    def describe(self) -> str:
        return f"the {self.minutes:g}-minute deadline ({self.at.isoformat()})"


def wait_until(deadline: Deadline, check: Callable[[], str | None], interval_seconds: float) -> str | None:
    """Poll `check` until it returns None (done); return its last complaint if the deadline passes first."""
    while True:
        complaint = check()
        if complaint is None or deadline.passed:
            return complaint
        deadline.pause(interval_seconds)
