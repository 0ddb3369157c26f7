"""The traffic step of `dr failover` and the traffic line of `dr status`.

With failover routing (warm standby) `api.<domain>` has a PRIMARY alias gated by a Route 53 health
check of the primary region's readiness path, and a SECONDARY alias to the DR load balancer. Route 53
already answers with the secondary when the primary's checks fail; a planned switchover, or a primary
that is sick but still answers its readiness path, needs the runbook: it *inverts* the health check,
so Route 53 treats the primary as unhealthy and answers with the DR load balancer. Failback clears the
inversion. The stack ignores that field after creation, so a later `pulumi up` does not undo it.
With simple routing (other strategies) nothing moves by itself: the step is left `to-do` for on-call,
with the exact record change to make once the DR region has a load balancer.

The traffic step never sends clients to a region whose load balancer has no healthy target.
Route 53 is a global service whose API is served from us-east-1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from bulkhead.runbooks.aws import AwsCallError, ClientFactory, call
from bulkhead.runbooks.outputs import FrontDoorOutput
from bulkhead.runbooks.report import verdict
from components.reference.edge import ALB_DNS_TTL_SECONDS, HEALTHY_CHECKER_FRACTION

if TYPE_CHECKING:
    from bulkhead.runbooks.outputs import StackOutputs

ROUTE53_API_REGION = "us-east-1"


class RunContext(Protocol):
    """What the traffic step reads from a `dr failover` run."""

    @property
    def outputs(self) -> StackOutputs: ...
    @property
    def clients(self) -> ClientFactory: ...
    @property
    def target(self) -> str: ...
    @property
    def dry_run(self) -> bool: ...

    def log(self, message: str) -> None: ...

    def mutate(self, step: Any, service: str, method: str, **params: object) -> AwsCallError | None:
        """Send one mutating request exactly once; return its error for the caller to reconcile."""
        ...


class StepRecord(Protocol):
    action: str
    before: str | None
    after: str | None
    status: str
    detail: str


@dataclass(frozen=True)
class HealthCheckState:
    """The primary's health check as Route 53 sees it now."""

    inverted: bool
    version: int | None
    healthy_checkers: int
    checkers: int

    @property
    def endpoint_healthy(self) -> bool:
        """What the checkers observe of the primary's readiness path (before any inversion)."""
        return self.checkers > 0 and self.healthy_checkers / self.checkers > HEALTHY_CHECKER_FRACTION

    @property
    def routes_to_primary(self) -> bool:
        """Route 53 answers with the PRIMARY record when the (possibly inverted) check is healthy."""
        return self.endpoint_healthy != self.inverted

    def describe(self) -> str:
        inverted = "inverted by a failover" if self.inverted else "not inverted"
        return f"readiness OK from {self.healthy_checkers}/{self.checkers} checkers, {inverted}"


def read_health_check(clients: ClientFactory, health_check_id: str) -> HealthCheckState:
    route53 = clients("route53", ROUTE53_API_REGION)
    check = call(route53, "get_health_check", HealthCheckId=health_check_id)["HealthCheck"]
    observations = call(route53, "get_health_check_status", HealthCheckId=health_check_id)["HealthCheckObservations"]
    healthy = sum(1 for o in observations if o.get("StatusReport", {}).get("Status", "").startswith("Success"))
    return HealthCheckState(
        inverted=bool(check["HealthCheckConfig"].get("Inverted")),
        version=check.get("HealthCheckVersion"),
        healthy_checkers=healthy,
        checkers=len(observations),
    )


def healthy_targets(clients: ClientFactory, region: str, target_group_arns: dict[str, str]) -> dict[str, int]:
    """Healthy targets per route of one region's load balancer."""
    elbv2 = clients("elbv2", region)
    counts = {}
    for route, arn in target_group_arns.items():
        descriptions = call(elbv2, "describe_target_health", TargetGroupArn=arn)["TargetHealthDescriptions"]
        counts[route] = sum(1 for d in descriptions if d.get("TargetHealth", {}).get("State") == "healthy")
    return counts


def serving_region(outputs: StackOutputs, state: HealthCheckState) -> str:
    return outputs.primary_region if state.routes_to_primary or outputs.dr_region is None else outputs.dr_region


class TrafficSwitch(Protocol):
    """Moves client traffic to `run.target`; sets the step's action, status, regions and detail."""

    @property
    def name(self) -> str: ...

    def run(self, run: RunContext, step: StepRecord) -> None: ...


class ManualTrafficSwitch:
    """No front door in the outputs: a step for people (`to-do`)."""

    name = "clients"

    def run(self, run: RunContext, step: StepRecord) -> None:
        step.action = f"move client traffic to {run.target}"
        step.before = next(region for region in run.outputs.regions() if region != run.target)
        step.after = run.target
        step.status = "to-do"
        step.detail = (
            "the outputs name no front door, so nothing moves traffic automatically: point the name your clients "
            f"use at the {run.target} entry point (DNS record or load balancer), then confirm requests reach "
            f"{run.target}"
        )


