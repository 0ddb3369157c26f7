"""A live environment in a local moto server, deployed from a shipped stack's offline plan.

`Environment.from_plan` copies the plan's records of the resource types verify reads (their inputs are
what `pulumi up` would send AWS) and its outputs; `deploy` creates them in moto with the same values,
the way the provider would (straight into the backends the test's moto server serves), and returns
the outputs with moto's own identifiers in place of the plan's mock ones (KMS key ARNs: moto picks its
own key ids). A drift is a function that changes one record or one fact before `deploy`: a value changed
by hand after `pulumi up` looks the same to AWS's describe calls as one created that way.

What moto 5.2.5 serves: KMS keys, rotation and multi-Region replicas; Aurora global databases,
clusters, cluster parameter groups and `LatestRestorableTime`; ElastiCache replication groups;
CloudWatch metrics; EC2 security groups; SQS queues and their policies; SNS topics and their policies;
CloudTrail trails and their status; the trail's S3 bucket (Object Lock, versioning, public access block,
policy, default encryption); GuardDuty detectors and their features.
A stack that re-exports another stack's account baseline gets the owner's trail, detectors and hubs
built from what it re-exports (`_owners_baseline`). What is answered instead
(tests/verify/answers.py, validated like Stubber's responses), and why:
- EKS `DescribeCluster`, `ListAccessEntries`, `DescribeAccessEntry`, `ListAssociatedAccessPolicies`:
  moto keeps no `accessConfig` or `deletionProtection` and has no access-entry API.
- ElastiCache `DescribeGlobalReplicationGroups`: moto has no global datastore API.
- Backup `DescribeBackupVault`, `ListRecoveryPointsByBackupVault`: moto dates a vault lock from now (it
  cannot show one past its grace time) and has no recovery points.
- CodeBuild `BatchGetProjects`: moto reports every project's `encryptionKey` as `alias/aws/s3`,
  whatever key was asked.
- Secrets Manager `DescribeSecret`: moto records every replica on `alias/aws/secretsmanager` whatever
  key was asked, and refuses rotation without a Lambda function it knows.
- Security Hub `DescribeHub`, `GetEnabledStandards`: moto reports fixed finding and control settings
  for every hub, and has no standards API.
- AppConfig `GetEnvironment`, `GetConfigurationProfile`: moto has no environments, and keeps no KMS key
  on a configuration profile.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import boto3
import botocore.session
from botocore.loaders import create_loader
from moto import mock_aws

from bulkhead.plan.model import Plan
from bulkhead.runbooks.aws import Boto3Clients
from bulkhead.runbooks.clock import Clock
from tests.aws_fixtures import ACCOUNT
from tests.runbooks.responses import recovery_point
from tests.verify.answers import Answers, not_found

KEY, REPLICA_KEY = "aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"
PARAMETER_GROUP, GLOBAL_CLUSTER, DB_CLUSTER = (
    "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    "aws:rds/globalCluster:GlobalCluster",
    "aws:rds/cluster:Cluster",
)
CACHE_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
GLOBAL_DATASTORE = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup"
EKS_CLUSTER, ACCESS_ENTRY, ACCESS_POLICY, NODE_GROUP = (
    "aws:eks/cluster:Cluster",
    "aws:eks/accessEntry:AccessEntry",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    "aws:eks/nodeGroup:NodeGroup",
)
VAULT, VAULT_LOCK, BACKUP_PLAN, BACKUP_SELECTION = (
    "aws:backup/vault:Vault",
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
    "aws:backup/plan:Plan",
    "aws:backup/selection:Selection",
)
SECRET, SECRET_ROTATION = "aws:secretsmanager/secret:Secret", "aws:secretsmanager/secretRotation:SecretRotation"
LOAD_BALANCER, LISTENER, TARGET_GROUP = (
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/listener:Listener",
    "aws:lb/targetGroup:TargetGroup",
)
WEB_ACL, WEB_ACL_ASSOCIATION = "aws:wafv2/webAcl:WebAcl", "aws:wafv2/webAclAssociation:WebAclAssociation"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
PROJECT, INGRESS_RULE = "aws:codebuild/project:Project", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
QUEUE, QUEUE_POLICY = "aws:sqs/queue:Queue", "aws:sqs/queuePolicy:QueuePolicy"
TOPIC, TOPIC_POLICY = "aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy"
TRAIL, DETECTOR, DETECTOR_FEATURE = (
    "aws:cloudtrail/trail:Trail",
    "aws:guardduty/detector:Detector",
    "aws:guardduty/detectorFeature:DetectorFeature",
)
BUCKET, BUCKET_VERSIONING, BUCKET_LOCK = (
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
)
BUCKET_PUBLIC_ACCESS, BUCKET_POLICY, BUCKET_ENCRYPTION = (
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
)
BUCKET_SETTINGS = (BUCKET_VERSIONING, BUCKET_LOCK, BUCKET_PUBLIC_ACCESS, BUCKET_POLICY, BUCKET_ENCRYPTION)
HUB, STANDARD = "aws:securityhub/account:Account", "aws:securityhub/standardsSubscription:StandardsSubscription"
FLAGS_ENVIRONMENT, FLAGS_PROFILE = (
    "aws:appconfig/environment:Environment",
    "aws:appconfig/configurationProfile:ConfigurationProfile",
)
TYPES = frozenset(
    {
        KEY,
        REPLICA_KEY,
        PARAMETER_GROUP,
        GLOBAL_CLUSTER,
        DB_CLUSTER,
        CACHE_GROUP,
        GLOBAL_DATASTORE,
        EKS_CLUSTER,
        ACCESS_ENTRY,
        ACCESS_POLICY,
        NODE_GROUP,
        VAULT,
        VAULT_LOCK,
        BACKUP_PLAN,
        BACKUP_SELECTION,
        SECRET,
        SECRET_ROTATION,
        LOAD_BALANCER,
        LISTENER,
        TARGET_GROUP,
        WEB_ACL,
        WEB_ACL_ASSOCIATION,
        HEALTH_CHECK,
        PROJECT,
        INGRESS_RULE,
        QUEUE,
        QUEUE_POLICY,
        TOPIC,
        TOPIC_POLICY,
        TRAIL,
        DETECTOR,
        DETECTOR_FEATURE,
        BUCKET,
        *BUCKET_SETTINGS,
        HUB,
        STANDARD,
        FLAGS_ENVIRONMENT,
        FLAGS_PROFILE,
    }
)
TEST_MASTER_PASSWORD = "not-a-real-password-1"  # write-only in the program: never in the plan
RDS_MANAGED_ROTATION_DAYS = 7  # RDS rotates the master secret it manages every 7 days by default
# Service models are read from disk once per test process, not once per deployed environment.
MODELS = create_loader()


def _session() -> boto3.Session:
    """A new session (its own event handlers, for the answers) that shares the loaded service models."""
    core = botocore.session.get_session()
    core.register_component("data_loader", MODELS)
    return boto3.Session(botocore_session=core)


@dataclass
class Record:
    type: str
    name: str
    region: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]


@dataclass
class Facts:
    """What a healthy environment shows beyond the plan's inputs: state that time and AWS produce."""

    snapshot_age: timedelta = timedelta(hours=6)  # the daily snapshot rule ran this morning
    copy_age: timedelta = timedelta(hours=7)
    continuous_status: str = "AVAILABLE"
    lock_date_offset: timedelta = -timedelta(days=27)  # deployed a month ago: the 3-day grace is long over
    aurora_lag_ms: float = 350.0
    cache_lag_seconds: float = 0.6
    datastore_member_status: str = "associated"
    secret_replica_status: str = "InSync"
    extra_access_entries: dict[str, list[str]] = field(
        default_factory=dict
    )  # cluster -> STANDARD entries added by hand
    disabled_keys: list[str] = field(default_factory=list)  # purposes whose key was disabled
    unhealthy_target_groups: list[str] = field(default_factory=list)  # plan names of target groups
    standard_status: dict[str, str] = field(default_factory=dict)  # standards ARN -> status Security Hub reports


