"""The EKS cluster, on raw `pulumi_aws.eks` resources.

- Control plane: private API endpoint (a public one only from listed CIDRs, never 0.0.0.0/0),
  Kubernetes secrets envelope-encrypted with the cluster CMK, control-plane logs to an encrypted log
  group with retention, authentication mode API: admins get access entries; the creator gets nothing
  implicitly and there is no aws-auth ConfigMap.
- Managed add-ons at pinned versions; the VPC CNI (with NetworkPolicy enforcement on) and the EBS CSI
  driver get their AWS permissions through Pod Identity, not through the node role.
- One managed node group from a hardened launch template (components/platform/cluster_nodes.py).
- cluster-autoscaler's AWS role and Pod Identity association (its Kubernetes objects, and
  metrics-server's, are the Kubernetes layer's: components/kubernetes/).

Nothing here talks to the Kubernetes API: the endpoint is private, so the Kubernetes layer is applied
from inside the VPC (docs/layers.md).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.platform.cluster_autoscaling import cluster_autoscaler_policy
from components.platform.cluster_nodes import (
    NodeGroupArgs,
    create_launch_template,
    create_node_group,
    create_node_role,
)
from components.platform.workload_identity import WorkloadIdentity, WorkloadIdentityArgs
from components.reference.kubernetes import CLUSTER_AUTOSCALER, SYSTEM_NAMESPACE
from components.support.firewall import OPEN_TO_THE_INTERNET, allow_tcp_from_cidr, closed_security_group
from components.support.iam import document, service_trust, statement
from components.support.logs import encrypted_log_group
from components.support.workload_identity import ClusterAccess, pod_identity_role

REQUIRED_LOG_TYPES = ("api", "audit", "authenticator")
ALL_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
DEFAULT_LOG_RETENTION_DAYS = 365
REQUIRED_ADDONS = ("vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "aws-ebs-csi-driver")
# Networking add-ons must exist before nodes can become Ready; the others schedule pods on nodes.
ADDONS_BEFORE_NODES = ("vpc-cni", "kube-proxy", "eks-pod-identity-agent")
# Add-ons that call AWS APIs: (service account, AWS-managed policy AWS publishes for exactly that job).
ADDON_IDENTITIES = {
    "vpc-cni": ("aws-node", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"),
    "aws-ebs-csi-driver": (
        "ebs-csi-controller-sa",
        "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    ),
}
ADDON_CONFIGURATION = {
    "vpc-cni": {"enableNetworkPolicy": "true"},  # without it, NetworkPolicies are not enforced
}
CLUSTER_MANAGED_POLICY = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
ADMIN_ACCESS_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
SECRETS_KMS_ACTIONS = ("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ListGrants")
# What workload roles may ever be granted (their permissions boundary): reading secrets and keys,
# IAM database and cache authentication, sending and consuming queue messages (with the data keys SQS
# generates for them), reading feature flags, reading one user of a user pool, in this account and region only.
WORKLOAD_BOUNDARY_ACTIONS = {
    "secretsmanager": ("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
    "kms": ("kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"),
    "rds-db": ("rds-db:connect",),
    "elasticache": ("elasticache:Connect",),
    "sqs": ("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:ReceiveMessage", "sqs:SendMessage"),
    "appconfig": ("appconfig:GetLatestConfiguration", "appconfig:StartConfigurationSession"),
    "cognito-idp": ("cognito-idp:AdminGetUser",),
}
WORKLOAD_BOUNDARY_RESOURCES = {
    "secretsmanager": "secret:*",
    "kms": "key/*",
    "rds-db": "dbuser:*/*",
    "elasticache": "*",
    "sqs": "*",
    "appconfig": "application/*",
    "cognito-idp": "userpool/*",
}
HTTPS = 443
# The Kubernetes Service range EKS picks when none is given: 10.100.0.0/16, or 172.20.0.0/16 for a VPC
# in 10.0.0.0/8. Bulkhead states it explicitly so that the API server's Service IP is known.
DEFAULT_SERVICE_CIDR = "10.100.0.0/16"
DEFAULT_SERVICE_CIDR_IN_A_10_VPC = "172.20.0.0/16"
# What EKS accepts as a Service range (EKS API KubernetesNetworkConfigRequest.serviceIpv4Cidr).
SERVICE_CIDR_RANGES = tuple(ipaddress.IPv4Network(cidr) for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
SERVICE_CIDR_PREFIXES = (12, 24)


@dataclass(frozen=True, kw_only=True)
class ClusterArgs:
    """Inputs for `Cluster`.

    Attributes:
        region: Region of the cluster (the kubeconfig's token command and ARNs name it).
        account_id: Account of the cluster.
        version: Kubernetes minor version, such as "1.33".
        vpc_id: The VPC.
        vpc_cidr_block: The VPC range; the private API endpoint accepts HTTPS from it.
        subnet_ids: Private subnets in >= 2 AZs, for the control-plane ENIs and the nodes.
        kms_key_arn: Cluster CMK: Kubernetes secrets envelope encryption and node volumes.
        logs_kms_key_arn: CMK of the control-plane log group.
        admin_role_arns: Roles given cluster-admin through access entries (include the deployer's).
        addon_versions: Version of each add-on in REQUIRED_ADDONS, by add-on name.
        nodes: The managed node group.
        public_access_cidrs: CIDRs allowed on a public endpoint. Default: - private endpoint only.
        service_cidr_block: Range of the Kubernetes Services: in 10.0.0.0/8, 172.16.0.0/12 or
            192.168.0.0/16, /12 to /24, outside the VPC. Default: - what EKS would pick,
            172.20.0.0/16 for a VPC in 10.0.0.0/8, else 10.100.0.0/16.
        log_types: Control-plane log types, a superset of REQUIRED_LOG_TYPES. Default: all five.
        log_retention_days: Control-plane log retention. Default: 365
        deletion_protection: Refuse deletion of the cluster. Default: true
    """

    region: str
    account_id: pulumi.Input[str]
    version: str
    vpc_id: pulumi.Input[str]
    vpc_cidr_block: str
    subnet_ids: Sequence[pulumi.Input[str]]
    kms_key_arn: pulumi.Input[str]
    logs_kms_key_arn: pulumi.Input[str]
    admin_role_arns: Sequence[str]
    addon_versions: Mapping[str, str]
    nodes: NodeGroupArgs
    public_access_cidrs: Sequence[str] = ()
    service_cidr_block: str | None = None
    log_types: Sequence[str] = ALL_LOG_TYPES
    log_retention_days: int = DEFAULT_LOG_RETENTION_DAYS
    deletion_protection: bool = True

    def __post_init__(self) -> None:
        if len(self.subnet_ids) < 2:
            raise ValueError(f"ClusterArgs.subnet_ids: must name subnets in >= 2 AZs (got {len(self.subnet_ids)})")
        if not self.admin_role_arns:
            raise ValueError("ClusterArgs.admin_role_arns: must name at least one role (got none)")
        open_cidrs = [cidr for cidr in self.public_access_cidrs if cidr in OPEN_TO_THE_INTERNET]
        if open_cidrs:
            raise ValueError(f"ClusterArgs.public_access_cidrs: must not include {open_cidrs}; list your own ranges")
        missing_logs = sorted(set(REQUIRED_LOG_TYPES) - set(self.log_types))
        if missing_logs:
            raise ValueError(f"ClusterArgs.log_types: must include {list(REQUIRED_LOG_TYPES)} (missing {missing_logs})")
        unknown_logs = sorted(set(self.log_types) - set(ALL_LOG_TYPES))
        if unknown_logs:
            raise ValueError(f"ClusterArgs.log_types: unknown {unknown_logs}; allowed: {list(ALL_LOG_TYPES)}")
        missing_addons = sorted(set(REQUIRED_ADDONS) - set(self.addon_versions))
        if missing_addons:
            raise ValueError(f"ClusterArgs.addon_versions: missing versions for {missing_addons}")
        if self.service_cidr_block is not None:
            _check_service_cidr(self.service_cidr_block, self.vpc_cidr_block)

    @property
    def kubernetes_service_cidr(self) -> str:
        """The Service range the cluster gets (`service_cidr_block` or EKS's own default)."""
        if self.service_cidr_block is not None:
            return self.service_cidr_block
        in_a_10_vpc = ipaddress.IPv4Network(self.vpc_cidr_block).subnet_of(SERVICE_CIDR_RANGES[0])
        return DEFAULT_SERVICE_CIDR_IN_A_10_VPC if in_a_10_vpc else DEFAULT_SERVICE_CIDR


def _check_service_cidr(cidr: str, vpc_cidr_block: str) -> None:
    network = ipaddress.IPv4Network(cidr)
    low, high = SERVICE_CIDR_PREFIXES
    if not any(network.subnet_of(allowed) for allowed in SERVICE_CIDR_RANGES) or not low <= network.prefixlen <= high:
        raise ValueError(
            f"ClusterArgs.service_cidr_block: must be /{low} to /{high} inside one of "
            f"{[str(allowed) for allowed in SERVICE_CIDR_RANGES]} (got {cidr})"
        )
    if network.overlaps(ipaddress.IPv4Network(vpc_cidr_block)):
        raise ValueError(f"ClusterArgs.service_cidr_block: must not overlap the VPC {vpc_cidr_block} (got {cidr})")


def kubernetes_api_service_ip(service_cidr: str) -> str:
    """The ClusterIP of `default/kubernetes`, through which pods reach the API server: the range's first."""
    return str(ipaddress.IPv4Network(service_cidr)[1])


class Cluster(pulumi.ComponentResource):
    """EKS control plane, access entries, add-ons, node group, and cluster-autoscaler's AWS role."""

    name: pulumi.Output[str]
    arn: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    certificate_authority: pulumi.Output[str]
    node_security_group_id: pulumi.Output[str]
    node_autoscaling_group_name: pulumi.Output[str]
    workload_boundary_arn: pulumi.Output[str]
    service_cidr_block: str
    api_server_service_ip: str
    access: ClusterAccess
    autoscaler_identity: WorkloadIdentity

    def __init__(self, name: str, args: ClusterArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:cluster:Cluster", name, None, opts)
        self._name = name
        self._args = args
        self._cluster = self._create_control_plane()
        self.name = self._cluster.name
        self.arn = self._cluster.arn
        self.endpoint = self._cluster.endpoint
        self.certificate_authority = self._cluster.certificate_authority.apply(lambda ca: ca.data)
        # EKS's cluster security group: control plane <-> nodes, and the pods (VPC CNI) share it.
        self.node_security_group_id = self._cluster.vpc_config.apply(lambda config: config.cluster_security_group_id)
        self._create_admin_access()
        self.workload_boundary_arn = self._create_workload_boundary().arn
        early_addons = [self._create_addon(addon) for addon in ADDONS_BEFORE_NODES]
        node_group = self._create_nodes(early_addons)
        # The Auto Scaling group EKS made for the node group: a load balancer's target groups attach to it.
        self.node_autoscaling_group_name = node_group.resources.apply(
            lambda resources: resources[0].autoscaling_groups[0].name
        )
        for addon in REQUIRED_ADDONS:
            if addon not in ADDONS_BEFORE_NODES:
                self._create_addon(addon, depends_on=[node_group])
        self.service_cidr_block = args.kubernetes_service_cidr
        self.api_server_service_ip = kubernetes_api_service_ip(self.service_cidr_block)
        self.access = ClusterAccess(
            name=self.name,
            arn=self.arn,
            account_id=args.account_id,
            region=args.region,
            workload_boundary_arn=self.workload_boundary_arn,
        )
        self.autoscaler_identity = WorkloadIdentity(
            f"{name}-autoscaler",
            WorkloadIdentityArgs(
                cluster=self.access,
                namespace=SYSTEM_NAMESPACE,
                service_account=CLUSTER_AUTOSCALER,
                description=f"{name}: cluster-autoscaler (EKS Pod Identity)",
                bounded=False,
                policy=cluster_autoscaler_policy(self.access),
            ),
            opts=self._child(),
        )
        self.register_outputs(
            {
                "name": self.name,
                "arn": self.arn,
                "endpoint": self.endpoint,
                "node_security_group_id": self.node_security_group_id,
                "node_autoscaling_group_name": self.node_autoscaling_group_name,
            }
        )

    def _child(self, **kwargs) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, **kwargs)

    def _create_control_plane(self) -> aws.eks.Cluster:
        name, args = self._name, self._args
        role = aws.iam.Role(
            f"{name}-role",
            description=f"{name}: EKS control plane",
            assume_role_policy=service_trust("eks.amazonaws.com"),
            opts=self._child(),
        )
        policy = aws.iam.RolePolicyAttachment(
            f"{name}-cluster-policy", role=role.name, policy_arn=CLUSTER_MANAGED_POLICY, opts=self._child()
        )
        secrets_key = aws.iam.RolePolicy(
            f"{name}-secrets-encryption",
            role=role.id,
            policy=document([statement("EnvelopeEncryptSecrets", SECRETS_KMS_ACTIONS, [args.kms_key_arn])]),
            opts=self._child(),
        )
        log_group = encrypted_log_group(
            f"{name}-control-plane-logs",
            log_group_name=f"/aws/eks/{name}/cluster",
            kms_key_arn=args.logs_kms_key_arn,
            retention_days=args.log_retention_days,
            parent=self,
        )
        api_security_group = closed_security_group(
            f"{name}-api-sg",
            vpc_id=args.vpc_id,
            parent=self,
            description=f"{name}: private Kubernetes API endpoint, HTTPS from the VPC only",
        )
        allow_tcp_from_cidr(
            f"{name}-api-https-from-vpc",
            security_group_id=api_security_group.id,
            cidr_block=args.vpc_cidr_block,
            port=HTTPS,
            description="Kubernetes API from the VPC",
            parent=self,
        )
        public = bool(args.public_access_cidrs)
        return aws.eks.Cluster(
            name,
            name=name,
            version=args.version,
            role_arn=role.arn,
            vpc_config={
                "subnet_ids": list(args.subnet_ids),
                "security_group_ids": [api_security_group.id],
                "endpoint_private_access": True,
                "endpoint_public_access": public,
                **({"public_access_cidrs": list(args.public_access_cidrs)} if public else {}),
            },
            kubernetes_network_config={"service_ipv4_cidr": args.kubernetes_service_cidr},
            encryption_config={"resources": ["secrets"], "provider": {"key_arn": args.kms_key_arn}},
            enabled_cluster_log_types=list(args.log_types),
            access_config={
                "authentication_mode": "API",
                "bootstrap_cluster_creator_admin_permissions": False,
            },
            # Add-ons come from the managed add-ons below, at pinned versions, not from EKS defaults.
            bootstrap_self_managed_addons=False,
            upgrade_policy={"support_type": "STANDARD"},
            deletion_protection=args.deletion_protection,
            opts=self._child(depends_on=[log_group, policy, secrets_key]),
        )

    def _create_admin_access(self) -> list[aws.eks.AccessPolicyAssociation]:
        associations = []
        for index, role_arn in enumerate(self._args.admin_role_arns):
            entry = aws.eks.AccessEntry(
                f"{self._name}-admin-{index}",
                cluster_name=self.name,
                principal_arn=role_arn,
                type="STANDARD",
                opts=self._child(),
            )
            associations.append(
                aws.eks.AccessPolicyAssociation(
                    f"{self._name}-admin-{index}-policy",
                    cluster_name=self.name,
                    principal_arn=entry.principal_arn,
                    policy_arn=ADMIN_ACCESS_POLICY,
                    access_scope={"type": "cluster"},
                    opts=self._child(),
                )
            )
        return associations

    def _create_workload_boundary(self) -> aws.iam.Policy:
        args = self._args
        statements = [
            statement(
                f"Allow{service.title().replace('-', '')}",
                actions,
                [
                    pulumi.Output.concat(
                        "arn:aws:",
                        service,
                        ":",
                        args.region,
                        ":",
                        args.account_id,
                        ":",
                        WORKLOAD_BOUNDARY_RESOURCES[service],
                    )
                ],
            )
            for service, actions in WORKLOAD_BOUNDARY_ACTIONS.items()
        ]
        return aws.iam.Policy(
            f"{self._name}-workload-boundary",
            description=f"{self._name}: the most any workload role may be granted (permissions boundary)",
            policy=document(statements),
            opts=self._child(),
        )

    def _create_addon(self, addon: str, depends_on: Sequence[pulumi.Resource] = ()) -> aws.eks.Addon:
        associations = None
        if addon in ADDON_IDENTITIES:
            service_account, policy_arn = ADDON_IDENTITIES[addon]
            role = pod_identity_role(
                f"{self._name}-{addon}-role",
                cluster_arn=self.arn,
                namespace="kube-system",
                service_account=service_account,
                description=f"{self._name}: {addon} add-on",
                parent=self,
            )
            aws.iam.RolePolicyAttachment(
                f"{self._name}-{addon}-policy", role=role.name, policy_arn=policy_arn, opts=self._child()
            )
            associations = [{"role_arn": role.arn, "service_account": service_account}]
        configuration = ADDON_CONFIGURATION.get(addon)
        return aws.eks.Addon(
            f"{self._name}-{addon}",
            cluster_name=self.name,
            addon_name=addon,
            addon_version=self._args.addon_versions[addon],
            resolve_conflicts_on_create="OVERWRITE",
            resolve_conflicts_on_update="OVERWRITE",
            pod_identity_associations=associations,
            configuration_values=json.dumps(configuration, sort_keys=True) if configuration else None,
            opts=self._child(depends_on=list(depends_on)),
        )

    def _create_nodes(self, early_addons: Sequence[pulumi.Resource]) -> aws.eks.NodeGroup:
        args = self._args
        role, attachments = create_node_role(self._name, self)
        template = create_launch_template(
            self._name,
            args=args.nodes,
            kms_key_arn=args.kms_key_arn,
            security_group_id=self.node_security_group_id,
            parent=self,
        )
        return create_node_group(
            self._name,
            args=args.nodes,
            cluster_name=self.name,
            subnet_ids=args.subnet_ids,
            role=role,
            launch_template=template,
            depends_on=[*attachments, *early_addons],
            parent=self,
        )
