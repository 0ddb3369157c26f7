"""One Kubernetes workload of the backend, secure by default.

Creates, in a namespace of its own labelled Pod Security `restricted`: a dedicated ServiceAccount
(no token mounted), a Deployment (probes, requests/limits, restricted securityContext, read-only root
with an emptyDir /tmp, zone spread, surge-first rolling updates that fail after a progress deadline,
optionally the AppConfig Agent sidecar for feature flags), a Service, an HPA, a PDB, a default-deny
NetworkPolicy plus one policy with exactly the allowed paths.

Its AWS role is not here: the AWS layer creates it with the Pod Identity association
(components/platform/workload_identity.py) and grants it exactly what the service declares it needs
(data, queues, flags); this component only names it on the pod template (`pod_identity_role_arn`), so
that the pods roll whenever the role they get changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_kubernetes as k8s

from components.kubernetes import objects as objects
from components.kubernetes.flags_agent import FLAGS_URL_ENV, FlagsAgentArgs, agent_container
from components.kubernetes.provider import KubernetesTarget
from components.reference.edge import NODE_PORT_RANGE
from components.support.validation import require_between

DNS_LABEL = re.compile(r"^[a-z]([a-z0-9-]{0,30}[a-z0-9])?\Z")
IMAGE_REFERENCE = re.compile(
    r"^(?P<repository>[^@\s]+?):(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})"
    r"(@sha256:[0-9a-f]{64})?\Z"
)
SERVICE_PORT = 80
HPA_CPU_UTILIZATION = 70
SCALE_DOWN_STABILIZATION_SECONDS = 300
# The label the policy pack's Service-exposure rule reads: only front doors it lists may expose a Service.
FRONT_DOOR_LABEL = "bulkhead.io/front-door"
FRONT_DOOR = "edge"
STARTUP_FAILURE_THRESHOLD = 30  # 30 x 5 s: up to 150 s to boot before liveness takes over
_CPU = re.compile(r"^[0-9]+(\.[0-9]+)?m?\Z")
_MEMORY = re.compile(r"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?\Z")


@dataclass(frozen=True, kw_only=True)
class EgressRule:
    """One allowed outbound path: TCP `port` to `cidr_blocks`.

    Attributes:
        port: Destination TCP port, 1-65535.
        cidr_blocks: Destination ranges (for example the isolated subnets of the data stores); may be an
            output of the AWS layer.
        description: Why the path exists (an annotation `bulkhead.io/egress-<port>` on the NetworkPolicy).
    """

    port: int
    cidr_blocks: pulumi.Input[Sequence[pulumi.Input[str]]]
    description: str

    def __post_init__(self) -> None:
        require_between("EgressRule.port", self.port, 1, 65535)
        if isinstance(self.cidr_blocks, Sequence) and not self.cidr_blocks:
            raise ValueError(f"EgressRule.cidr_blocks: must name at least one range ({self.description})")


@dataclass(frozen=True, kw_only=True)
class ServiceCall:
    """Another Bulkhead service this one calls: egress to that service's pods on its container port.

    Attributes:
        workload_name: The callee's workload name (selects its pods).
        namespace: The callee's namespace.
        port: The callee's container port, 1024-65535.
    """

    workload_name: str
    namespace: str
    port: int

    def __post_init__(self) -> None:
        require_between("ServiceCall.port", self.port, 1024, 65535)


@dataclass(frozen=True, kw_only=True)
class FrontDoorExposure:
    """The service is a target of a front door's load balancer: a NodePort Service on a fixed port.

    `externalTrafficPolicy: Local` keeps the load balancer's own address as the packets' source (no
    second hop through another node, no source NAT), so the NetworkPolicy can admit the load balancer's
    subnets and nothing else, and a node without a ready pod fails the target health check.

    Attributes:
        node_port: The fixed NodePort, 30000-32767 (the target group's port); may be an output of the
            AWS layer, which built the target group (checked when it is a plain number).
        door: Value of the `bulkhead.io/front-door` label, which the policy pack checks against the
            front doors allowed to expose Services. Default: edge
    """

    node_port: pulumi.Input[int]
    door: str = FRONT_DOOR

    def __post_init__(self) -> None:
        if isinstance(self.node_port, int):
            require_between("FrontDoorExposure.node_port", self.node_port, *NODE_PORT_RANGE)
        if not DNS_LABEL.match(self.door):
            raise ValueError(f"FrontDoorExposure.door: must be a DNS label (got {self.door!r})")


@dataclass(frozen=True, kw_only=True)
class ServiceArgs:
    """Inputs for `Service`.

    Attributes:
        cluster: The cluster it runs on.
        image: Image reference with a tag (`repo:1.4.2` or `repo:1.4.2@sha256:...`); never `latest`.
        port: Container port of the HTTP server (probes, Service), 1024-65535.
        min_replicas: HPA floor (and initial replicas), >= 1.
        max_replicas: HPA ceiling, >= min_replicas.
        requests: CPU and memory requests, e.g. {"cpu": "250m", "memory": "256Mi"}.
        limits: CPU and memory limits (>= requests, checked by the settings).
        workload_name: Name of the Kubernetes objects (a DNS label). Default: - the component name.
        namespace: Namespace of the service. Default: - the workload name.
        liveness_path: Default: /healthz
        readiness_path: Default: /readyz
        startup_path: Default: /healthz
        egress: Allowed outbound paths besides DNS and the Pod Identity agent. Default: - none.
        ingress_cidr_blocks: Ranges allowed to connect on the port (the load balancers' subnets); may be
            an output of the AWS layer. Default: - none.
        front_door: Expose the Service on a fixed NodePort to a front door's load balancer (pair it with
            `ingress_cidr_blocks` = the load balancer's subnets). Default: - ClusterIP, in-cluster only.
        ingress_from_namespaces: Namespaces of services allowed to call this one. Default: - none.
        calls: Services this one calls (each must admit it in its `ingress_from_namespaces`): the
            default-deny egress would otherwise drop the calls. Default: - none.
        env: Plain environment variables (never secrets): where the service's data and queues are; may
            be an output of the AWS layer. Default: - AWS_REGION only.
        uid: Non-root user and group id the containers run as. Default: 10001
        pod_identity_role_arn: The AWS role EKS Pod Identity gives the pods (created by the AWS
            layer), annotated on the pod template. Default: - no AWS role (the pods get no AWS
            credentials).
        rollout: Progress deadline and min-ready time of the Deployment. Default: - 600 s and 10 s.
        flags_agent: The AppConfig Agent sidecar serving the service's feature flags on localhost
            (the service gets BULKHEAD_FLAGS_URL). Default: - no sidecar, no flags.
    """

    cluster: KubernetesTarget
    image: str
    port: int
    min_replicas: int
    max_replicas: int
    requests: Mapping[str, str]
    limits: Mapping[str, str]
    workload_name: str | None = None
    namespace: str | None = None
    liveness_path: str = "/healthz"
    readiness_path: str = "/readyz"
    startup_path: str = "/healthz"
    egress: Sequence[EgressRule] = ()
    ingress_cidr_blocks: pulumi.Input[Sequence[pulumi.Input[str]]] = ()
    front_door: FrontDoorExposure | None = None
    ingress_from_namespaces: Sequence[str] = ()
    calls: Sequence[ServiceCall] = ()
    env: pulumi.Input[Mapping[str, pulumi.Input[str]]] = field(default_factory=dict)
    uid: int = objects.DEFAULT_UID
    pod_identity_role_arn: pulumi.Input[str] | None = None
    rollout: objects.RolloutArgs = objects.DEFAULT_ROLLOUT
    flags_agent: FlagsAgentArgs | None = None

    def __post_init__(self) -> None:
        match = IMAGE_REFERENCE.match(self.image)
        if match is None:
            raise ValueError(
                f"ServiceArgs.image: must be `repository:tag` or `repository:tag@sha256:<digest>` (got {self.image!r})"
            )
        if match["tag"].lower() == "latest":
            raise ValueError(f"ServiceArgs.image: the tag must name a version, not 'latest' (got {self.image!r})")
        require_between("ServiceArgs.port", self.port, 1024, 65535)
        if self.min_replicas < 1:
            raise ValueError(f"ServiceArgs.min_replicas: must be >= 1 (got {self.min_replicas})")
        if self.max_replicas < self.min_replicas:
            raise ValueError(
                f"ServiceArgs.max_replicas: must be >= min_replicas {self.min_replicas} (got {self.max_replicas})"
            )
        for kind, quantities in (("requests", self.requests), ("limits", self.limits)):
            _check_quantities(kind, quantities)
        if self.namespace is not None and (not DNS_LABEL.match(self.namespace) or self.namespace == "default"):
            raise ValueError(
                f"ServiceArgs.namespace: must be a DNS label other than 'default' (got {self.namespace!r})"
            )
        if self.uid <= 0:
            raise ValueError(f"ServiceArgs.uid: must be a non-zero user id (got {self.uid})")
        if self.front_door is not None and not self.ingress_cidr_blocks:
            raise ValueError(
                "ServiceArgs.ingress_cidr_blocks: a front-door Service must admit the load balancer's subnets "
                "(got none: its NetworkPolicy would drop every request)"
            )


def _check_quantities(kind: str, quantities: Mapping[str, str]) -> None:
    if set(quantities) != {"cpu", "memory"}:
        raise ValueError(f"ServiceArgs.{kind}: must set exactly cpu and memory (got {sorted(quantities)})")
    if not _CPU.match(quantities["cpu"]):
        raise ValueError(f"ServiceArgs.{kind}.cpu: must be a CPU quantity such as 250m (got {quantities['cpu']!r})")
    if not _MEMORY.match(quantities["memory"]):
        raise ValueError(
            f"ServiceArgs.{kind}.memory: must be a memory quantity such as 256Mi (got {quantities['memory']!r})"
        )


class Service(pulumi.ComponentResource):
    """A restricted, autoscaled, network-isolated workload."""

    workload_name: str
    namespace: str
    service_account_name: str
    pod_labels: dict[str, str]

    def __init__(self, name: str, args: ServiceArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:service:Service", name, None, opts)
        workload = args.workload_name or name
        if not DNS_LABEL.match(workload):
            raise ValueError(f"Service workload name: must be a DNS label such as 'api' (got {workload!r})")
        self._name = name
        self._args = args
        self.workload_name = workload
        self.namespace = args.namespace or workload
        self.service_account_name = workload
        self.pod_labels = objects.app_labels(workload)
        self._namespace = self._create_namespace()
        objects.service_account(
            f"{name}-sa",
            name=self.service_account_name,
            namespace=self.namespace,
            labels=self.pod_labels,
            automount_token=False,
            opts=self._k8s(),
        )
        self._create_workload()
        self._create_network_policies()
        self.register_outputs({"namespace": self.namespace})

    def _k8s(self, **kwargs) -> pulumi.ResourceOptions:
        # Everything in the namespace waits for it (it is created here, not looked up).
        depends_on = [self._namespace, *kwargs.pop("depends_on", [])]
        return objects.k8s_options(self, self._args.cluster.provider, depends_on=depends_on, **kwargs)

    def _create_namespace(self) -> k8s.core.v1.Namespace:
        return k8s.core.v1.Namespace(
            f"{self._name}-namespace",
            metadata=objects.metadata(self.namespace, None, {**self.pod_labels, **objects.POD_SECURITY_LABELS}),
            opts=objects.k8s_options(self, self._args.cluster.provider),
        )

    def _container(self) -> dict:
        args = self._args
        return {
            "name": self.workload_name,
            "image": args.image,
            "ports": [{"name": "http", "container_port": args.port, "protocol": "TCP"}],
            "env": self._env(),
            "resources": objects.resources(args.requests, args.limits),
            "startup_probe": objects.http_probe(
                args.startup_path, "http", period=5, failure_threshold=STARTUP_FAILURE_THRESHOLD
            ),
            "liveness_probe": objects.http_probe(args.liveness_path, "http"),
            "readiness_probe": objects.http_probe(args.readiness_path, "http", period=5),
        }

    def _env(self) -> pulumi.Output[list[dict[str, str]]]:
        """The region, what the AWS layer says about the service's data and queues, and where its flags are."""
        args = self._args
        flags_url = args.flags_agent.flags_url() if args.flags_agent is not None else None

        def variables(values: list) -> list[dict[str, str]]:
            env, url = values
            merged = {"AWS_REGION": args.cluster.region, **env}
            if url is not None:
                merged[FLAGS_URL_ENV] = url
            return [{"name": key, "value": value} for key, value in sorted(merged.items())]

        return pulumi.Output.all(pulumi.Output.from_input(args.env), flags_url).apply(variables)

    def _create_workload(self) -> None:
        name, workload, args, labels = self._name, self.workload_name, self._args, self.pod_labels
        sidecars = [agent_container(args.flags_agent)] if args.flags_agent is not None else []
        pod = objects.pod_spec(
            service_account=self.service_account_name,
            containers=[self._container(), *sidecars],
            labels=labels,
            uid=args.uid,
        )
        # The HPA owns the replica count after creation; Pulumi must not reset it on every update.
        deployment = objects.deployment(
            f"{name}-deployment",
            name=workload,
            namespace=self.namespace,
            labels=labels,
            replicas=args.min_replicas,
            pod=pod,
            rollout=args.rollout,
            pod_annotations=(
                {objects.POD_IDENTITY_ROLE_ANNOTATION: args.pod_identity_role_arn}
                if args.pod_identity_role_arn is not None
                else None
            ),
            opts=self._k8s(ignore_changes=["spec.replicas"]),
        )
        self._create_service()
        k8s.autoscaling.v2.HorizontalPodAutoscaler(
            f"{name}-hpa",
            metadata=objects.metadata(workload, self.namespace, labels),
            spec={
                "scale_target_ref": {"api_version": "apps/v1", "kind": "Deployment", "name": workload},
                "min_replicas": args.min_replicas,
                "max_replicas": args.max_replicas,
                "metrics": [
                    {
                        "type": "Resource",
                        "resource": {
                            "name": "cpu",
                            "target": {"type": "Utilization", "average_utilization": HPA_CPU_UTILIZATION},
                        },
                    }
                ],
                "behavior": {"scale_down": {"stabilization_window_seconds": SCALE_DOWN_STABILIZATION_SECONDS}},
            },
            opts=self._k8s(depends_on=[deployment]),
        )
        objects.disruption_budget(
            f"{name}-pdb", name=workload, namespace=self.namespace, labels=labels, opts=self._k8s()
        )

    def _create_service(self) -> None:
        port = {"name": "http", "port": SERVICE_PORT, "target_port": "http", "protocol": "TCP"}
        spec: dict = {"type": "ClusterIP", "selector": dict(self.pod_labels), "ports": [port]}
        labels = dict(self.pod_labels)
        exposure = self._args.front_door
        if exposure is not None:
            spec.update(type="NodePort", external_traffic_policy="Local")
            port["node_port"] = exposure.node_port
            labels[FRONT_DOOR_LABEL] = exposure.door
        k8s.core.v1.Service(
            f"{self._name}-service",
            metadata=objects.metadata(self.workload_name, self.namespace, labels),
            spec=spec,
            opts=self._k8s(),
        )

    def _create_network_policies(self) -> None:
        name, args = self._name, self._args
        objects.network_policy(
            f"{name}-default-deny",
            name="default-deny",
            namespace=self.namespace,
            labels=self.pod_labels,
            pod_labels=None,
            ingress=[],
            egress=[],
            opts=self._k8s(),
        )
        ingress = []
        if not (isinstance(args.ingress_cidr_blocks, Sequence) and not args.ingress_cidr_blocks):
            ingress.append(
                {"from": objects.cidr_peers(args.ingress_cidr_blocks), "ports": objects.tcp_ports(args.port)}
            )
        if args.ingress_from_namespaces:
            ingress.append(
                {
                    "from": [
                        {"namespace_selector": objects.namespace_selector(namespace)}
                        for namespace in args.ingress_from_namespaces
                    ],
                    "ports": objects.tcp_ports(args.port),
                }
            )
        egress = [
            objects.dns_egress(),
            *([objects.pod_identity_agent_egress()] if args.pod_identity_role_arn is not None else []),
            *(
                {"to": objects.cidr_peers(rule.cidr_blocks), "ports": objects.tcp_ports(rule.port)}
                for rule in args.egress
            ),
            # Selecting the callee's pods also admits its Service's ClusterIP (the VPC CNI resolves it).
            *(
                {
                    "to": [
                        {
                            "namespace_selector": objects.namespace_selector(call.namespace),
                            "pod_selector": {"match_labels": objects.app_labels(call.workload_name)},
                        }
                    ],
                    "ports": objects.tcp_ports(call.port),
                }
                for call in args.calls
            ),
        ]
        objects.network_policy(
            f"{name}-allow",
            name=f"{self.workload_name}-allow",
            namespace=self.namespace,
            labels=self.pod_labels,
            pod_labels=self.pod_labels,
            ingress=ingress,
            egress=egress,
            annotations=egress_annotations(args.egress),
            opts=self._k8s(),
        )


def egress_annotations(rules: Sequence[EgressRule]) -> dict[str, str]:
    """`bulkhead.io/egress-<port>`: why each port is open; rules sharing a port (AWS APIs and the user pool
    on 443) keep every reason, in rule order."""
    reasons: dict[str, list[str]] = {}
    for rule in rules:
        reasons.setdefault(f"bulkhead.io/egress-{rule.port}", []).append(rule.description)
    return {key: "; ".join(values) for key, values in reasons.items()}