@dataclass
class Environment:
    records: list[Record]
    outputs: dict[str, Any]
    facts: Facts = field(default_factory=Facts)

    @classmethod
    def from_plan(cls, plan: Plan) -> Environment:
        records = [
            Record(r.type, r.name, r.region or "", copy.deepcopy(r.inputs), copy.deepcopy(r.outputs))
            for r in plan.resources
            if r.type in TYPES
        ]
        if not any(r.type == TRAIL for r in records):
            records += _owners_baseline(plan.outputs.get("account_baseline"))
        return cls(records, copy.deepcopy(plan.outputs))

    def of_type(self, resource_type: str, region: str | None = None) -> list[Record]:
        return [r for r in self.records if r.type == resource_type and region in (None, r.region)]

    def one(self, resource_type: str, name: str) -> Record:
        (record,) = [r for r in self.records if r.type == resource_type and r.name == name]
        return record

    def remove(self, resource_type: str, name: str) -> None:
        self.records.remove(self.one(resource_type, name))


Drift = Callable[[Environment], None]
# The owner's audit key: a stack that re-exports the baseline does not name it (verify checks that one is set).
OWNERS_AUDIT_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/mrk-0a0d17000000000000000000000000a1"


def _owners_baseline(baseline: dict[str, Any] | None) -> list[Record]:
    """The records the owner stack's program has for the baseline a stack re-exports: in the account, the
    owner deployed them, with the identifiers it exported and the settings it declared."""
    if not baseline:
        return []
    trail_arn = baseline["trail_arn"]
    trail = {
        "name": trail_arn.rsplit("/", 1)[-1],
        "s3BucketName": baseline["audit_bucket"],
        "kmsKeyId": OWNERS_AUDIT_KEY,
        "isMultiRegionTrail": True,
        "includeGlobalServiceEvents": True,
        "enableLogFileValidation": True,
        "enableLogging": True,
    }
    home = region_of(trail_arn)
    records = [Record(TRAIL, "owner-trail", home, trail, {"arn": trail_arn})]
    records += _owners_bucket(baseline["audit_bucket"], home, baseline["audit_bucket_lock_mode"])
    for region, detector_id in baseline["detector_ids"].items():
        detector = {"enable": True, "findingPublishingFrequency": "FIFTEEN_MINUTES"}
        records.append(Record(DETECTOR, f"owner-guardduty-{region}", region, detector, {"id": detector_id}))
        records += [
            Record(DETECTOR_FEATURE, f"owner-{region}-{name}", region, _feature(detector_id, name), {})
            for name in baseline["detector_features"]
        ]
    for region, hub_arn in baseline["security_hub_arns"].items():
        hub = {"controlFindingGenerator": "SECURITY_CONTROL", "autoEnableControls": True}
        records.append(Record(HUB, f"owner-security-hub-{region}", region, hub, {"arn": hub_arn}))
        records += [
            Record(STANDARD, f"owner-{region}-{arn}", region, {"standardsArn": arn}, {})
            for arn in baseline["security_hub_standards"][region]
        ]
    return records


