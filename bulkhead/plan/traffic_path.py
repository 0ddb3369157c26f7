"""The traffic half of a region failover, read from a recorded plan: how long until clients reach the DR region.

Three parts, each derived from the recorded resources and counted in the achieved RTO:
- detection: with failover routing, the primary's Route 53 health check (request interval x failure
  threshold); with a simple record, nothing detects, so people must notice and repoint the name;
- DNS: alias records answer with the load balancer's TTL (60 s), so resolvers follow within a TTL;
- capacity: a standby node group smaller than the primary's must scale out before it absorbs prod load
  (the HPA reacts, cluster-autoscaler adds nodes, pods become ready). That runs while the data stores
  are promoted, so the longer of the two counts.

Every duration below is an assumption, stated once, named, and listed in docs/dr.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bulkhead.plan.model import Plan, ResourceRecord
from components.reference.edge import ALB_DNS_TTL_SECONDS

# --- Assumptions (minutes) -------------------------------------------------------------------------
# The HPA sees the new load: metrics-server scrapes every 15 s, the HPA syncs every 15 s and CPU
# utilisation is averaged over about a minute.
HPA_REACTION_MINUTES = 2
# cluster-autoscaler adds nodes for the pending pods: a scan (10 s), the EC2 launch, kubelet joining
# and the VPC CNI ready; about 3-4 minutes for EKS-optimised AL2023 AMIs.
NODE_PROVISIONING_MINUTES = 5
# New pods become ready on the new nodes (images already in the DR registry, startup and readiness probes).
POD_READY_MINUTES = 1
# Simple routing: no health check decides; an alarm pages on-call, who confirms the region is lost.
MANUAL_DETECTION_MINUTES = 15
# Simple routing: on-call changes the record to the DR load balancer (runbook step "to-do").
MANUAL_REPOINT_MINUTES = 5
# ----------------------------------------------------------------------------------------------------

RECORD_TYPE = "aws:route53/record:Record"
HEALTH_CHECK_TYPE = "aws:route53/healthCheck:HealthCheck"
NODE_GROUP_TYPE = "aws:eks/nodeGroup:NodeGroup"
FAILOVER, SIMPLE = "failover", "simple"


@dataclass(frozen=True)
class TrafficPath:
    """How traffic reaches the DR region, and what each part costs."""

    routing: str  # failover | simple
    detection_seconds: int  # health check interval x threshold, or the manual detection assumption
    dns_ttl_seconds: int
    repoint_minutes: int  # 0 when Route 53 fails over by itself
    primary_nodes: int | None
    standby_nodes: int | None
    capacity_minutes: int  # standby scale-out to the primary's node floor; 0 when it already has it

    @property
    def description(self) -> str:
        if self.routing == FAILOVER:
            detect = f"health check detects in {self.detection_seconds} s"
        else:
            detect = f"no health check: {MANUAL_DETECTION_MINUTES} min to notice, {self.repoint_minutes} min to repoint"
        capacity = (
            f"standby scales {self.standby_nodes} -> {self.primary_nodes} nodes in {self.capacity_minutes} min"
            if self.capacity_minutes
            else "standby already at the primary's capacity"
        )
        return f"{self.routing} routing; {detect}; DNS TTL {self.dns_ttl_seconds} s; {capacity}"

    def rto_minutes(self, data_store_minutes: int) -> int:
        """Detection, then the data stores and the scale-out side by side, then the repoint and a TTL."""
        return (
            math.ceil(self.detection_seconds / 60)
            + max(data_store_minutes, self.capacity_minutes)
            + self.repoint_minutes
            + math.ceil(self.dns_ttl_seconds / 60)
        )


def traffic_path(plan: Plan) -> TrafficPath | None:
    """The plan's traffic path, or None when it has no API record (nothing public to move)."""
    records = plan.of_type(RECORD_TYPE)
    api = [r for r in records if r.inputs.get("failoverRoutingPolicies") or r.inputs.get("aliases")]
    if not api:
        return None
    primary = next((r for r in api if _failover(r) == "PRIMARY"), None)
    primary_nodes, standby_nodes = _node_floor(plan, plan.region), _node_floor(plan, plan.dr_region)
    capacity = 0
    if standby_nodes is not None and primary_nodes is not None and standby_nodes < primary_nodes:
        capacity = HPA_REACTION_MINUTES + NODE_PROVISIONING_MINUTES + POD_READY_MINUTES
    if primary is not None:
        check = _health_check(plan, primary.inputs.get("healthCheckId"))
        detection = (
            (check.inputs.get("requestInterval") or 30) * (check.inputs.get("failureThreshold") or 3) if check else 0
        )
        return TrafficPath(FAILOVER, detection, _ttl(primary), 0, primary_nodes, standby_nodes, capacity)
    return TrafficPath(
        SIMPLE,
        MANUAL_DETECTION_MINUTES * 60,
        _ttl(api[0]),
        MANUAL_REPOINT_MINUTES,
        primary_nodes,
        standby_nodes,
        capacity,
    )


def _failover(record: ResourceRecord) -> str | None:
    policies = record.inputs.get("failoverRoutingPolicies") or []
    return policies[0].get("type") if policies else None


def _health_check(plan: Plan, health_check_id: str | None) -> ResourceRecord | None:
    return next((c for c in plan.of_type(HEALTH_CHECK_TYPE) if c.outputs.get("id") == health_check_id), None)


def _ttl(record: ResourceRecord) -> int:
    # An alias record has no TTL of its own: resolvers cache it for the load balancer's TTL.
    return ALB_DNS_TTL_SECONDS if record.inputs.get("aliases") else int(record.inputs.get("ttl") or 0)


def _node_floor(plan: Plan, region: str | None) -> int | None:
    sizes = [
        (group.inputs.get("scalingConfig") or {}).get("minSize")
        for group in plan.of_type(NODE_GROUP_TYPE)
        if region is not None and group.region == region
    ]
    known = [size for size in sizes if isinstance(size, int)]
    return sum(known) if known else None
