"""What each service is told about traces and logs, from the settings (Kubernetes-side arguments).

The values end up in each service's component arguments (`ServiceArgs.env` and `ServiceArgs.egress`);
they depend on the settings only, so the Kubernetes layer can compute them on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from components.kubernetes.service import EgressRule
from components.observability.tracing import ServiceTelemetry, service_telemetry
from infra.settings import StackSettings


def telemetry_by_service(settings: StackSettings) -> dict[str, ServiceTelemetry]:
    return {
        service.name: service_telemetry(
            prefix=settings.prefix, app=settings.app, environment=settings.environment, service=service.name
        )
        for service in settings.services
    }


def telemetry_egress(telemetry: ServiceTelemetry, node_cidrs: Sequence[str]) -> list[EgressRule]:
    """The CloudWatch agent listens on the nodes' addresses (host network): its ports, to the node subnets."""
    return [
        EgressRule(port=port, cidr_blocks=node_cidrs, description="CloudWatch agent: traces and sampling rules")
        for port in telemetry.collector_ports
    ]