def _owners_bucket(name: str, region: str, lock_mode: str) -> list[Record]:
    """The trail's bucket as components/observability/audit_trail.py declares it in the owner's program."""
    arn = f"arn:aws:s3:::{name}"
    deny_clear_text = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": ["s3:*"],
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    by_default = {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": OWNERS_AUDIT_KEY}
    settings: list[tuple[str, dict[str, Any]]] = [
        (BUCKET, {"bucket": name, "objectLockEnabled": True}),
        (BUCKET_VERSIONING, {"versioningConfiguration": {"status": "Enabled"}}),
        (BUCKET_LOCK, {"rule": {"defaultRetention": {"mode": lock_mode, "days": 365}}}),
        (BUCKET_PUBLIC_ACCESS, dict.fromkeys(PUBLIC_ACCESS_INPUTS, True)),
        (BUCKET_POLICY, {"policy": json.dumps({"Version": "2012-10-17", "Statement": [deny_clear_text]})}),
        (BUCKET_ENCRYPTION, {"rules": [{"applyServerSideEncryptionByDefault": by_default, "bucketKeyEnabled": True}]}),
    ]
    return [
        Record(kind, f"owner-bucket-{i}", region, {"bucket": name, **inputs}, {"id": name})
        for i, (kind, inputs) in enumerate(settings)
    ]


def _feature(detector_id: str, name: str) -> dict[str, Any]:
    """A detector feature as account_baseline.py declares it (runtime monitoring manages the EKS agent)."""
    feature: dict[str, Any] = {"detectorId": detector_id, "name": name, "status": "ENABLED"}
    if name == "RUNTIME_MONITORING":
        feature["additionalConfigurations"] = [{"name": "EKS_ADDON_MANAGEMENT", "status": "ENABLED"}]
    return feature


@dataclass
class Deployed:
    """The environment in moto: its outputs (moto's identifiers), and the session verify must use."""

    outputs: dict[str, Any]
    session: boto3.Session
    answers: Answers

    def clients(self, endpoint: str) -> Boto3Clients:
        """verify's clients on `endpoint`, through this deployment's session (and so its answers)."""
        return _verify_clients(endpoint)


@functools.cache
def _answered_session() -> tuple[boto3.Session, Answers]:
    """The session verify runs on, with the answers of the latest deployment: one per test process, so that
    every verify run reuses the same clients (making ~25 clients took longer than their checks)."""
    session = _session()
    return session, Answers(session)


@functools.cache
def _verify_clients(endpoint: str) -> Boto3Clients:
    return Boto3Clients(endpoint_url=endpoint, session=_answered_session()[0])


def deploy(env: Environment, clock: Clock) -> Deployed:
    """Creates `env` in moto's backends, those the test's moto server serves to verify."""
    with _moto_in_process():
        return _deploy(env, _moto_client, clock)


@contextmanager
def _moto_in_process() -> Iterator[None]:
    """The setup calls reach moto's backends in this process instead of going over HTTP to its server
    thread (which serves the same backends): a deployment is ~100 calls. The backends are kept as they are
    on entry and on exit; only verify's own calls then go to the server, through `--endpoint-url`."""
    mock = mock_aws()
    mock.start(reset=False)
    try:
        yield
    finally:
        mock.stop(remove_data=False)


@functools.cache
def _moto_client(service: str, region: str) -> Any:
    """One client per service and region for the whole test process: making one costs more than a call."""
    return _session().client(service, region_name=region)


def _deploy(env: Environment, client: Callable[[str, str], Any], clock: Clock) -> Deployed:
    key_arns = _create_keys(env, client)
    env = Environment([_replaced(r, key_arns) for r in env.records], _replaced(env.outputs, key_arns), env.facts)
    edge_ids = _create_front_door(env, client)
    env = Environment([_replaced(r, edge_ids) for r in env.records], _replaced(env.outputs, edge_ids), env.facts)
    group_ids = _create_runners(env, client)
    env = Environment([_replaced(r, group_ids) for r in env.records], _replaced(env.outputs, group_ids), env.facts)
    detector_ids = _create_audit_baseline(env, client)
    env = Environment(
        [_replaced(r, detector_ids) for r in env.records], _replaced(env.outputs, detector_ids), env.facts
    )
    _create_databases(env, client)
    _create_caches(env, client)
    _create_queues(env, client)
    _create_topics(env, client)
    _publish_lag(env, client, clock)
    session, answers = _answered_session()
    answers.clear()
    _answer_eks(env, answers)
    _answer_global_datastores(env, answers)
    _answer_backup(env, answers, clock)
    _answer_secrets(env, answers)
    _answer_target_health(env, answers)
    _answer_projects(env, answers)
    _answer_hubs(env, answers)
    _answer_flags(env, answers)
    return Deployed(env.outputs, session, answers)


def _replaced(value: Any, mapping: dict[str, str]) -> Any:
    """`value` with every string of `mapping` replaced (identifiers anywhere in a record or the outputs)."""
    text = json.dumps(value.__dict__ if isinstance(value, Record) else value)
    for old, new in mapping.items():
        text = text.replace(old, new)
    data = json.loads(text)
    return Record(**data) if isinstance(value, Record) else data


# -- moto ----------------------------------------------------------------------------------------


def _create_keys(env: Environment, client: Callable[[str, str], Any]) -> dict[str, str]:
    """Each key and replica key in moto; returns plan ARN -> moto ARN."""
    arns: dict[str, str] = {}
    for record in env.of_type(KEY):
        kms = client("kms", record.region)
        key = kms.create_key(Description=record.inputs["description"], MultiRegion=record.inputs["multiRegion"])
        metadata = key["KeyMetadata"]
        if record.inputs.get("enableKeyRotation"):
            kms.enable_key_rotation(KeyId=metadata["KeyId"])
        arns[record.outputs["arn"]] = metadata["Arn"]
    for record in env.of_type(REPLICA_KEY):
        primary = arns[record.inputs["primaryKeyArn"]]
        replica = client("kms", region_of(primary)).replicate_key(  # moto takes the key id only
            KeyId=primary.rsplit("/", 1)[-1], ReplicaRegion=record.region, Description=record.inputs["description"]
        )
        arns[record.outputs["arn"]] = replica["ReplicaKeyMetadata"]["Arn"]
    for record in env.of_type(KEY):  # after the replicas: disabling a primary key leaves its replicas as they are
        if record.name.rsplit("-", 1)[-1] in env.facts.disabled_keys:
            client("kms", record.region).disable_key(KeyId=arns[record.outputs["arn"]].rsplit("/", 1)[-1])
    return arns


def region_of(arn: str) -> str:
    return arn.split(":")[3]


def _create_databases(env: Environment, client: Callable[[str, str], Any]) -> None:
    for record in env.of_type(PARAMETER_GROUP):
        rds = client("rds", record.region)
        rds.create_db_cluster_parameter_group(
            DBClusterParameterGroupName=record.inputs["name"],
            DBParameterGroupFamily=record.inputs["family"],
            Description=record.inputs["description"],
        )
        rds.modify_db_cluster_parameter_group(
            DBClusterParameterGroupName=record.inputs["name"],
            Parameters=[
                {"ParameterName": p["name"], "ParameterValue": p["value"], "ApplyMethod": "pending-reboot"}
                for p in record.inputs["parameters"]
            ],
        )
    for record in env.of_type(GLOBAL_CLUSTER):
        inputs = record.inputs
        client("rds", record.region).create_global_cluster(
            GlobalClusterIdentifier=inputs["globalClusterIdentifier"],
            Engine=inputs["engine"],
            EngineVersion=inputs["engineVersion"],
            StorageEncrypted=inputs["storageEncrypted"],
            DeletionProtection=inputs["deletionProtection"],
        )
    # The primary (it has the master user) joins the global database first, as in the program.
    for record in sorted(env.of_type(DB_CLUSTER), key=lambda r: "masterUsername" not in r.inputs):
        inputs = record.inputs
        optional = {
            "KmsKeyId": inputs.get("kmsKeyId"),
            "GlobalClusterIdentifier": inputs.get("globalClusterIdentifier"),
            "MasterUsername": inputs.get("masterUsername"),
            "MasterUserPassword": TEST_MASTER_PASSWORD if "masterUsername" in inputs else None,
        }
        client("rds", record.region).create_db_cluster(
            DBClusterIdentifier=inputs["clusterIdentifier"],
            Engine=inputs["engine"],
            EngineVersion=inputs["engineVersion"],
            StorageEncrypted=inputs["storageEncrypted"],
            EnableIAMDatabaseAuthentication=inputs["iamDatabaseAuthenticationEnabled"],
            DeletionProtection=inputs["deletionProtection"],
            BackupRetentionPeriod=inputs["backupRetentionPeriod"],
            DBClusterParameterGroupName=inputs["dbClusterParameterGroupName"],
            EnableCloudwatchLogsExports=inputs["enabledCloudwatchLogsExports"],
            Port=inputs["port"],
            **{name: value for name, value in optional.items() if value is not None},
        )


# A global datastore's secondary takes these from the primary (AWS refuses them on the secondary).
INHERITED_FROM_PRIMARY = (
    "engine",
    "engineVersion",
    "nodeType",
    "atRestEncryptionEnabled",
    "transitEncryptionEnabled",
    "transitEncryptionMode",
)


def _create_caches(env: Environment, client: Callable[[str, str], Any]) -> None:
    primaries = {r.inputs["replicationGroupId"]: r for r in env.of_type(CACHE_GROUP)}
    datastores = {r.outputs["globalReplicationGroupId"]: r for r in env.of_type(GLOBAL_DATASTORE)}
    for record in env.of_type(CACHE_GROUP):
        inputs = dict(record.inputs)
        global_id = inputs.get("globalReplicationGroupId")
        if global_id is not None:  # moto has no global datastore: give the secondary what AWS would
            primary = primaries[datastores[global_id].inputs["primaryReplicationGroupId"]]
            inputs |= {name: primary.inputs[name] for name in INHERITED_FROM_PRIMARY if name in primary.inputs}
        client("elasticache", record.region).create_replication_group(
            ReplicationGroupId=inputs["replicationGroupId"],
            ReplicationGroupDescription=inputs["description"],
            Engine=inputs["engine"],
            EngineVersion=inputs["engineVersion"],
            CacheNodeType=inputs["nodeType"],
            NumCacheClusters=inputs["numCacheClusters"],
            AutomaticFailoverEnabled=inputs["automaticFailoverEnabled"],
            MultiAZEnabled=inputs["multiAzEnabled"],
            AtRestEncryptionEnabled=inputs.get("atRestEncryptionEnabled", False),
            TransitEncryptionEnabled=inputs.get("transitEncryptionEnabled", False),
            SnapshotRetentionLimit=inputs["snapshotRetentionLimit"],
            SnapshotWindow=inputs["snapshotWindow"],
            Port=inputs["port"],
            **{
                name: inputs[key]
                for name, key in (
                    ("KmsKeyId", "kmsKeyId"),
                    ("TransitEncryptionMode", "transitEncryptionMode"),
                    ("UserGroupIds", "userGroupIds"),
                )
                if inputs.get(key)
            },
        )


# The provider's queue arguments -> SQS attribute names (the values are sent as strings).
QUEUE_ATTRIBUTES = {
    "kmsMasterKeyId": "KmsMasterKeyId",
    "kmsDataKeyReusePeriodSeconds": "KmsDataKeyReusePeriodSeconds",
    "visibilityTimeoutSeconds": "VisibilityTimeout",
    "messageRetentionSeconds": "MessageRetentionPeriod",
    "receiveWaitTimeSeconds": "ReceiveMessageWaitTimeSeconds",
    "redrivePolicy": "RedrivePolicy",
}


def _create_queues(env: Environment, client: Callable[[str, str], Any]) -> None:
    """Each queue with the plan's attributes (dead-letter queues first: a redrive policy names an existing
    queue), then the queue policies."""
    for record in sorted(env.of_type(QUEUE), key=lambda r: "redrivePolicy" in r.inputs):
        attributes = {name: str(record.inputs[key]) for key, name in QUEUE_ATTRIBUTES.items() if key in record.inputs}
        if record.inputs.get("fifoQueue"):
            attributes["FifoQueue"] = "true"
        client("sqs", record.region).create_queue(QueueName=record.inputs["name"], Attributes=attributes)
    for record in env.of_type(QUEUE_POLICY):
        client("sqs", record.region).set_queue_attributes(
            QueueUrl=record.inputs["queueUrl"], Attributes={"Policy": record.inputs["policy"]}
        )


def _create_topics(env: Environment, client: Callable[[str, str], Any]) -> None:
    """Each topic under its plan name (so its ARN is the plan's), with its key and its policy."""
    for record in env.of_type(TOPIC):
        attributes = {"KmsMasterKeyId": record.inputs["kmsMasterKeyId"]} if "kmsMasterKeyId" in record.inputs else {}
        name = record.inputs.get("name") or record.outputs["name"]
        client("sns", record.region).create_topic(Name=name, Attributes=attributes)
    for record in env.of_type(TOPIC_POLICY):
        client("sns", record.region).set_topic_attributes(
            TopicArn=record.inputs["arn"], AttributeName="Policy", AttributeValue=record.inputs["policy"]
        )


def _create_audit_baseline(env: Environment, client: Callable[[str, str], Any]) -> dict[str, str]:
    """The trail (in its bucket), each detector with its features; returns plan detector id -> moto's.
    The hubs are answered (`_answer_hubs`)."""
    for record in env.of_type(TRAIL):
        inputs = record.inputs
        _create_trail_bucket(env, client("s3", record.region), inputs["s3BucketName"])  # CloudTrail checks it
        cloudtrail = client("cloudtrail", record.region)
        cloudtrail.create_trail(
            Name=inputs["name"],
            S3BucketName=inputs["s3BucketName"],
            IsMultiRegionTrail=inputs["isMultiRegionTrail"],
            IncludeGlobalServiceEvents=inputs["includeGlobalServiceEvents"],
            EnableLogFileValidation=inputs["enableLogFileValidation"],
            **({"KmsKeyId": inputs["kmsKeyId"]} if inputs.get("kmsKeyId") else {}),
        )
        if inputs.get("enableLogging", True):  # the provider starts logging unless told not to
            cloudtrail.start_logging(Name=inputs["name"])
    ids: dict[str, str] = {}
    for record in env.of_type(DETECTOR):
        plan_id = record.outputs["id"]
        features = [
            {
                "Name": f.inputs["name"],
                "Status": f.inputs["status"],
                "AdditionalConfiguration": [
                    {"Name": c["name"], "Status": c["status"]} for c in f.inputs.get("additionalConfigurations", [])
                ],
            }
            for f in env.of_type(DETECTOR_FEATURE, record.region)
            if f.inputs["detectorId"] == plan_id
        ]
        ids[plan_id] = client("guardduty", record.region).create_detector(
            Enable=record.inputs["enable"],
            FindingPublishingFrequency=record.inputs["findingPublishingFrequency"],
            Features=features,
        )["DetectorId"]
    return ids


# The provider's public access block arguments -> S3's names.
PUBLIC_ACCESS_INPUTS = {
    "blockPublicAcls": "BlockPublicAcls",
    "ignorePublicAcls": "IgnorePublicAcls",
    "blockPublicPolicy": "BlockPublicPolicy",
    "restrictPublicBuckets": "RestrictPublicBuckets",
}


def _create_trail_bucket(env: Environment, s3: Any, name: str) -> None:
    """The trail's bucket with the settings of its records (other buckets of the plan are not verify's)."""
    (bucket,) = [r for r in env.of_type(BUCKET) if r.inputs.get("bucket") == name]
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=bool(bucket.inputs.get("objectLockEnabled")))
    settings = {
        kind: [r.inputs for r in env.of_type(kind) if r.inputs.get("bucket") == name] for kind in BUCKET_SETTINGS
    }
    # Object Lock turned versioning on at creation; a later change of versioning is the record's.
    for lock in settings[BUCKET_LOCK]:
        retention = lock.get("rule", {}).get("defaultRetention")
        rule = (
            {"Rule": {"DefaultRetention": {"Mode": retention["mode"], "Days": retention["days"]}}} if retention else {}
        )
        s3.put_object_lock_configuration(Bucket=name, ObjectLockConfiguration={"ObjectLockEnabled": "Enabled", **rule})
    for versioning in settings[BUCKET_VERSIONING]:
        status = versioning["versioningConfiguration"]["status"]
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": status})
    for block in settings[BUCKET_PUBLIC_ACCESS]:
        configuration = {s3_name: bool(block.get(key)) for key, s3_name in PUBLIC_ACCESS_INPUTS.items()}
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=configuration)
    for policy in settings[BUCKET_POLICY]:
        s3.put_bucket_policy(Bucket=name, Policy=policy["policy"])
    for encryption in settings[BUCKET_ENCRYPTION]:
        rules = [
            {
                "ApplyServerSideEncryptionByDefault": {
                    "SSEAlgorithm": rule["applyServerSideEncryptionByDefault"]["sseAlgorithm"],
                    **_present("KMSMasterKeyID", rule["applyServerSideEncryptionByDefault"].get("kmsMasterKeyId")),
                },
                "BucketKeyEnabled": bool(rule.get("bucketKeyEnabled")),
            }
            for rule in encryption["rules"]
        ]
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})


