"""What each service is told about traces and logs (Kubernetes layer, infra/wiring/workloads.py).

The values end up in each service's component arguments (`ServiceArgs.env` and `ServiceArgs.egress`);
the environment depends on the settings only; the egress goes to the node subnets, whose ranges the
AWS layer exports (`ClusterFacts.node_cidrs`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from components.kubernetes.service import EgressRule
from components.support.telemetry import ServiceTelemetry, service_telemetry
from infra.settings import StackSettings


def service_telemetry_of(settings: StackSettings, service: str) -> ServiceTelemetry:
    return service_telemetry(
        prefix=settings.prefix, app=settings.app, environment=settings.environment, service=service
    )


def telemetry_egress(telemetry: ServiceTelemetry, node_cidrs: pulumi.Input[Sequence[str]]) -> list[EgressRule]:
    """The CloudWatch agent listens on the nodes' addresses (host network): its ports, to the node subnets."""
    return [
        EgressRule(port=port, cidr_blocks=node_cidrs, description="CloudWatch agent: traces and sampling rules")
        for port in telemetry.collector_ports
    ]
