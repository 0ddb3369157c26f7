"""The Amazon CloudWatch Observability EKS add-on: its name, service account, log groups and ports.

Sources (read 2026-11): CloudWatch User Guide "Quick start with the Amazon CloudWatch Observability EKS
add-on" (Pod Identity from add-on version 3.1.0; service account `cloudwatch-agent` in
`amazon-cloudwatch`), "Send logs to CloudWatch Logs" for Container Insights (log groups
`/aws/containerinsights/<cluster>/{application,dataplane,host,performance}`), "Enable Application
Signals on Amazon EKS" (OTLP on 4316, the X-Ray sampling proxy on 2000, log group
`/aws/application-signals/data`), and the add-on's Helm chart (aws-observability/helm-charts): Fluent Bit
runs under the same service account; the agent and Fluent Bit use the host network.
"""

from __future__ import annotations

ADDON_NAME = "amazon-cloudwatch-observability"
NAMESPACE = "amazon-cloudwatch"
SERVICE_ACCOUNT = "cloudwatch-agent"
AGENT_SERVICE = "cloudwatch-agent"  # the agent's ClusterIP Service in NAMESPACE
POD_IDENTITY_MIN_VERSION = (3, 1, 0)
# Log groups the agent and Fluent Bit write to (and would create, unencrypted, without retention).
CLUSTER_LOG_GROUP_KINDS = ("application", "dataplane", "host", "performance")
APPLICATION_SIGNALS_LOG_GROUP = "/aws/application-signals/data"
OTLP_HTTP_PORT = 4316
XRAY_SAMPLING_PORT = 2000
METRICS_NAMESPACE = "ContainerInsights"


def cluster_log_group(cluster_name: str, kind: str) -> str:
    if kind not in CLUSTER_LOG_GROUP_KINDS:
        raise ValueError(
            f"unknown Container Insights log group kind {kind!r}; allowed: {list(CLUSTER_LOG_GROUP_KINDS)}"
        )
    return f"/aws/containerinsights/{cluster_name}/{kind}"


def addon_version_tuple(version: str) -> tuple[int, int, int]:
    """`v4.1.0-eksbuild.1` -> (4, 1, 0)."""
    major, minor, patch = version.removeprefix("v").split("-", 1)[0].split(".")
    return int(major), int(minor), int(patch)


def supports_pod_identity(version: str) -> bool:
    return addon_version_tuple(version) >= POD_IDENTITY_MIN_VERSION
