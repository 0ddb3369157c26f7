"""The AWS AppConfig Agent as a sidecar: the service reads its feature flags from localhost.

The agent polls AppConfig with the pod's own credentials (EKS Pod Identity injects them into every
container of the pod), caches the flags, and serves them on port 2772 inside the pod. The service's
NetworkPolicy admits no other pod on that port, so only the pod's own containers read it. The
container runs with the same restricted security context, probes and resource limits as the service.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi

from components.kubernetes import objects as objects
from components.reference import appconfig as facts
from components.support.validation import require_between

CONTAINER_NAME = "appconfig-agent"
PORT_NAME = "appconfig"
FLAGS_URL_ENV = "BULKHEAD_FLAGS_URL"
DEFAULT_REQUESTS = {"cpu": "50m", "memory": "64Mi"}
DEFAULT_LIMITS = {"cpu": "200m", "memory": "128Mi"}
_PINNED = re.compile(r"^[^@\s]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}@sha256:[0-9a-f]{64}\Z")


@dataclass(frozen=True, kw_only=True)
class FlagsAgentArgs:
    """The AppConfig Agent sidecar of one service.

    Attributes:
        image: Agent image pinned by digest (`public.ecr.aws/aws-appconfig/aws-appconfig-agent:2.x@sha256:...`).
        region: Region of the AppConfig environment the agent polls (SERVICE_REGION).
        application_id: AppConfig application id.
        environment_id: AppConfig environment id.
        profile_id: AppConfig configuration profile id.
        poll_interval_seconds: Seconds between polls, 15-3600. Default: 45
        requests: CPU and memory requests. Default: - 50m CPU, 64Mi memory.
        limits: CPU and memory limits. Default: - 200m CPU, 128Mi memory.
    """

    image: str
    region: str
    application_id: pulumi.Input[str]
    environment_id: pulumi.Input[str]
    profile_id: pulumi.Input[str]
    poll_interval_seconds: int = facts.DEFAULT_AGENT_POLL_INTERVAL_SECONDS
    requests: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_REQUESTS))
    limits: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_LIMITS))

    def __post_init__(self) -> None:
        if not _PINNED.match(self.image):
            raise ValueError(
                f"FlagsAgentArgs.image: must be pinned as `repository:tag@sha256:<digest>` (got {self.image!r})"
            )
        require_between(
            "FlagsAgentArgs.poll_interval_seconds", self.poll_interval_seconds, *facts.AGENT_POLL_INTERVAL_SECONDS
        )
        for kind, quantities in (("requests", self.requests), ("limits", self.limits)):
            if set(quantities) != {"cpu", "memory"}:
                raise ValueError(f"FlagsAgentArgs.{kind}: must set exactly cpu and memory (got {sorted(quantities)})")

    def flags_url(self) -> pulumi.Output[str]:
        """Where the service reads its flags: the agent's path for this application/environment/profile."""
        return pulumi.Output.concat(
            f"http://localhost:{facts.AGENT_PORT}/applications/",
            self.application_id,
            "/environments/",
            self.environment_id,
            "/configurations/",
            self.profile_id,
        )


def agent_container(args: FlagsAgentArgs) -> dict[str, Any]:
    """The sidecar container (pod_spec adds the restricted security context and the /tmp mount)."""
    env = {
        "SERVICE_REGION": args.region,
        "HTTP_PORT": str(facts.AGENT_PORT),
        "POLL_INTERVAL": f"{args.poll_interval_seconds}s",
        # Fetch at start, so the first read of the service is served from the cache.
        "PREFETCH_LIST": pulumi.Output.concat(args.application_id, ":", args.environment_id, ":", args.profile_id),
        "LOG_LEVEL": "info",
    }
    return {
        "name": CONTAINER_NAME,
        "image": args.image,
        "ports": [{"name": PORT_NAME, "container_port": facts.AGENT_PORT, "protocol": "TCP"}],
        "env": [{"name": key, "value": value} for key, value in sorted(env.items())],
        "resources": objects.resources(args.requests, args.limits),
        # The agent serves HTTP on its port once started; a TCP check needs no knowledge of its paths.
        "liveness_probe": objects.tcp_probe(PORT_NAME),
        "readiness_probe": objects.tcp_probe(PORT_NAME, period=5),
    }
