"""What `dr failover` says about the queues: SQS does not replicate, so messages in flight stay behind.

The runbook moves no message (a queue's messages cannot be read from another region); it states, per
queue of the stack outputs, where the messages in flight are and what to do about them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Url = Annotated[str, Field(pattern=r"^https://sqs\.[a-z0-9-]+\.amazonaws\.com/[0-9]{12}/[A-Za-z0-9_.-]+\Z")]


class QueueOutput(BaseModel):
    """One entry of the `queues` stack output (infra/wiring/messaging.py)."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True, regex_engine="python-re")

    name: Annotated[str, Field(min_length=1)]
    url: Url
    retention_seconds: Annotated[int, Field(ge=60)]
    dr_url: Url | None = None


def in_flight_lines(queues: list[QueueOutput], primary_region: str, target: str) -> list[str]:
    """One line per queue: where its messages in flight are after writers move to `target`."""
    lines = []
    for queue in queues:
        if target == primary_region:
            lines.append(
                f"queue {queue.name}: back in {primary_region}, the services use {queue.url} again; messages "
                f"sent to the DR queue meanwhile ({queue.dr_url or 'none'}) stay there: drain them before "
                "scaling the standby's consumers down"
            )
            continue
        days = queue.retention_seconds / 86_400
        where = (
            f"the standby now sends to and consumes {queue.dr_url}" if queue.dr_url else f"{target} has no queue yet"
        )
        lines.append(
            f"queue {queue.name}: messages in flight stay in {queue.url} (SQS does not replicate) for up to "
            f"{days:g} day(s) and are processed when {primary_region} returns; {where}. For a planned "
            "switchover, drain it first: stop the producers and wait until it is empty"
        )
    return lines


def log_in_flight(queues: list[QueueOutput], primary_region: str, target: str, log: Callable[[str], None]) -> None:
    """The runbook's hook: each line through the runbook's log."""
    for line in in_flight_lines(queues, primary_region, target):
        log(line)
