"""Service settings: the Kubernetes workloads of the backend, and what each needs from the data tier."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from components.reference.edge import NODE_PORT_RANGE
from components.reference.namespaces import namespace_problem
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.environment import FLOORS
from infra.settings.redaction import preview
from infra.settings.values import checked_by

DNS_LABEL_PATTERN = r"^[a-z]([a-z0-9-]{0,30}[a-z0-9])?\Z"
IMAGE_REPOSITORY_PATTERN = r"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\.[a-z0-9-]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)+\Z"
IMAGE_TAG_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\Z"
IMAGE_DIGEST_PATTERN = r"^sha256:[0-9a-f]{64}\Z"
# ALB path patterns (ELB API reference, PathPatternConditionConfig): up to 128 characters of
# A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?; a rule takes at most 5 condition values.
PATH_PATTERN = r"^/[A-Za-z0-9_.$/~\"'@:+&*?-]{0,127}\Z"
HOST_PATTERN = r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\Z"
MAX_PATH_PATTERNS = 5
DEFAULT_NODE_PORT = 30080
MIN_UNPRIVILEGED_PORT = 1024  # pods run as non-root without NET_BIND_SERVICE

_CPU = re.compile(r"^(?P<number>[0-9]+(\.[0-9]+)?)(?P<unit>m?)\Z")
_MEMORY = re.compile(r"^(?P<number>[0-9]+(\.[0-9]+)?)(?P<unit>Ki|Mi|Gi|Ti|k|M|G|T)?\Z")
_MEMORY_FACTORS = {
    None: 1,
    "k": 10**3,
    "M": 10**6,
    "G": 10**9,
    "T": 10**12,
    "Ki": 2**10,
    "Mi": 2**20,
    "Gi": 2**30,
    "Ti": 2**40,
}


def cpu_cores(quantity: str) -> Decimal:
    """A Kubernetes CPU quantity ("250m", "1", "1.5") in cores."""
    match = _CPU.match(quantity)
    if match is None:
        raise ValueError("must be a CPU quantity such as 250m or 1.5")
    number = Decimal(match["number"])
    return number / 1000 if match["unit"] == "m" else number


def memory_bytes(quantity: str) -> Decimal:
    """A Kubernetes memory quantity ("256Mi", "1Gi", "512M") in bytes."""
    match = _MEMORY.match(quantity)
    if match is None:
        raise ValueError("must be a memory quantity such as 256Mi or 1Gi")
    return Decimal(match["number"]) * _MEMORY_FACTORS[match["unit"]]


class ImageSettings(SettingsModel):
    """A container image: repository and tag, plus a digest (required in prod).

    Attributes:
        repository: Registry and path without tag, such as `111122223333.dkr.ecr.us-east-1.amazonaws.com/api`.
        tag: The image tag; `latest` is refused (it is not a version).
        digest: `sha256:<64 hex>`. Default: - pinned by tag only (refused in prod).
    """

    repository: str = Field(pattern=IMAGE_REPOSITORY_PATTERN)
    tag: str = Field(pattern=IMAGE_TAG_PATTERN)
    digest: str | None = Field(default=None, pattern=IMAGE_DIGEST_PATTERN)

    @field_validator("tag")
    @classmethod
    def _not_latest(cls, value: str) -> str:
        if value.lower() == "latest":
            raise ValueError("must name a version; 'latest' is not allowed")
        return value

    @property
    def reference(self) -> str:
        """The image reference a pod pulls: `repo:tag@sha256:...` or `repo:tag`."""
        pinned = f"{self.repository}:{self.tag}"
        return f"{pinned}@{self.digest}" if self.digest else pinned


def check_image_pinning(
    image: ImageSettings, path: tuple[str | int, ...], environment: str | None, problems: ViolationCollector
) -> None:
    """Prod pulls images by digest: a tag can be moved, a digest cannot."""
    if environment is not None and FLOORS[environment].image_digest and image.digest is None:
        message = f"is required in {environment} (pin the image by sha256 digest)"
        problems.add(path + ("digest",), message, image.digest)


class ReplicaSettings(SettingsModel):
    """Horizontal autoscaling bounds: `min` <= `max`, both 1-100."""

    min: int = Field(ge=1, le=100)
    max: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _min_not_above_max(self) -> ReplicaSettings:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


class ComputeQuantities(SettingsModel):
    """CPU and memory quantities in Kubernetes notation."""

    cpu: str
    memory: str

    @field_validator("cpu", "memory", mode="before")
    @classmethod
    def _numbers_are_quantities(cls, value: object) -> object:
        # YAML reads `cpu: 1` as a number; Kubernetes reads it as the quantity "1".
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    @field_validator("cpu")
    @classmethod
    def _cpu(cls, value: str) -> str:
        if cpu_cores(value) <= 0:
            raise ValueError("must be greater than 0")
        return value

    @field_validator("memory")
    @classmethod
    def _memory(cls, value: str) -> str:
        if memory_bytes(value) <= 0:
            raise ValueError("must be greater than 0")
        return value


class ResourceSettings(SettingsModel):
    """Requests (what the scheduler reserves) and limits (the ceiling); limits >= requests."""

    requests: ComputeQuantities
    limits: ComputeQuantities

    @model_validator(mode="after")
    def _limits_cover_requests(self) -> ResourceSettings:
        problems = ViolationCollector()
        if cpu_cores(self.limits.cpu) < cpu_cores(self.requests.cpu):
            problems.add(("limits", "cpu"), f"must be >= requests.cpu ({self.requests.cpu})", self.limits.cpu)
        if memory_bytes(self.limits.memory) < memory_bytes(self.requests.memory):
            problems.add(
                ("limits", "memory"),
                f"must be >= requests.memory ({self.requests.memory})",
                self.limits.memory,
            )
        problems.raise_if_any()
        return self


class HealthSettings(SettingsModel):
    """HTTP probe paths on the service port.

    Attributes:
        liveness_path: Restart the container when this fails. Default: /healthz
        readiness_path: Take the pod out of the Service when this fails. Default: /readyz
        startup_path: Hold the other probes until this succeeds once. Default: /healthz
    """

    liveness_path: str = Field(default="/healthz", pattern=r"^/[A-Za-z0-9/_.-]*\Z")
    readiness_path: str = Field(default="/readyz", pattern=r"^/[A-Za-z0-9/_.-]*\Z")
    startup_path: str = Field(default="/healthz", pattern=r"^/[A-Za-z0-9/_.-]*\Z")


class LoadBalancerExposure(SettingsModel):
    """How the front door's load balancers route to a service (`ingress.load_balancer`).

    Attributes:
        paths: ALB path patterns routed to the service (up to 5; `*` and `?` wildcards). Default: ["/*"]
        host: Host header the requests must carry as well. Default: - any host.
        node_port: The Service's fixed NodePort that the load balancer's target group reaches on every
            node, 30000-32767, unique per stack. Default: 30080
    """

    paths: tuple[str, ...] = Field(default=("/*",), min_length=1, max_length=MAX_PATH_PATTERNS)
    host: str | None = Field(default=None, pattern=HOST_PATTERN)
    node_port: int = Field(default=DEFAULT_NODE_PORT, ge=NODE_PORT_RANGE[0], le=NODE_PORT_RANGE[1])

    @field_validator("paths")
    @classmethod
    def _path_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for path in value:
            if not re.match(PATH_PATTERN, path):
                raise ValueError(
                    f"must be ALB path patterns starting with / of at most 128 characters (got {preview(path)})"
                )
        return value


class IngressSettings(SettingsModel):
    """Who may open connections to the service.

    Attributes:
        load_balancer: Expose the service through the front door (a mapping, or `true` for the defaults):
            its NetworkPolicy then admits the load balancers' subnets on the container port. Default: -
            not exposed (`false` means the same).
        from_services: Names of other services that call this one. Default: - none.
    """

    load_balancer: LoadBalancerExposure | None = None
    from_services: tuple[str, ...] = ()

    @field_validator("load_balancer", mode="before")
    @classmethod
    def _true_means_defaults(cls, value: object) -> object:
        if value is True:
            return {}
        return None if value is False else value


class QueueNeeds(SettingsModel):
    """The queues (from the `queues` section) a service sends to and consumes from.

    Attributes:
        send: Queues it sends messages to (sqs:SendMessage). Default: - none.
        consume: Queues it receives, deletes and defers messages of. Default: - none.
    """

    send: tuple[str, ...] = ()
    consume: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every queue the service uses, each once, in the order declared."""
        return tuple(dict.fromkeys((*self.send, *self.consume)))


