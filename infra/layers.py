"""The two layers of the program and what crosses between them (docs/layers.md).

- The AWS layer (project of the repository's Pulumi.yaml, program infra/aws_layer.py) creates
  everything that talks to AWS APIs and exports, per cluster, the `ClusterFacts` below under the stack
  output `kubernetes`.
- The Kubernetes layer (one project per cluster under infra/kubernetes/<cluster>/, one program,
  infra/kubernetes_layer.py) reads the same stack file and that output through a StackReference to the
  AWS layer's stack of the same name, and creates the cluster's Kubernetes objects. It is applied by the
  in-VPC runner, because the cluster endpoints are private.

This module is shared by both programs, so it imports neither provider SDK.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_args

import pulumi
import yaml

from infra.settings import SettingsError, StackSettings, validate_settings
from infra.settings.errors import SETTINGS_KEY
from infra.settings.loader import REGION_KEY, require_keys

REPO_ROOT = Path(__file__).resolve().parents[1]
AWS_PROJECT_FILE = REPO_ROOT / "Pulumi.yaml"
Layer = Literal["aws", "kubernetes"]
LAYERS: tuple[Layer, ...] = get_args(Layer)
ClusterRole = Literal["primary", "standby"]
CLUSTER_ROLES: tuple[ClusterRole, ...] = get_args(ClusterRole)
# The Kubernetes layer's project per cluster: its name (state is kept per project and stack) and folder.
KUBERNETES_PROJECTS: dict[ClusterRole, str] = {
    "primary": "bulkhead-kubernetes",
    "standby": "bulkhead-kubernetes-standby",
}
KUBERNETES_PROJECTS_DIR = "infra/kubernetes"
POLICY_CONFIG_DIR = "policies/config"
KUBERNETES_OUTPUT = "kubernetes"  # the AWS layer's stack output the Kubernetes layer reads
# Where a path goes through NAT: AWS APIs without a VPC endpoint (in `aws_api_cidrs`), the user pool.
ANYWHERE = "0.0.0.0/0"


def kubernetes_project_dir(role: ClusterRole) -> str:
    """The folder (relative to the repository root) of the Pulumi.yaml of the cluster's Kubernetes layer."""
    return f"{KUBERNETES_PROJECTS_DIR}/{role}"


def policy_config_path(stack: str, environment: str) -> str:
    """The pack config (relative to the repository root) the runner passes with the Kubernetes layer's
    `pulumi up`: the stack's own `policies/config/<stack>.json` (written by `bulkhead new`), else its
    environment's. The same choice as policies.config.stack_config_path, which the programs cannot import
    (it loads the whole pack); tests/components/test_runner.py keeps the two the same.
    """
    own = f"{POLICY_CONFIG_DIR}/{stack}.json"
    return own if (REPO_ROOT / own).is_file() else f"{POLICY_CONFIG_DIR}/{environment}.json"


def cluster_role_of(project: str) -> ClusterRole:
    """The cluster a Kubernetes-layer project applies to, from its project name."""
    for role, name in KUBERNETES_PROJECTS.items():
        if name == project:
            return role
    raise pulumi.RunError(
        f"project {project!r} is not a Kubernetes-layer project; expected one of {sorted(KUBERNETES_PROJECTS.values())}"
    )


def aws_project_name(project_file: Path = AWS_PROJECT_FILE) -> str:
    """The AWS layer's project name, from the repository's Pulumi.yaml (`pulumi new` may have renamed it)."""
    document = yaml.safe_load(project_file.read_text(encoding="utf-8"))
    return document["name"]


def settings_from_config() -> StackSettings:
    """Reads and validates this stack's config; a bad config stops the program with every problem listed.

    Both layers read the same stack file (stacks/Pulumi.<stack>.yaml), so they validate it the same way.
    """
    source = f"stacks/Pulumi.{pulumi.get_stack()}.yaml"
    values = {
        REGION_KEY: pulumi.Config("aws").get("region"),
        SETTINGS_KEY: pulumi.Config("bulkhead").get_object("settings"),
    }
    config = {key: value for key, value in values.items() if value is not None}
    require_keys(config, source)
    return validate_settings(config[SETTINGS_KEY], config[REGION_KEY], source)


def settings_or_stop() -> StackSettings:
    """`settings_from_config()`, or the Pulumi error that lists every problem."""
    try:
        return settings_from_config()
    except SettingsError as error:
        raise pulumi.RunError(f"invalid stack settings:\n{error}") from None


