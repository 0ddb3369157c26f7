"""Queue settings: the work queues of the backend, each with a dead-letter queue (components/messaging)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, model_validator

from components.reference import sqs as sqs_facts
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS

# Physical names are `<app>-<environment>-<name>[-dlq][.fifo]`: at most 28 + 1 + 40 + 4 + 5 = 78 characters.
QUEUE_NAME_PATTERN = r"^[a-z][a-z0-9-]{0,38}[a-z0-9]\Z"
# The pack's sqs-dead-letter-queue limit: more receives let one poison message block a consumer longer.
MAX_RECEIVE_COUNT = 10


class QueueSettings(SettingsModel):
    """One work queue and its dead-letter queue.

    Attributes:
        name: Lowercase name; the queue is `<app>-<environment>-<name>` (`.fifo` appended for FIFO).
        processing_seconds: The longest a consumer takes to process one message, 1-43200.
        visibility_timeout_seconds: How long a received message stays hidden, >= processing_seconds,
            <= 43200. Default: - twice processing_seconds.
        max_receive_count: Failed receives before a message moves to the dead-letter queue, 1-10. Default: 5
        retention_seconds: How long the queue keeps a message, 60-1209600 (>= 1 day in dev, 4 days
            elsewhere). Default: 345600 (4 days)
        dead_letter_retention_seconds: How long the dead-letter queue keeps a message, >=
            retention_seconds (14 days outside dev). Default: 1209600 (14 days)
        oldest_message_age_seconds: Objective for the oldest message's age: older for three minutes
            raises an alarm (and rolls back a flag rollout). 60 to retention_seconds - 1.
        fifo: FIFO queue: ordered, exactly-once processing. Default: false
        content_based_deduplication: FIFO only: deduplicate by the message body. Default: false
    """

    name: str = Field(pattern=QUEUE_NAME_PATTERN)
    processing_seconds: int = Field(ge=1, le=sqs_facts.VISIBILITY_TIMEOUT_SECONDS[1])
    visibility_timeout_seconds: int | None = Field(default=None, le=sqs_facts.VISIBILITY_TIMEOUT_SECONDS[1])
    max_receive_count: int = Field(default=5, ge=1, le=MAX_RECEIVE_COUNT)
    retention_seconds: int = Field(
        default=sqs_facts.DEFAULT_RETENTION_SECONDS,
        ge=sqs_facts.RETENTION_SECONDS[0],
        le=sqs_facts.RETENTION_SECONDS[1],
    )
    dead_letter_retention_seconds: int = Field(
        default=sqs_facts.RETENTION_SECONDS[1], ge=sqs_facts.RETENTION_SECONDS[0], le=sqs_facts.RETENTION_SECONDS[1]
    )
    oldest_message_age_seconds: int = Field(ge=60)
    fifo: bool = False
    content_based_deduplication: bool = False

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> QueueSettings:
        problems = ViolationCollector()
        visibility = self.visibility_timeout_seconds
        if visibility is not None and visibility < self.processing_seconds:
            problems.add(
                "visibility_timeout_seconds",
                f"must be >= processing_seconds ({self.processing_seconds}): a message still being processed "
                "would be delivered to another consumer",
                visibility,
            )
        if self.dead_letter_retention_seconds < self.retention_seconds:
            problems.add(
                "dead_letter_retention_seconds",
                f"must be >= retention_seconds ({self.retention_seconds}): a moved message keeps its enqueue time",
                self.dead_letter_retention_seconds,
            )
        if self.oldest_message_age_seconds >= self.retention_seconds:
            problems.add(
                "oldest_message_age_seconds",
                f"must be < retention_seconds ({self.retention_seconds}): messages would expire before the alarm",
                self.oldest_message_age_seconds,
            )
        if self.content_based_deduplication and not self.fifo:
            problems.add("content_based_deduplication", "needs fifo: true (only FIFO queues deduplicate)", True)
        environment = environment_of(info)
        if environment is not None:
            floor = FLOORS[environment]
            problems.at_least("retention_seconds", self.retention_seconds, floor.queue_retention_seconds, environment)
            problems.at_least(
                "dead_letter_retention_seconds",
                self.dead_letter_retention_seconds,
                floor.dead_letter_retention_seconds,
                environment,
            )
        problems.raise_if_any()
        return self


def _unique_names(queues: tuple[QueueSettings, ...]) -> tuple[QueueSettings, ...]:
    problems = ViolationCollector()
    names = [queue.name for queue in queues]
    for index, queue in enumerate(queues):
        if names.index(queue.name) != index:
            problems.add((index, "name"), "must be unique among queues", queue.name)
    problems.raise_if_any()
    return queues


# The `queues:` section: a list validated as a whole (unique names).
QueueList = Annotated[tuple[QueueSettings, ...], AfterValidator(_unique_names)]