class NeedsSettings(SettingsModel):
    """What the service uses; its AWS role and NetworkPolicy grant exactly this, nothing else.

    Attributes:
        database_user: PostgreSQL user it connects as with IAM authentication. Default: - no database.
        cache: Connects to the cache. Default: false
        secrets: Names of secrets (from the `secrets` section) it reads. Default: - none.
        queues: Queues it sends to and consumes from. Default: - none.
        flags: Reads the feature flags (from the `releases` section) through the AppConfig Agent
            sidecar. Default: false
        user_tokens: Validates the users' tokens: gets the pool's issuer, JWKS URL and audiences as
            environment, and HTTPS egress to the pool's public endpoint for the signing keys. Default: false
        user_lookup: Reads users from the pool: `cognito-idp:AdminGetUser` on that pool, nothing else
            (implies user_tokens). Default: false
    """

    database_user: str | None = Field(default=None, pattern=r"^[a-z_][a-z0-9_]{0,62}\Z")
    cache: bool = False
    secrets: tuple[str, ...] = ()
    queues: QueueNeeds = QueueNeeds()
    flags: bool = False
    user_tokens: bool = False
    user_lookup: bool = False

    @property
    def uses_aws_apis(self) -> bool:
        """Secrets (and the cache's AUTH secret), queues and flags are AWS APIs called with the pod's role."""
        return bool(self.secrets) or self.cache or bool(self.queues.names) or self.flags

    @property
    def uses_user_pool(self) -> bool:
        """Reaches the user pool's public endpoint (signing keys, user look-ups)."""
        return self.user_tokens or self.user_lookup


