"""Which input changes make the provider replace a resource instead of updating it in place.

A replaced database, key or cluster is a different conversation from an updated one, so the diff
names the input that forces it. The rules below are the provider schemas' own: `ForceNew` attributes
(and `CustomizeDiff` functions that force a new resource under a condition) of terraform-provider-aws,
which pulumi-aws bridges unchanged, and pulumi-kubernetes' list of fields whose change replaces an
object. Attribute names are translated to the Pulumi input names the plan records (snake_case to
camelCase; nested blocks of at most one item are objects in Pulumi). Only the types this program
creates are listed; for any other type the diff does not claim to know (docs/diff.md).

Sources (repository, file, commit of the version read):
- hashicorp/terraform-provider-aws (each rule names its file under internal/service/):
  rds/cluster.go @0168cf68, rds/cluster_instance.go @01606926, rds/global_cluster.go @060c2603,
  elasticache/replication_group.go @001b6364, elasticache/global_replication_group.go @02ed711e,
  kms/key.go @00a35305, kms/replica_key.go @06b540fb, secretsmanager/secret.go @00c21ced,
  eks/cluster.go @00555dc5, eks/node_group.go @012e0a32, eks/pod_identity_association.go @00a35305,
  ec2/vpc_.go @00081ce4, ec2/vpc_subnet.go @00cda125, ec2/vpc_security_group.go @01606926,
  backup/vault.go @050ac111, logs/group.go @0073593e, iam/role.go @0040ea69;
  and internal/provider/sdkv2/region.go @0073593e: changing a resource's region forces a new one.
- pulumi/pulumi-kubernetes provider/pkg/provider/diff.go @00302beb (`forceNew`): every kind is
  replaced when `.metadata.name` or `.metadata.namespace` changes, plus per-kind fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bulkhead.diff.values import ABSENT, ValueChange, schema_path

TF = "terraform-provider-aws internal/service/"
K8S = "pulumi-kubernetes provider/pkg/provider/diff.go"
REGION_SOURCE = "terraform-provider-aws internal/provider/sdkv2/region.go"


@dataclass(frozen=True)
class ReplaceRule:
    """An input path whose change forces a new resource (under `condition`, when one is given)."""

    path: str
    source: str
    condition: str = ""
    applies: Callable[[Any, Any], bool] | None = None

    def forces(self, old: Any, new: Any) -> bool:
        return old != new and (self.applies is None or self.applies(old, new))


def _version(value: Any) -> tuple[int, ...]:
    return tuple(int(part) for part in str(value).split(".") if part.isdigit())


def _lowered(old: Any, new: Any) -> bool:
    return old is not ABSENT and new is not ABSENT and _version(new) < _version(old)


def _removed(old: Any, new: Any) -> bool:
    return old is not ABSENT and new is ABSENT


def _was_set(old: Any, new: Any) -> bool:
    return old not in (ABSENT, None, "")


def _valkey_to_redis(old: Any, new: Any) -> bool:
    return str(old).lower() == "valkey" and str(new).lower() == "redis"


def _always(source: str, *paths: str) -> tuple[ReplaceRule, ...]:
    return tuple(ReplaceRule(path, source) for path in paths)


_KUBERNETES_METADATA = _always(K8S, "metadata.name", "metadata.namespace")

RULES: dict[str, tuple[ReplaceRule, ...]] = {
    "aws:rds/cluster:Cluster": _always(
        TF + "rds/cluster.go",
        "availabilityZones",
        "clusterIdentifier",
        "clusterIdentifierPrefix",
        "clusterScalabilityType",
        "databaseName",
        "dbSubnetGroupName",
        "dbSystemId",
        "engine",
        "engineMode",
        "kmsKeyId",
        "masterUsername",
        "restoreToPointInTime",
        "s3Import",
        "snapshotIdentifier",
        "sourceRegion",
        "storageEncrypted",
    ),
    "aws:rds/clusterInstance:ClusterInstance": _always(
        TF + "rds/cluster_instance.go",
        "availabilityZone",
        "clusterIdentifier",
        "customIamInstanceProfile",
        "dbSubnetGroupName",
        "engine",
        "identifier",
        "identifierPrefix",
    ),
    "aws:rds/globalCluster:GlobalCluster": _always(
        TF + "rds/global_cluster.go",
        "databaseName",
        "engine",
        "globalClusterIdentifier",
        "sourceDbClusterIdentifier",
        "storageEncrypted",
    ),
    "aws:elasticache/replicationGroup:ReplicationGroup": _always(
        TF + "elasticache/replication_group.go",
        "atRestEncryptionEnabled",
        "dataTieringEnabled",
        "globalReplicationGroupId",
        "kmsKeyId",
        "networkType",
        "port",
        "replicationGroupId",
        "securityGroupNames",
        "snapshotArns",
        "snapshotName",
        "subnetGroupName",
    )
    + (
        ReplaceRule("engineVersion", TF + "elasticache/replication_group.go", "on a downgrade", _lowered),
        ReplaceRule("engine", TF + "elasticache/replication_group.go", "from valkey to redis", _valkey_to_redis),
    ),
    "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": _always(
        TF + "elasticache/global_replication_group.go", "globalReplicationGroupIdSuffix", "primaryReplicationGroupId"
    ),
    "aws:kms/key:Key": _always(
        TF + "kms/key.go", "customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"
    ),
    "aws:kms/replicaKey:ReplicaKey": _always(TF + "kms/replica_key.go", "primaryKeyArn"),
    "aws:secretsmanager/secret:Secret": _always(TF + "secretsmanager/secret.go", "name", "namePrefix"),
    "aws:eks/cluster:Cluster": _always(
        TF + "eks/cluster.go",
        "name",
        "roleArn",
        "bootstrapSelfManagedAddons",
        "accessConfig.bootstrapClusterCreatorAdminPermissions",
        "kubernetesNetworkConfig.ipFamily",
        "kubernetesNetworkConfig.serviceIpv4Cidr",
        "remoteNetworkConfig",
        "outpostConfig.controlPlaneInstanceType",
        "outpostConfig.controlPlanePlacement.groupName",
    )
    + (
        ReplaceRule("encryptionConfig", TF + "eks/cluster.go", "when removed", _removed),
        ReplaceRule("computeConfig.nodeRoleArn", TF + "eks/cluster.go", "when it replaces a role", _was_set),
    ),
    "aws:eks/nodeGroup:NodeGroup": _always(
        TF + "eks/node_group.go",
        "amiType",
        "capacityType",
        "clusterName",
        "diskSize",
        "instanceTypes",
        "launchTemplate.id",
        "launchTemplate.name",
        "nodeGroupName",
        "nodeGroupNamePrefix",
        "nodeRoleArn",
        "remoteAccess",
        "subnetIds",
    ),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": _always(
        TF + "eks/pod_identity_association.go", "clusterName", "namespace", "serviceAccount"
    ),
    "aws:ec2/vpc:Vpc": _always(TF + "ec2/vpc_.go", "cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"),
    "aws:ec2/subnet:Subnet": _always(
        TF + "ec2/vpc_subnet.go",
        "availabilityZone",
        "availabilityZoneId",
        "cidrBlock",
        "ipv4IpamPoolId",
        "ipv4NetmaskLength",
        "ipv6IpamPoolId",
        "ipv6Native",
        "ipv6NetmaskLength",
        "outpostArn",
        "vpcId",
    ),
    "aws:ec2/securityGroup:SecurityGroup": _always(
        TF + "ec2/vpc_security_group.go", "description", "name", "namePrefix", "vpcId"
    ),
    "aws:backup/vault:Vault": _always(TF + "backup/vault.go", "kmsKeyArn", "name"),
    "aws:cloudwatch/logGroup:LogGroup": _always(TF + "logs/group.go", "logGroupClass", "name", "namePrefix"),
    "aws:iam/role:Role": _always(TF + "iam/role.go", "name", "namePrefix", "path"),
    "kubernetes:apps/v1:Deployment": _KUBERNETES_METADATA + _always(K8S, "spec.selector"),
    "kubernetes:core/v1:Service": _KUBERNETES_METADATA + _always(K8S, "spec.clusterIP"),
    "kubernetes:core/v1:Secret": _KUBERNETES_METADATA + _always(K8S, "type", "stringData", "data"),
    "kubernetes:core/v1:ConfigMap": _KUBERNETES_METADATA + _always(K8S, "data", "binaryData"),
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": _KUBERNETES_METADATA + _always(K8S, "roleRef"),
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": _KUBERNETES_METADATA + _always(K8S, "roleRef"),
}


def rules_for(resource_type: str) -> tuple[ReplaceRule, ...] | None:
    """The replacement rules of a type; None when this module does not know the type."""
    if resource_type in RULES:
        return RULES[resource_type]
    return _KUBERNETES_METADATA if resource_type.startswith("kubernetes:") else None


def knows(resource_type: str) -> bool:
    return rules_for(resource_type) is not None


@dataclass(frozen=True)
class ForcedReplacement:
    """An input change that forces a new resource, with the rule that says so."""

    path: str
    rule: ReplaceRule


def forced_replacements(resource_type: str, changes: Iterable[ValueChange]) -> list[ForcedReplacement]:
    """The changes among `changes` that force `resource_type` to be replaced."""
    forced = []
    for change in changes:
        path = schema_path(change.path)
        for rule in rules_for(resource_type) or ():
            if _covers(rule, path, change):
                forced.append(ForcedReplacement(change.path, rule))
                break
    return forced


def _covers(rule: ReplaceRule, path: str, change: ValueChange) -> bool:
    if path == rule.path or path.startswith(rule.path + "."):
        return rule.forces(change.old, change.new)
    if rule.path.startswith(path + "."):
        # A whole block appeared, vanished or changed shape: compare the rule's field inside it.
        inner = rule.path[len(path) + 1 :].split(".")
        return rule.forces(_dig(change.old, inner), _dig(change.new, inner))
    return False


def _dig(value: Any, steps: list[str]) -> Any:
    for step in steps:
        if not isinstance(value, dict) or step not in value:
            return ABSENT
        value = value[step]
    return value
