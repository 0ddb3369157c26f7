"""The traffic step of `dr failover`: it runs after every data store is in the target region.

The interface is what a front door (Route 53 failover records with a health check) implements once the
stack exports one: `traffic_switch(outputs)` picks the implementation from the outputs. Until then the
outputs carry no front door, and the step tells people what to do instead of doing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bulkhead.runbooks.outputs import StackOutputs
    from bulkhead.runbooks.steps import Run, Step


class TrafficSwitch(Protocol):
    """Moves client traffic to `run.target`; sets the step's action, status, regions and detail."""

    name: str

    def run(self, run: Run, step: Step) -> None: ...


class ManualTrafficSwitch:
    """No front door in the outputs: a step for people (`to-do`), listed among what remains to be done."""

    name = "clients"

    def run(self, run: Run, step: Step) -> None:
        step.action = f"move client traffic to {run.target}"
        step.before, step.after = run.source, run.target
        step.status = "to-do"
        step.detail = (
            "the outputs name no front door, so nothing moves traffic automatically: point the name your "
            f"clients use at the {run.target} entry point (DNS record or load balancer), then confirm "
            f"requests reach {run.target}"
        )


def traffic_switch(outputs: StackOutputs) -> TrafficSwitch:
    """The front door's switch when the outputs describe one; today they never do."""
    return ManualTrafficSwitch()