class ServiceSettings(SettingsModel):
    """One workload of the backend (an API, a worker, ...)."""

    name: Annotated[str, Field(pattern=DNS_LABEL_PATTERN), checked_by(namespace_problem)]
    image: ImageSettings
    port: int = Field(ge=MIN_UNPRIVILEGED_PORT, le=65535)
    replicas: ReplicaSettings
    resources: ResourceSettings
    health: HealthSettings = HealthSettings()
    ingress: IngressSettings = IngressSettings()
    needs: NeedsSettings = NeedsSettings()


def _check_services(services: tuple[ServiceSettings, ...], info: ValidationInfo) -> tuple[ServiceSettings, ...]:
    """Cross-service and per-environment rules; raises `Violations` listing every problem."""
    environment = environment_of(info)
    problems = ViolationCollector()
    names = [service.name for service in services]
    for index, service in enumerate(services):
        if names.index(service.name) != index:  # a later duplicate of an earlier name
            problems.add((index, "name"), "must be unique among services", service.name)
        for caller in service.ingress.from_services:
            if caller not in names or caller == service.name:
                problems.add((index, "ingress", "from_services"), f"must name other services {names}", caller)
        check_image_pinning(service.image, (index, "image"), environment, problems)
        if environment is not None:
            problems.at_least(
                (index, "replicas", "min"), service.replicas.min, FLOORS[environment].service_replicas, environment
            )
    problems.raise_if_any()
    return services


# The `services:` section: a list validated as a whole (unique names, callers that exist).
ServiceList = Annotated[tuple[ServiceSettings, ...], AfterValidator(_check_services)]
