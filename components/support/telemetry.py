"""What each service is told about traces and correlated logs (a value helper; no AWS resource).

Services send OpenTelemetry traces over OTLP/HTTP to the CloudWatch agent of the observability add-on
(`cloudwatch-agent.amazon-cloudwatch:4316`), which forwards them to X-Ray; the agent also proxies the
X-Ray sampling rules (port 2000), so how much is traced is decided centrally, per service
(components/observability/tracing.py), not in each image. The agent runs on the host network: a
service's NetworkPolicy must allow those two ports to the node subnets. Application logs are JSON lines
on stdout carrying the trace and span ids, so CloudWatch Logs Insights joins a log line to its trace.

Both are plain environment variables and egress rules: the Kubernetes layer passes them to each
service's component arguments (`ServiceArgs.env`, `ServiceArgs.egress`). This module imports no
`pulumi_aws`: the Kubernetes layer's virtualenv does not carry it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from components.reference.container_insights import AGENT_SERVICE, NAMESPACE, OTLP_HTTP_PORT, XRAY_SAMPLING_PORT

AGENT_HOST = f"{AGENT_SERVICE}.{NAMESPACE}"
LOG_TRACE_FIELDS = "trace_id,span_id"


@dataclass(frozen=True, kw_only=True)
class ServiceTelemetry:
    """What one service is told about tracing and logging, and the paths it needs for it.

    Attributes:
        env: Plain environment variables (OpenTelemetry SDK settings and the log format).
        collector_ports: TCP ports of the node-local agent: OTLP/HTTP and the sampling proxy.
    """

    env: Mapping[str, str]
    collector_ports: Sequence[int] = (OTLP_HTTP_PORT, XRAY_SAMPLING_PORT)


def telemetry_service_name(prefix: str, service: str) -> str:
    """The name traces carry and sampling rules match: unique per stack in a shared account."""
    return f"{prefix}-{service}"


def service_telemetry(*, prefix: str, app: str, environment: str, service: str) -> ServiceTelemetry:
    agent = f"http://{AGENT_HOST}"
    return ServiceTelemetry(
        env={
            "OTEL_SERVICE_NAME": telemetry_service_name(prefix, service),
            "OTEL_RESOURCE_ATTRIBUTES": f"service.namespace={app},deployment.environment.name={environment}",
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": f"{agent}:{OTLP_HTTP_PORT}/v1/traces",
            "OTEL_TRACES_SAMPLER": "xray",
            "OTEL_TRACES_SAMPLER_ARG": f"endpoint={agent}:{XRAY_SAMPLING_PORT}",
            "OTEL_PROPAGATORS": "tracecontext,baggage,xray",
            "OTEL_METRICS_EXPORTER": "none",  # metrics come from Container Insights and the load balancer
            "OTEL_LOGS_EXPORTER": "none",  # logs go to stdout, shipped by Fluent Bit
            "BULKHEAD_LOG_FORMAT": "json",
            "BULKHEAD_LOG_TRACE_FIELDS": LOG_TRACE_FIELDS,
        }
    )
