"""Traces and correlated logs: what each service is told, and the central X-Ray sampling rules.

Services send OpenTelemetry traces over OTLP/HTTP to the CloudWatch agent of the observability add-on
(`cloudwatch-agent.amazon-cloudwatch:4316`), which forwards them to X-Ray; the agent also proxies the
X-Ray sampling rules (port 2000), so how much is traced is decided here, per service, not in each image.
The agent runs on the host network: a service's NetworkPolicy must allow those two ports to the node
subnets. Application logs are JSON lines on stdout carrying the trace and span ids, so CloudWatch Logs
Insights joins a log line to its trace.

Both are plain environment variables and egress rules: the Kubernetes layer passes them to each
service's component arguments (`ServiceArgs.env`, `ServiceArgs.egress`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.reference.container_insights import AGENT_SERVICE, NAMESPACE, OTLP_HTTP_PORT, XRAY_SAMPLING_PORT
from components.support.validation import require_between

AGENT_HOST = f"{AGENT_SERVICE}.{NAMESPACE}"
MAX_SAMPLING_RULE_NAME = 32
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


@dataclass(frozen=True, kw_only=True)
class SamplingArgs:
    """Inputs for `Sampling`.

    Attributes:
        service_names: The traced names (`telemetry_service_name`), one rule each.
        fixed_rate_percent: Share of requests traced beyond the reservoir, 0-100.
        reservoir_per_second: Requests per second traced before the rate applies, 0-1000.
        priority: Rule priority, 1-9999 (lower wins over X-Ray's default rule at 10000). Default: 1000
    """

    service_names: Sequence[str]
    fixed_rate_percent: float
    reservoir_per_second: int
    priority: int = 1000

    def __post_init__(self) -> None:
        if not 0 <= self.fixed_rate_percent <= 100:
            raise ValueError(f"SamplingArgs.fixed_rate_percent: must be 0-100 (got {self.fixed_rate_percent})")
        require_between("SamplingArgs.reservoir_per_second", self.reservoir_per_second, 0, 1000)
        require_between("SamplingArgs.priority", self.priority, 1, 9999)
        too_long = [n for n in self.service_names if len(n) > MAX_SAMPLING_RULE_NAME]
        if too_long:
            raise ValueError(
                f"SamplingArgs.service_names: X-Ray rule names are at most {MAX_SAMPLING_RULE_NAME} characters "
                f"(got {too_long})"
            )


class Sampling(pulumi.ComponentResource):
    """One X-Ray sampling rule per service in the region of the provider."""

    rules: dict[str, aws.xray.SamplingRule]

    def __init__(self, name: str, args: SamplingArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:Sampling", name, None, opts)
        self.rules = {
            service: aws.xray.SamplingRule(
                f"{name}-{service}",
                rule_name=service,
                service_name=service,
                priority=args.priority,
                fixed_rate=round(args.fixed_rate_percent / 100, 6),
                reservoir_size=args.reservoir_per_second,
                host="*",
                http_method="*",
                url_path="*",
                service_type="*",
                resource_arn="*",
                version=1,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for service in args.service_names
        }
        self.register_outputs({"rules": {service: rule.arn for service, rule in self.rules.items()}})
