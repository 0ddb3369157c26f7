"""Property flips: each security-relevant property of each resource, set to an insecure value or removed.

The table names, per resource type, a property path and the insecure value (or DELETE); "pod." and
"container." expand to the pod spec and its first container for every pod-bearing kind.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from policies.support.k8s import POD_SPEC_PATHS

DELETE = object()
PUBLIC_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
    }
)
ADMIN_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
PUBLIC_RESOURCE_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}],
    }
)
AWS_KEY = "arn:aws:kms:us-east-1:111122223333:alias/aws/ebs"
OPEN_SSH = [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}]

# (property path under inputs, insecure value or DELETE[, applies(resource)]). "pod." and "container."
# expand to the pod spec and its first container for every Kubernetes workload kind.
Flip = tuple[Any, ...]  # (path, value) or (path, value, applies)
RDS_STORE: tuple[Flip, ...] = (
    ("storageEncrypted", DELETE),
    ("storageEncrypted", False),
    ("kmsKeyId", DELETE),
    ("kmsKeyId", AWS_KEY),
    ("dbSubnetGroupName", "default"),
    ("deletionProtection", False),
    ("backupRetentionPeriod", 1),
    ("skipFinalSnapshot", True),
    ("finalSnapshotIdentifier", DELETE),
    ("copyTagsToSnapshot", False),
    ("iamDatabaseAuthenticationEnabled", False),
    ("manageMasterUserPassword", DELETE),
    ("masterPasswordWo", DELETE),
    ("masterUserSecretKmsKeyId", AWS_KEY),
    ("masterUsername", "postgres"),
    ("masterPassword", "plaintext-pass"),
    ("enabledCloudwatchLogsExports", []),
)
DB_INSTANCE = (
    ("publiclyAccessible", True),
    ("publiclyAccessible", DELETE),
    ("performanceInsightsEnabled", False),
    ("performanceInsightsKmsKeyId", AWS_KEY),
    ("monitoringInterval", 0),
    ("monitoringRoleArn", DELETE),
    ("caCertIdentifier", "rds-ca-2019"),
    ("autoMinorVersionUpgrade", False),
    ("availabilityZone", DELETE),
)
WORKLOAD = (
    ("container.securityContext.privileged", True),
    ("container.securityContext.allowPrivilegeEscalation", True),
    ("container.securityContext.allowPrivilegeEscalation", DELETE),
    ("container.securityContext.runAsUser", 0),
    ("container.securityContext.runAsUser", 1000),
    ("pod.securityContext.runAsUser", 999),
    ("pod.securityContext.runAsUser", DELETE),
    ("container.securityContext.capabilities.drop", DELETE),
    ("container.securityContext.capabilities.add", ["SYS_ADMIN"]),
    ("container.securityContext.seccompProfile", {"type": "Unconfined"}),
    ("container.securityContext.readOnlyRootFilesystem", False),
    ("container.image", "nginx:latest"),
    ("container.resources", DELETE),
    ("container.livenessProbe", DELETE),
    ("container.readinessProbe", DELETE),
    (
        "container.env",
        [{"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}],
    ),
    ("container.ports", [{"containerPort": 8080, "hostPort": 8080}]),
    ("pod.hostNetwork", True),
    ("pod.hostPID", True),
    ("pod.hostIPC", True),
    ("pod.volumes", [{"name": "host", "hostPath": {"path": "/"}}]),
    ("pod.serviceAccountName", "default"),
    ("pod.automountServiceAccountToken", True),
    ("metadata.namespace", "default"),
)
MUTATIONS: Mapping[str, tuple[Flip, ...]] = {
    "aws:rds/cluster:Cluster": RDS_STORE + (("dbClusterParameterGroupName", "default.aurora-postgresql16"),),
    "aws:rds/instance:Instance": RDS_STORE
    + DB_INSTANCE
    + (("multiAz", False), ("parameterGroupName", "default.postgres16")),
    # promotionTier is a fleet property (one reader at tier 0-1 suffices), so it is not mutated per instance.
    "aws:rds/clusterInstance:ClusterInstance": DB_INSTANCE,
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": (("parameters", []),),
    "aws:rds/parameterGroup:ParameterGroup": (("parameters", []),),
    "aws:rds/globalCluster:GlobalCluster": (("storageEncrypted", False),),
    "aws:rds/eventSubscription:EventSubscription": (
        ("eventCategories", ["notification"]),
        ("snsTopic", DELETE),
    ),
    "aws:elasticache/replicationGroup:ReplicationGroup": (
        ("atRestEncryptionEnabled", False),
        ("kmsKeyId", DELETE),
        ("transitEncryptionEnabled", False),
        ("transitEncryptionMode", "preferred"),
        ("userGroupIds", DELETE),
        ("automaticFailoverEnabled", False),
        ("multiAzEnabled", False),
        ("snapshotRetentionLimit", 0),
        ("finalSnapshotIdentifier", DELETE),
        ("autoMinorVersionUpgrade", False),
        ("subnetGroupName", "default"),
        ("securityGroupIds", DELETE),
        ("logDeliveryConfigurations", DELETE),
    ),
    "aws:elasticache/user:User": (("authenticationMode", {"type": "no-password-required"}),),
    "aws:elasticache/userGroup:UserGroup": (("userIds", ["default"]),),
    "aws:ec2/securityGroup:SecurityGroup": (("ingress", OPEN_SSH),),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (("cidrIpv4", "0.0.0.0/0"),),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (("ingress", OPEN_SSH),),
    "aws:ec2/flowLog:FlowLog": (("trafficType", "REJECT"),),
    # Public-tier subnets may map public IPs by design, so only the other tiers are mutated.
    "aws:ec2/subnet:Subnet": (("mapPublicIpOnLaunch", True, lambda r: _tier(r) != "public"),),
    "aws:rds/subnetGroup:SubnetGroup": (("subnetIds", ["subnet-outside-the-stack"]),),
    "aws:elasticache/subnetGroup:SubnetGroup": (("subnetIds", ["subnet-outside-the-stack"]),),
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": (
        ("imageTagMutability", "MUTABLE"),
        ("lifecyclePolicy", DELETE),
        ("encryptionConfigurations", DELETE),
    ),
    "aws:eks/cluster:Cluster": (
        ("vpcConfig.endpointPublicAccess", True),
        ("vpcConfig.endpointPublicAccess", DELETE),
        ("vpcConfig.endpointPrivateAccess", False),
        ("encryptionConfig", DELETE),
        ("encryptionConfig.provider.keyArn", AWS_KEY),
        ("enabledClusterLogTypes", []),
        ("version", "1.24"),
        ("accessConfig.authenticationMode", "CONFIG_MAP"),
        ("accessConfig.bootstrapClusterCreatorAdminPermissions", True),
        ("deletionProtection", False),
    ),
    "aws:eks/addon:Addon": (("addonVersion", DELETE),),
    "aws:eks/nodeGroup:NodeGroup": (
        ("remoteAccess", {"ec2SshKey": "ops"}),
        ("scalingConfig.minSize", 1),
        ("scalingConfig.minSize", 0),
        ("updateConfig", DELETE),
        ("launchTemplate", DELETE),
        ("launchTemplate.id", "lt-0000000000default"),
    ),
    "aws:ec2/launchTemplate:LaunchTemplate": (
        ("metadataOptions.httpTokens", "optional"),
        ("metadataOptions.httpPutResponseHopLimit", 2),
        ("blockDeviceMappings", DELETE),
        ("blockDeviceMappings.0.ebs.encrypted", "false"),
        ("blockDeviceMappings.0.ebs.kmsKeyId", DELETE),
        ("networkInterfaces.0.associatePublicIpAddress", "true"),
    ),
    "aws:iam/role:Role": (("assumeRolePolicy", PUBLIC_TRUST), ("permissionsBoundary", DELETE)),
    "aws:iam/rolePolicy:RolePolicy": (("policy", ADMIN_POLICY),),
    "aws:iam/policy:Policy": (("policy", ADMIN_POLICY),),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (
        ("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess"),
    ),
    "aws:kms/key:Key": (
        ("enableKeyRotation", False),
        ("enableKeyRotation", DELETE),
        ("deletionWindowInDays", 7),
        ("policy", DELETE),
        ("policy", PUBLIC_RESOURCE_POLICY),
        ("multiRegion", False),
    ),
    "aws:kms/replicaKey:ReplicaKey": (("policy", DELETE), ("deletionWindowInDays", 7)),
    "aws:secretsmanager/secret:Secret": (
        ("kmsKeyId", DELETE),
        ("kmsKeyId", AWS_KEY),
        ("recoveryWindowInDays", 0),
        ("replicas", DELETE),
        ("replicas.0.kmsKeyId", DELETE),
    ),
    "aws:secretsmanager/secretRotation:SecretRotation": (("rotationRules", {"automaticallyAfterDays": 365}),),
    "aws:secretsmanager/secretPolicy:SecretPolicy": (
        ("blockPublicPolicy", False),
        ("policy", PUBLIC_RESOURCE_POLICY),
    ),
    "aws:backup/vault:Vault": (("kmsKeyArn", DELETE), ("forceDestroy", True)),
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": (
        ("minRetentionDays", 1),
        ("changeableForDays", DELETE),
    ),
    "aws:backup/plan:Plan": (
        ("rules.0.lifecycle.deleteAfter", 1),
        ("rules.0.schedule", "cron(0 5 1 * ? *)"),
        (
            "rules.0.copyActions.0.destinationVaultArn",
            "arn:aws:backup:us-east-1:111122223333:backup-vault:same-region",
        ),
    ),
    "aws:backup/selection:Selection": (("resources", []),),
    "aws:cloudwatch/logGroup:LogGroup": (("kmsKeyId", DELETE), ("retentionInDays", 1)),
    "aws:cloudtrail/trail:Trail": (
        ("kmsKeyId", DELETE),
        ("enableLogFileValidation", False),
        ("isMultiRegionTrail", False),
        ("cloudWatchLogsGroupArn", DELETE),
        # Dropping the selectors loses the audit bucket's data events (its access record) where it has them.
        ("advancedEventSelectors", [], lambda r: bool(r["inputs"].get("advancedEventSelectors"))),
    ),
    # Only a bucket that locks its objects (the trail's) loses anything by unlocking.
    "aws:s3/bucket:Bucket": (("objectLockEnabled", False, lambda r: bool(r["inputs"].get("objectLockEnabled"))),),
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": (
        ("rule.defaultRetention.mode", "GOVERNANCE"),
        ("rule.defaultRetention.days", 1),
    ),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": (("rule.objectOwnership", "ObjectWriter"),),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": (("blockPublicPolicy", False),),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (("rules", []),),
    "aws:s3/bucketVersioning:BucketVersioning": (("versioningConfiguration.status", "Suspended"),),
    "aws:s3/bucketPolicy:BucketPolicy": (("policy", PUBLIC_RESOURCE_POLICY),),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (("alarmActions", []), ("okActions", []), ("actionsEnabled", False)),
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": (("pattern", "{ $.eventName = Nothing }"),),
    "aws:cloudwatch/eventTarget:EventTarget": (("arn", "arn:aws:sns:us-east-1:111122223333:outside-the-stack"),),
    "aws:sns/topicSubscription:TopicSubscription": (("protocol", "http"),),
    "aws:guardduty/detector:Detector": (("enable", False),),
    "aws:guardduty/detectorFeature:DetectorFeature": (("status", "DISABLED"),),
    "aws:securityhub/account:Account": (("enableDefaultStandards", True),),
    "aws:inspector2/enabler:Enabler": (("resourceTypes", ["EC2"]),),
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": (("scanType", "BASIC"),),
    "aws:xray/encryptionConfig:EncryptionConfig": (("type", "NONE"), ("keyId", DELETE)),
    "aws:sqs/queue:Queue": (
        ("kmsMasterKeyId", DELETE),
        ("kmsMasterKeyId", "arn:aws:kms:us-east-1:111122223333:alias/aws/sqs"),
        ("policy", PUBLIC_RESOURCE_POLICY),
        ("redrivePolicy", DELETE),
    ),
    "aws:sqs/queuePolicy:QueuePolicy": (("policy", PUBLIC_RESOURCE_POLICY),),
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": (("redriveAllowPolicy", '{"redrivePermission": "allowAll"}'),),
    "aws:appconfig/environment:Environment": (("monitors", DELETE),),
    "aws:appconfig/configurationProfile:ConfigurationProfile": (("kmsKeyIdentifier", DELETE),),
    "aws:appconfig/deployment:Deployment": (
        ("kmsKeyIdentifier", DELETE),
        ("deploymentStrategyId", "AppConfig.AllAtOnce"),
    ),
    "aws:appconfig/deploymentStrategy:DeploymentStrategy": (
        ("growthFactor", 100),
        ("deploymentDurationInMinutes", 0),
        ("finalBakeTimeInMinutes", 0),
    ),
    "aws:ecr/repository:Repository": (
        ("imageTagMutability", "MUTABLE"),
        ("encryptionConfigurations", DELETE),
        ("imageScanningConfiguration.scanOnPush", False),
    ),
    "kubernetes:core/v1:Namespace": (("metadata.labels", {}),),
    "kubernetes:core/v1:Service": (
        ("spec.type", "LoadBalancer"),
        ("spec.type", "NodePort"),
        ("spec.externalIPs", ["203.0.113.10"]),
    ),
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": (
        ("roleRef.name", "cluster-admin"),
        ("subjects", [{"kind": "Group", "name": "system:anonymous", "apiGroup": "rbac.authorization.k8s.io"}]),
        ("subjects", [{"kind": "Group", "name": "system:authenticated", "apiGroup": "rbac.authorization.k8s.io"}]),
    ),
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": (
        ("roleRef", {"kind": "ClusterRole", "name": "admin", "apiGroup": "rbac.authorization.k8s.io"}),
        ("subjects", [{"kind": "Group", "name": "system:unauthenticated", "apiGroup": "rbac.authorization.k8s.io"}]),
    ),
    "aws:sns/topic:Topic": (("kmsMasterKeyId", DELETE), ("kmsMasterKeyId", AWS_KEY)),
    "aws:ec2/eip:Eip": (("instance", "i-0123456789abcdef0"), ("networkInterface", "eni-0123456789abcdef0")),
    "aws:eks/accessEntry:AccessEntry": (("principalArn", "arn:aws:iam::999988887777:role/outsider"),),
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": (("spec.minReplicas", 1),),
    "kubernetes:policy/v1:PodDisruptionBudget": (("spec.maxUnavailable", 0),),
    "kubernetes:rbac.authorization.k8s.io/v1:Role": (("rules.0.verbs", ["*"]),),
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": (("rules.0.verbs", ["*"]),),
    **{
        kind: WORKLOAD
        + (
            (("spec.strategy", DELETE), ("spec.progressDeadlineSeconds", DELETE), ("spec.minReadySeconds", DELETE))
            if kind.endswith("Deployment")
            else ()
        )
        for kind in POD_SPEC_PATHS
    },
}


def _tier(resource: Mapping[str, Any]) -> str | None:
    return (resource["inputs"].get("tags") or {}).get("bulkhead:tier")


def _expand(resource_type: str, path: str) -> str:
    if path.startswith(("pod.", "container.")) and resource_type in POD_SPEC_PATHS:
        pod = POD_SPEC_PATHS[resource_type]
        return (
            path.replace("pod.", f"{pod}.", 1)
            if path.startswith("pod.")
            else path.replace("container.", f"{pod}.containers.0.", 1)
        )
    return path


def _lookup(obj: Any, parts: Sequence[str]) -> tuple[Any, bool]:
    for part in parts:
        if isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        elif isinstance(obj, dict) and part in obj:
            obj = obj[part]
        else:
            return None, False
    return obj, True


def _settable(obj: Any, parts: Sequence[str]) -> bool:
    """Missing mappings may be created on the way; list items (a first container, a first rule) may not."""
    for part in parts[:-1]:
        if isinstance(obj, list):
            if not (part.isdigit() and int(part) < len(obj)):
                return False
            obj = obj[int(part)]
        elif isinstance(obj, dict):
            obj = obj.get(part, {})
        else:
            return False
    return isinstance(obj, dict) or isinstance(obj, list) and parts[-1].isdigit() and int(parts[-1]) < len(obj)


def mutate(resource: Mapping[str, Any], path: str, value: Any) -> dict[str, Any] | None:
    """A copy of `resource` with the property changed, or None when the mutation does not apply."""
    parts = path.split(".")
    current, present = _lookup(resource["inputs"], parts)
    if value is DELETE and not present or value is not DELETE and present and current == value:
        return None
    if not _settable(resource["inputs"], parts):
        return None
    changed = copy.deepcopy(dict(resource))
    target = changed["inputs"]
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target.setdefault(part, {})
    last = parts[-1]
    if value is DELETE:
        target.pop(int(last)) if isinstance(target, list) else target.pop(last)
    elif isinstance(target, list):
        target[int(last)] = copy.deepcopy(value)
    else:
        target[last] = copy.deepcopy(value)
    return changed


def mutations(resources: Sequence[Mapping[str, Any]]) -> Iterator[tuple[int, str, Any, dict[str, Any]]]:
    """(index, expanded path, value, mutated copy) for every applicable flip."""
    for index, resource in enumerate(resources):
        for path, value, *applies in MUTATIONS.get(resource["type"], ()):
            if applies and not applies[0](resource):  # the optional third item: applies(resource)
                continue
            changed = mutate(resource, _expand(resource["type"], path), value)
            if changed is not None:
                yield index, _expand(resource["type"], path), value, changed


def shown(value: Any) -> str:
    return "<removed>" if value is DELETE else json.dumps(value)[:60]