def _present(name: str, value: Any) -> dict[str, Any]:
    return {name: value} if value is not None else {}


def _publish_lag(env: Environment, client: Callable[[str, str], Any], clock: Clock) -> None:
    """The lag metrics AWS publishes every minute in the secondary's region: the newest datapoint."""
    at = clock.now() - timedelta(seconds=30)
    for record in env.of_type(DB_CLUSTER):
        if "globalClusterIdentifier" in record.inputs and "masterUsername" not in record.inputs:
            _put(
                client("cloudwatch", record.region),
                "AWS/RDS",
                "AuroraGlobalDBRPOLag",
                "DBClusterIdentifier",
                [record.inputs["clusterIdentifier"]],
                env.facts.aurora_lag_ms,
                "Milliseconds",
                at,
            )
    for record in env.of_type(CACHE_GROUP):
        if "globalReplicationGroupId" in record.inputs:
            (group,) = client("elasticache", record.region).describe_replication_groups(
                ReplicationGroupId=record.inputs["replicationGroupId"]
            )["ReplicationGroups"]
            _put(
                client("cloudwatch", record.region),
                "AWS/ElastiCache",
                "GlobalDatastoreReplicationLag",
                "CacheClusterId",
                group["MemberClusters"],
                env.facts.cache_lag_seconds,
                "Seconds",
                at,
            )