@dataclass(frozen=True)
class ClusterFacts:
    """What the Kubernetes layer needs to know about one cluster, as the AWS layer exports it.

    Attributes:
        name: The EKS cluster name.
        endpoint: Its (private) API endpoint.
        certificate_authority: Its certificate authority (base64 PEM).
        region: Its region.
        vpc_cidr_block: The VPC range (nodes, control-plane ENIs).
        api_server_service_ip: ClusterIP of `default/kubernetes`.
        data_cidrs: Ranges of the isolated subnets (the data stores).
        load_balancer_cidrs: Ranges of the public subnets (the load balancers).
        node_cidrs: Ranges of the private subnets (the nodes, where the CloudWatch agent of the
            observability add-on listens for traces on the host network).
        aws_api_cidrs: Where pods reach AWS APIs: the VPC (endpoints) or anywhere (NAT).
        pod_identity_roles: Workload name -> the role the AWS layer associated with its service account.
        service_env: Service name -> the plain environment telling it where its data lives and, for a
            service that validates users' tokens, the user pool's issuer, JWKS URL, audiences (and pool id).
        front_door_node_ports: Service name -> the NodePort the front door's target group in this
            cluster's region sends to (the Service must open exactly that port). Default: - none (no
            front door, or no service exposed).
        feature_flags: The AppConfig profile the services' flag agents poll in this cluster's region:
            `application_id`, `environment_id`, `profile_id`. Default: - none (no `releases:` section).
    """

    name: pulumi.Input[str]
    endpoint: pulumi.Input[str]
    certificate_authority: pulumi.Input[str]
    region: pulumi.Input[str]
    vpc_cidr_block: pulumi.Input[str]
    api_server_service_ip: pulumi.Input[str]
    data_cidrs: pulumi.Input[list[str]]
    load_balancer_cidrs: pulumi.Input[list[str]]
    node_cidrs: pulumi.Input[list[str]]
    aws_api_cidrs: pulumi.Input[list[str]]
    pod_identity_roles: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    service_env: pulumi.Input[Mapping[str, Mapping[str, pulumi.Input[str]]]]
    front_door_node_ports: pulumi.Input[Mapping[str, pulumi.Input[int]]] = field(default_factory=dict)
    feature_flags: pulumi.Input[Mapping[str, pulumi.Input[str]]] = field(default_factory=dict)

    def exported(self) -> dict[str, Any]:
        """The facts as a stack-output value."""
        return {item.name: getattr(self, item.name) for item in fields(self)}

    @classmethod
    def from_output(cls, facts: pulumi.Output[Mapping[str, Any]]) -> ClusterFacts:
        """Facts whose every field is an output of the referenced stack's `facts`."""

        def field_of(value: Mapping[str, Any], key: str) -> Any:
            if key not in value:
                raise ValueError(
                    f"the AWS layer's `{KUBERNETES_OUTPUT}` output has no {key!r}: apply the AWS layer of this "
                    "version of the repository first"
                )
            return value[key]

        return cls(**{item.name: facts.apply(functools.partial(field_of, key=item.name)) for item in fields(cls)})

    def role_of(self, workload: str, aws_stack: str) -> pulumi.Output[str]:
        """The Pod Identity role of `workload`; the error says to apply the AWS layer when it has none."""

        def role(roles: Mapping[str, Any]) -> str:  # resolved values
            if workload not in roles:
                raise ValueError(
                    f"the AWS layer stack {aws_stack} has no Pod Identity role for {workload!r} (it has "
                    f"{sorted(roles)}): apply the AWS layer with these settings first"
                )
            return roles[workload]

        return pulumi.Output.from_input(self.pod_identity_roles).apply(role)

    def node_port_of(self, service: str, aws_stack: str) -> pulumi.Output[int]:
        """The NodePort of `service`'s target group; the error says to apply the AWS layer when it has none."""

        def port(ports: Mapping[str, Any]) -> int:  # resolved values
            if service not in ports:
                raise ValueError(
                    f"the AWS layer stack {aws_stack} has no front-door target group for {service!r} (it has "
                    f"{sorted(ports)}): apply the AWS layer with these settings first"
                )
            return int(ports[service])

        return pulumi.Output.from_input(self.front_door_node_ports).apply(port)

    def flag_id_of(self, key: str, aws_stack: str) -> pulumi.Output[str]:
        """One identifier of the flags profile (`application_id`, `environment_id` or `profile_id`); the
        error says to apply the AWS layer when it has built no flags."""

        def identifier(flags: Mapping[str, Any]) -> str:  # resolved values
            if key not in flags:
                raise ValueError(
                    f"the AWS layer stack {aws_stack} has no feature flags in this cluster's region: apply the "
                    "AWS layer with these settings first"
                )
            return str(flags[key])

        return pulumi.Output.from_input(self.feature_flags).apply(identifier)


def cluster_facts_of(kubernetes_output: pulumi.Output[Any], role: ClusterRole, aws_stack: str) -> ClusterFacts:
    """The facts of the `role` cluster in the AWS layer's `kubernetes` output; a clear error if absent."""

    def facts(value: Any) -> Mapping[str, Any]:
        clusters = (value or {}).get("clusters", {})
        if role not in clusters:
            raise ValueError(
                f"the AWS layer stack {aws_stack} exports no {role} cluster (it exports {sorted(clusters)}): "
                "apply the AWS layer with these settings first"
            )
        return clusters[role]

    return ClusterFacts.from_output(kubernetes_output.apply(facts))