@dataclass(frozen=True)
class SimpleRecordSwitch:
    """Simple routing: the record change on-call makes once the DR region has a load balancer."""

    front_door: FrontDoorOutput

    @property
    def name(self) -> str:
        return self.front_door.api_name

    def run(self, run: RunContext, step: StepRecord) -> None:
        front_door = self.front_door
        step.action = f"repoint {front_door.api_name} to {run.target}"
        step.before = next(iter(front_door.regions))
        step.after = run.target
        edge = front_door.regions.get(run.target)
        if edge is not None and step.before == run.target:
            step.status, step.detail = "already-done", f"{front_door.api_name} already points at {run.target}"
            return
        step.status = "to-do"
        if edge is None:
            step.detail = (
                f"{run.target} has no load balancer yet: deploy the stack there (its front door comes with the "
                f"cluster), then UPSERT the A alias {front_door.api_name} in zone {front_door.hosted_zone_id} to the "
                f"new load balancer; clients follow within {ALB_DNS_TTL_SECONDS} s"
            )
        else:
            step.detail = (
                f"UPSERT the A alias {front_door.api_name} in zone {front_door.hosted_zone_id} to {edge.dns_name} "
                f"(zone {edge.zone_id}); clients follow within {ALB_DNS_TTL_SECONDS} s"
            )


@dataclass(frozen=True)
class HealthCheckSwitch:
    """Failover routing: invert the primary's health check to send traffic to the DR region; clear to fail back."""

    front_door: FrontDoorOutput

    @property
    def name(self) -> str:
        return self.front_door.api_name

    def run(self, run: RunContext, step: StepRecord) -> None:
        outputs, front_door = run.outputs, self.front_door
        health_check_id = front_door.health_check_id
        assert health_check_id is not None  # the outputs contract requires it with failover routing
        to_dr = run.target != outputs.primary_region
        step.action = "invert the primary health check" if to_dr else "clear the health check inversion"
        state = read_health_check(run.clients, health_check_id)
        step.before = serving_region(outputs, state)
        step.after = step.before
        if state.inverted == to_dr and step.before == run.target:
            step.status, step.detail = "already-done", f"{run.target} serves {front_door.api_name} ({state.describe()})"
            return
        problem = self._target_problem(run, state, to_dr)
        if problem:
            step.status, step.detail = "failed", problem
            return
        if run.dry_run:
            step.status, step.after = "planned", run.target
            step.detail = f"health check {health_check_id}: {state.describe()}"
            return
        params: dict[str, Any] = {"HealthCheckId": health_check_id, "Inverted": to_dr}
        if state.version is not None:
            params["HealthCheckVersion"] = state.version  # refuse to overwrite a concurrent change
        # Route 53 is global: any region's client reaches its endpoint. A refused or lost call is reconciled
        # by reading the check back.
        run.mutate(step, "route53", "update_health_check", **params)
        now = read_health_check(run.clients, health_check_id)
        if now.inverted != to_dr:
            step.status, step.detail = "failed", f"the health check is still {now.describe()}; run again"
            return
        step.status, step.after = "done", run.target
        step.detail = (
            f"Route 53 answers with the {run.target} load balancer from the next health evaluation; resolvers "
            f"follow within {ALB_DNS_TTL_SECONDS} s"
        )

    def _target_problem(self, run: RunContext, state: HealthCheckState, to_dr: bool) -> str | None:
        edge = self.front_door.regions.get(run.target)
        if edge is None:
            return f"the outputs have no load balancer in {run.target}"
        counts = healthy_targets(run.clients, run.target, edge.target_group_arns)
        empty = sorted(route for route, count in counts.items() if count == 0)
        if empty:
            return f"no healthy target behind {run.target}'s load balancer for {', '.join(empty)}: traffic not moved"
        if not to_dr and not state.endpoint_healthy:
            return (
                f"the primary's readiness path fails ({state.describe()}): clearing the inversion would not bring "
                "traffic back; fix the primary first"
            )
        return None


def traffic_switch(outputs: StackOutputs) -> TrafficSwitch:
    """The front door's switch, by how the outputs say `api.<domain>` routes."""
    front_door = outputs.front_door
    if front_door is None:
        return ManualTrafficSwitch()
    if front_door.routing == "failover":
        return HealthCheckSwitch(front_door)
    return SimpleRecordSwitch(front_door)


@dataclass
class TrafficStatus:
    """The `dr status` line of the front door: which region serves, and the health check behind it."""

    name: str
    routing: str
    serving: str | None = None
    health_check: str | None = None
    problems: list[str] | None = None

    def text_lines(self) -> list[str]:
        head = f"[{verdict(self.problems or [])}] traffic {self.name}: {self.routing} routing, served by {self.serving}"
        lines = [head]
        if self.health_check:
            lines.append(f"       health check: {self.health_check}")
        lines.extend(f"       problem: {problem}" for problem in self.problems or [])
        return lines


def traffic_status(outputs: StackOutputs, clients: ClientFactory, writer_regions: set[str]) -> TrafficStatus | None:
    """Which region serves the API; a problem when it is not where the data stores' writers are."""
    front_door = outputs.front_door
    if front_door is None:
        return None
    status = TrafficStatus(front_door.api_name, front_door.routing, problems=[])
    assert status.problems is not None
    if front_door.routing == "simple" or front_door.health_check_id is None:
        status.serving = next(iter(front_door.regions))
    else:
        try:
            state = read_health_check(clients, front_door.health_check_id)
        except AwsCallError as error:
            status.problems.append(f"health check {front_door.health_check_id} unreadable: {error}")
            return status
        status.serving = serving_region(outputs, state)
        status.health_check = f"{front_door.health_check_id}: {state.describe()}"
        if not state.endpoint_healthy and not state.inverted:
            status.problems.append(
                f"the primary's readiness path is failing ({state.describe()}): Route 53 serves {status.serving}"
            )
    if writer_regions and status.serving not in writer_regions:
        status.problems.append(
            f"{status.serving} serves the API but the data stores' writers are in {sorted(writer_regions)}"
        )
    return status