def _put(
    cloudwatch: Any,
    namespace: str,
    metric: str,
    dimension: str,
    values: list[str],
    value: float,
    unit: str,
    at: datetime,
) -> None:
    cloudwatch.put_metric_data(
        Namespace=namespace,
        MetricData=[
            {
                "MetricName": metric,
                "Dimensions": [{"Name": dimension, "Value": v}],
                "Timestamp": at,
                "Value": value,
                "Unit": unit,
            }
            for v in values
        ],
    )


def _create_front_door(env: Environment, client: Callable[[str, str], Any]) -> dict[str, str]:
    """Each region's load balancer with its listeners, target groups and web ACL, and the failover health
    check; returns plan identifier -> moto identifier. moto's ALB needs subnets and its HTTPS listener a
    certificate it knows: a VPC, its subnets and an ACM request stand in for the network and the
    certificate the plan creates (verify reads neither)."""
    ids: dict[str, str] = {}
    for record in env.of_type(LOAD_BALANCER):
        ec2 = client("ec2", record.region)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{record.region}{zone}")[
                "Subnet"
            ]["SubnetId"]
            for i, zone in enumerate("ab")
        ]
        elbv2 = client("elbv2", record.region)
        (created,) = elbv2.create_load_balancer(
            Name=record.outputs["name"],
            Subnets=subnets,
            Scheme="internal" if record.inputs["internal"] else "internet-facing",
            Type=record.inputs["loadBalancerType"],
        )["LoadBalancers"]
        ids[record.outputs["arn"]] = created["LoadBalancerArn"]
        for group in env.of_type(TARGET_GROUP, record.region):
            (made,) = elbv2.create_target_group(
                Name=group.outputs["name"],
                Protocol=group.inputs["protocol"],
                Port=group.inputs["port"],
                VpcId=vpc,
                TargetType=group.inputs["targetType"],
            )["TargetGroups"]
            ids[group.outputs["arn"]] = made["TargetGroupArn"]
        certificate = client("acm", record.region).request_certificate(DomainName="api.example.com")["CertificateArn"]
        for listener in env.of_type(LISTENER, record.region):
            inputs = listener.inputs
            https = inputs["protocol"] == "HTTPS"
            tls = {"SslPolicy": inputs.get("sslPolicy"), "Certificates": [{"CertificateArn": certificate}]}
            elbv2.create_listener(
                LoadBalancerArn=created["LoadBalancerArn"],
                Protocol=inputs["protocol"],
                Port=inputs["port"],
                DefaultActions=[_action(action) for action in inputs["defaultActions"]],
                **(tls if https else {}),
            )
    for record in env.of_type(WEB_ACL):
        summary = client("wafv2", record.region).create_web_acl(
            Name=record.outputs["name"],
            Scope="REGIONAL",
            DefaultAction={"Allow": {}},
            VisibilityConfig={"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "edge"},
        )["Summary"]
        ids[record.outputs["arn"]] = summary["ARN"]
    for record in env.of_type(WEB_ACL_ASSOCIATION):
        if record.inputs["resourceArn"] not in ids:
            continue  # the user pool's web ACL: verify's edge checks read the load balancers' associations
        client("wafv2", record.region).associate_web_acl(
            WebACLArn=ids[record.inputs["webAclArn"]], ResourceArn=ids[record.inputs["resourceArn"]]
        )
    for record in env.of_type(HEALTH_CHECK):
        inputs = record.inputs
        created = client("route53", record.region).create_health_check(
            CallerReference=record.name,
            HealthCheckConfig={
                "Type": inputs["type"],
                "FullyQualifiedDomainName": inputs["fqdn"],
                "Port": inputs["port"],
                "ResourcePath": inputs["resourcePath"],
                "RequestInterval": inputs["requestInterval"],
                "FailureThreshold": inputs["failureThreshold"],
                "Inverted": inputs["invertHealthcheck"],
            },
        )["HealthCheck"]
        ids[record.outputs["id"]] = created["Id"]
    return ids


def _create_runners(env: Environment, client: Callable[[str, str], Any]) -> dict[str, str]:
    """Each runner's security group, in a VPC of its own, with the plan's ingress rules (none in a
    healthy plan); returns plan security group id -> moto's. The project itself is answered
    (`_answer_projects`)."""
    ids: dict[str, str] = {}
    for project in env.of_type(PROJECT):
        ec2 = client("ec2", project.region)
        inputs = project.inputs
        vpc = ids[inputs["vpcConfig"]["vpcId"]] = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        for plan_group in inputs["vpcConfig"]["securityGroupIds"]:
            ids[plan_group] = ec2.create_security_group(
                GroupName=f"{project.name}-{plan_group}", Description=project.name, VpcId=vpc
            )["GroupId"]
        for rule in env.of_type(INGRESS_RULE, project.region):
            if rule.inputs["securityGroupId"] in ids:
                ec2.authorize_security_group_ingress(
                    GroupId=ids[rule.inputs["securityGroupId"]],
                    IpPermissions=[
                        {
                            "IpProtocol": rule.inputs["ipProtocol"],
                            "FromPort": rule.inputs["fromPort"],
                            "ToPort": rule.inputs["toPort"],
                            "IpRanges": [{"CidrIp": rule.inputs["cidrIpv4"]}],
                        }
                    ],
                )
    return ids


def _answer_projects(env: Environment, answers: Answers) -> None:
    """CodeBuild `BatchGetProjects` from the plan's projects (the subnets keep the plan's ids: verify
    compares them with the outputs only)."""
    projects = {(r.region, r.inputs["name"]): r.inputs for r in env.of_type(PROJECT)}

    def batch_get(region: str, params: dict[str, Any]) -> dict[str, Any]:
        found = [projects[(region, name)] for name in params["names"] if (region, name) in projects]
        missing = [name for name in params["names"] if (region, name) not in projects]
        return {
            "projects": [
                {
                    "name": inputs["name"],
                    "serviceRole": inputs["serviceRole"],
                    "encryptionKey": inputs["encryptionKey"],
                    "environment": {k: v for k, v in inputs["environment"].items() if k != "environmentVariables"},
                    "vpcConfig": inputs["vpcConfig"],
                    # The provider spells it `cloudwatchLogs`; the API, `cloudWatchLogs`.
                    "logsConfig": {
                        "cloudWatchLogs": inputs["logsConfig"]["cloudwatchLogs"],
                        "s3Logs": inputs["logsConfig"]["s3Logs"],
                    },
                }
                for inputs in found
            ],
            **({"projectsNotFound": missing} if missing else {}),  # the model refuses an empty list
        }

    answers.add("codebuild", "BatchGetProjects", batch_get)


def _action(action: dict[str, Any]) -> dict[str, Any]:
    """A listener's default action, from the provider's spelling to the API's."""
    if action["type"] == "redirect":
        redirect = action["redirect"]
        return {
            "Type": "redirect",
            "RedirectConfig": {
                "Protocol": redirect["protocol"],
                "Port": redirect["port"],
                "StatusCode": redirect["statusCode"],
            },
        }
    fixed = action["fixedResponse"]
    return {
        "Type": "fixed-response",
        "FixedResponseConfig": {
            "StatusCode": fixed["statusCode"],
            "ContentType": fixed["contentType"],
            "MessageBody": fixed["messageBody"],
        },
    }


# -- answers -------------------------------------------------------------------------------------


def _answer_eks(env: Environment, answers: Answers) -> None:
    clusters = {(r.region, r.inputs["name"]): r for r in env.of_type(EKS_CLUSTER)}

    def entries(region: str, cluster: str) -> dict[str, str]:
        """principal ARN -> entry type: the declared entries, the node roles' (EKS adds them for
        managed node groups), and any added by hand."""
        found = {
            r.inputs["principalArn"]: r.inputs["type"]
            for r in env.of_type(ACCESS_ENTRY, region)
            if r.inputs["clusterName"] == cluster
        }
        found |= {
            r.inputs["nodeRoleArn"]: "EC2_LINUX"
            for r in env.of_type(NODE_GROUP, region)
            if r.inputs["clusterName"] == cluster
        }
        found |= {principal: "STANDARD" for principal in env.facts.extra_access_entries.get(cluster, [])}
        return found

    def describe_cluster(region: str, params: dict[str, Any]) -> dict[str, Any]:
        record = clusters.get((region, params["name"]))
        if record is None:
            return not_found("ResourceNotFoundException", f"cluster {params['name']}")
        inputs = record.inputs
        vpc = inputs["vpcConfig"]
        enabled = inputs["enabledClusterLogTypes"]
        return {
            "cluster": {
                "name": inputs["name"],
                "arn": record.outputs["arn"],
                "version": inputs["version"],
                "status": "ACTIVE",
                "resourcesVpcConfig": {
                    "subnetIds": vpc["subnetIds"],
                    "securityGroupIds": vpc["securityGroupIds"],
                    "endpointPublicAccess": vpc["endpointPublicAccess"],
                    "endpointPrivateAccess": vpc["endpointPrivateAccess"],
                    "publicAccessCidrs": vpc.get(
                        "publicAccessCidrs", ["0.0.0.0/0"] if vpc["endpointPublicAccess"] else []
                    ),
                },
                "encryptionConfig": [inputs["encryptionConfig"]] if "encryptionConfig" in inputs else [],
                "logging": {"clusterLogging": [{"types": enabled, "enabled": True}]},
                "accessConfig": {"authenticationMode": inputs["accessConfig"]["authenticationMode"]},
                "deletionProtection": inputs.get("deletionProtection", False),
            }
        }

    def list_entries(region: str, params: dict[str, Any]) -> dict[str, Any]:
        return {"accessEntries": sorted(entries(region, params["clusterName"]))}

    def describe_entry(region: str, params: dict[str, Any]) -> dict[str, Any]:
        cluster, principal = params["clusterName"], params["principalArn"]
        return {
            "accessEntry": {
                "clusterName": cluster,
                "principalArn": principal,
                "type": entries(region, cluster)[principal],
                "accessEntryArn": f"arn:aws:eks:{region}:{ACCOUNT}:access-entry/{cluster}/role/{ACCOUNT}/x",
            }
        }

    def list_policies(region: str, params: dict[str, Any]) -> dict[str, Any]:
        cluster, principal = params["clusterName"], params["principalArn"]
        policies = [
            {"policyArn": r.inputs["policyArn"], "accessScope": {"type": r.inputs["accessScope"]["type"]}}
            for r in env.of_type(ACCESS_POLICY, region)
            if r.inputs["clusterName"] == cluster and r.inputs["principalArn"] == principal
        ]
        return {"clusterName": cluster, "principalArn": principal, "associatedAccessPolicies": policies}

    answers.add("eks", "DescribeCluster", describe_cluster)
    answers.add("eks", "ListAccessEntries", list_entries)
    answers.add("eks", "DescribeAccessEntry", describe_entry)
    answers.add("eks", "ListAssociatedAccessPolicies", list_policies)


def _answer_global_datastores(env: Environment, answers: Answers) -> None:
    def describe(region: str, params: dict[str, Any]) -> dict[str, Any]:
        found = []
        for record in env.of_type(GLOBAL_DATASTORE):
            identifier = record.outputs["globalReplicationGroupId"]
            if identifier != params.get("GlobalReplicationGroupId"):
                continue
            members = [
                {
                    "ReplicationGroupId": record.inputs["primaryReplicationGroupId"],
                    "ReplicationGroupRegion": record.region,
                    "Role": "PRIMARY",
                    "Status": env.facts.datastore_member_status,
                }
            ]
            members += [
                {
                    "ReplicationGroupId": r.inputs["replicationGroupId"],
                    "ReplicationGroupRegion": r.region,
                    "Role": "SECONDARY",
                    "Status": env.facts.datastore_member_status,
                }
                for r in env.of_type(CACHE_GROUP)
                if r.inputs.get("globalReplicationGroupId") == identifier
            ]
            found.append({"GlobalReplicationGroupId": identifier, "Status": "available", "Members": members})
        return {"GlobalReplicationGroups": found}

    answers.add("elasticache", "DescribeGlobalReplicationGroups", describe)


def _answer_backup(env: Environment, answers: Answers, clock: Clock) -> None:
    vaults = {(r.region, r.inputs["name"]): r for r in env.of_type(VAULT)}
    locks = {(r.region, r.inputs["backupVaultName"]): r.inputs for r in env.of_type(VAULT_LOCK)}
    rules = [rule for plan in env.of_type(BACKUP_PLAN) for rule in plan.inputs["rules"]]
    protected = {arn for selection in env.of_type(BACKUP_SELECTION) for arn in selection.inputs["resources"]}

    def describe_vault(region: str, params: dict[str, Any]) -> dict[str, Any]:
        record = vaults.get((region, params["BackupVaultName"]))
        if record is None:
            return not_found("ResourceNotFoundException", f"vault {params['BackupVaultName']}")
        vault = {
            "BackupVaultName": record.inputs["name"],
            "BackupVaultArn": record.outputs["arn"],
            "EncryptionKeyArn": record.inputs["kmsKeyArn"],
            "CreationDate": clock.now() - timedelta(days=30),
            "Locked": False,
        }
        lock = locks.get((region, record.inputs["name"]))
        if lock is not None:
            vault |= {
                "Locked": True,
                "MinRetentionDays": lock["minRetentionDays"],
                "MaxRetentionDays": lock["maxRetentionDays"],
                "LockDate": clock.now() + env.facts.lock_date_offset,
            }
        return vault

    def recovery_points(region: str, params: dict[str, Any]) -> dict[str, Any]:
        name, resource = params["BackupVaultName"], params["ByResourceArn"]
        record = vaults.get((region, name))
        if record is None or resource not in protected:
            return {"RecoveryPoints": []}
        now, points = clock.now(), []
        for rule in rules:
            if rule["targetVaultName"] == name and rule.get("enableContinuousBackup"):
                points.append(
                    recovery_point(
                        resource,
                        name,
                        region,
                        now - timedelta(days=20),
                        continuous=True,
                        status=env.facts.continuous_status,
                    )
                )
            elif rule["targetVaultName"] == name:
                points.append(recovery_point(resource, name, region, now - env.facts.snapshot_age))
            for action in rule.get("copyActions", []):
                if action["destinationVaultArn"] == record.outputs["arn"]:
                    source = vaults[(region_of(resource), rule["targetVaultName"])].outputs["arn"]
                    points.append(recovery_point(resource, name, region, now - env.facts.copy_age, copied_from=source))
        return {"RecoveryPoints": points}

    answers.add("backup", "DescribeBackupVault", describe_vault)
    answers.add("backup", "ListRecoveryPointsByBackupVault", recovery_points)


def _answer_secrets(env: Environment, answers: Answers) -> None:
    rotations = {r.inputs["secretId"]: r.inputs for r in env.of_type(SECRET_ROTATION)}
    secrets = {r.outputs["arn"]: r for r in env.of_type(SECRET)}

    def describe(region: str, params: dict[str, Any]) -> dict[str, Any]:
        arn = params["SecretId"]
        record = secrets.get(arn)
        if record is None:
            return _rds_managed_secret(env, arn)
        described: dict[str, Any] = {
            "ARN": arn,
            "Name": record.inputs["name"],
            "KmsKeyId": record.inputs["kmsKeyId"],
            "RotationEnabled": arn in rotations,
        }
        if arn in rotations:
            described |= {
                "RotationLambdaARN": rotations[arn]["rotationLambdaArn"],
                "RotationRules": {"AutomaticallyAfterDays": rotations[arn]["rotationRules"]["automaticallyAfterDays"]},
            }
        replicas = record.inputs.get("replicas") or []
        if replicas:
            described["ReplicationStatus"] = [
                {
                    "Region": r["region"],
                    "KmsKeyId": r["kmsKeyId"],
                    "Status": env.facts.secret_replica_status,
                    "StatusMessage": "Replication succeeded",
                }
                for r in replicas
            ]
        return described

    answers.add("secretsmanager", "DescribeSecret", describe)


def _rds_managed_secret(env: Environment, arn: str) -> dict[str, Any]:
    """The master secret RDS creates for a cluster that manages its master password (not a plan record)."""
    for record in env.of_type(DB_CLUSTER):
        secrets = record.outputs.get("masterUserSecrets") or []
        if any(secret.get("secretArn") == arn for secret in secrets):
            return {
                "ARN": arn,
                "Name": arn.split(":")[-1],
                "KmsKeyId": record.inputs["masterUserSecretKmsKeyId"],
                "RotationEnabled": True,
                "RotationRules": {"AutomaticallyAfterDays": RDS_MANAGED_ROTATION_DAYS},
                "OwningService": "rds",
            }
    return not_found("ResourceNotFoundException", f"secret {arn}")


def _answer_hubs(env: Environment, answers: Answers) -> None:
    """Security Hub `DescribeHub` (moto reports every hub with consolidated findings and auto-enabled
    controls, whatever was asked) and `GetEnabledStandards` (moto has no standards API). A subscription
    is READY, or the status the environment's facts give it."""
    hubs = {r.region: r for r in env.of_type(HUB)}

    def describe(region: str, params: dict[str, Any]) -> dict[str, Any]:
        record = hubs.get(region)
        if record is None:
            message = f"Account {ACCOUNT} is not subscribed to AWS Security Hub"
            return {"Error": {"Code": "InvalidAccessException", "Message": message}}
        return {
            "HubArn": record.outputs["arn"],
            "SubscribedAt": "2026-10-01T00:00:00.000Z",
            "AutoEnableControls": record.inputs["autoEnableControls"],
            "ControlFindingGenerator": record.inputs["controlFindingGenerator"],
        }

    def enabled(region: str, params: dict[str, Any]) -> dict[str, Any]:
        subscriptions = []
        for record in env.of_type(STANDARD, region):
            arn = record.inputs["standardsArn"]
            path = arn.split("::standards/", 1)[-1].split(":::ruleset/", 1)[-1]
            subscriptions.append(
                {
                    "StandardsSubscriptionArn": f"arn:aws:securityhub:{region}:{ACCOUNT}:subscription/{path}",
                    "StandardsArn": arn,
                    "StandardsInput": {},
                    "StandardsStatus": env.facts.standard_status.get(arn, "READY"),
                }
            )
        return {"StandardsSubscriptions": subscriptions}

    answers.add("securityhub", "DescribeHub", describe)
    answers.add("securityhub", "GetEnabledStandards", enabled)


def _answer_flags(env: Environment, answers: Answers) -> None:
    """AppConfig `GetEnvironment` and `GetConfigurationProfile` from the plan's records: moto has no
    environments, and keeps no KMS key on a configuration profile."""
    environments = {
        (r.region, r.inputs["applicationId"], r.outputs["environmentId"]): r for r in env.of_type(FLAGS_ENVIRONMENT)
    }
    profiles = {
        (r.region, r.inputs["applicationId"], r.outputs["configurationProfileId"]): r
        for r in env.of_type(FLAGS_PROFILE)
    }

    def get_environment(region: str, params: dict[str, Any]) -> dict[str, Any]:
        record = environments.get((region, params["ApplicationId"], params["EnvironmentId"]))
        if record is None:
            return not_found("ResourceNotFoundException", f"environment {params['EnvironmentId']}")
        return {
            "ApplicationId": record.inputs["applicationId"],
            "Id": record.outputs["environmentId"],
            "Name": record.inputs["name"],
            "State": "ReadyForDeployment",
            "Monitors": [
                {"AlarmArn": m["alarmArn"], "AlarmRoleArn": m["alarmRoleArn"]}
                for m in record.inputs.get("monitors", [])
            ],
        }

    def get_profile(region: str, params: dict[str, Any]) -> dict[str, Any]:
        record = profiles.get((region, params["ApplicationId"], params["ConfigurationProfileId"]))
        if record is None:
            return not_found("ResourceNotFoundException", f"configuration profile {params['ConfigurationProfileId']}")
        inputs = record.inputs
        return {
            "ApplicationId": inputs["applicationId"],
            "Id": record.outputs["configurationProfileId"],
            "Name": inputs["name"],
            "LocationUri": inputs["locationUri"],
            "Type": inputs["type"],
            **({"KmsKeyArn": inputs["kmsKeyIdentifier"]} if inputs.get("kmsKeyIdentifier") else {}),
        }

    answers.add("appconfig", "GetEnvironment", get_environment)
    answers.add("appconfig", "GetConfigurationProfile", get_profile)


def _answer_target_health(env: Environment, answers: Answers) -> None:
    """moto reports targets only for EC2 instances it runs; the node group's instances are not in it."""
    groups = {r.outputs["arn"]: r for r in env.of_type(TARGET_GROUP)}

    def describe(region: str, params: dict[str, Any]) -> dict[str, Any]:
        group = groups.get(params["TargetGroupArn"])
        if group is None:
            return not_found("TargetGroupNotFound", f"target group {params['TargetGroupArn']}")
        state = "unhealthy" if group.name in env.facts.unhealthy_target_groups else "healthy"
        return {
            "TargetHealthDescriptions": [
                {
                    "Target": {"Id": f"i-0{zone}5e1c0de5e1c0de", "Port": group.inputs["port"]},
                    "TargetHealth": {"State": state},
                }
                for zone in "ab"
            ]
        }

    answers.add("elbv2", "DescribeTargetHealth", describe)
