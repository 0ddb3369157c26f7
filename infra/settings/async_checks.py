"""Cross-section checks of asynchronous work and releases: what services use must exist and be used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infra.settings.base import ViolationCollector
from infra.settings.environment import FLOORS

if TYPE_CHECKING:
    from infra.settings.stack import StackSettings


def check_async_work(settings: StackSettings, problems: ViolationCollector) -> None:
    """Adds to `problems` (paths from the root) every queue and flag the sections do not agree on."""
    known = [queue.name for queue in settings.queues]
    for index, service in enumerate(settings.services):
        for direction in ("send", "consume"):
            for name in getattr(service.needs.queues, direction):
                if name not in known:
                    problems.add(
                        ("services", index, "needs", "queues", direction),
                        f"names an unknown queue {name!r}; queues has {known}",
                        name,
                    )
        if service.needs.flags and settings.releases is None:
            problems.add(("services", index, "needs", "flags"), "needs a `releases:` section", True)
    consumed = {name for service in settings.services for name in service.needs.queues.consume}
    for index, queue in enumerate(settings.queues):
        if queue.name not in consumed:
            problems.add(
                ("queues", index, "name"),
                "no service consumes it (add it to a service's needs.queues.consume); its messages would only age",
                queue.name,
            )
    if settings.releases is not None and FLOORS[settings.environment].flag_rollback_alarms and not settings.queues:
        # The flags' rollouts are watched by the queue alarms (infra/wiring/releases.py): without a
        # queue there is no alarm to roll a bad flag back on.
        problems.add(
            ("releases",),
            f"needs an alarm to roll back on in {settings.environment}: add a queue (its alarms watch the rollouts)",
            "no queues",
        )
