"""One hand change per promise of the shipped prod stack, and the one check line it must fail.

Each drift changes a single value of the environment deployed from the prod plan (a record's input,
as if someone had changed it in the console after `pulumi up`, or a fact AWS reports such as a lag or
a recovery point's age). The tests expect exactly one FAIL line: that check, on that target.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from tests.verify.environment import (
    ACCESS_POLICY,
    BUCKET_ENCRYPTION,
    BUCKET_LOCK,
    BUCKET_POLICY,
    BUCKET_PUBLIC_ACCESS,
    BUCKET_VERSIONING,
    CACHE_GROUP,
    DB_CLUSTER,
    DETECTOR,
    DETECTOR_FEATURE,
    EKS_CLUSTER,
    FLAGS_ENVIRONMENT,
    FLAGS_PROFILE,
    GLOBAL_CLUSTER,
    HEALTH_CHECK,
    HUB,
    INGRESS_RULE,
    KEY,
    LISTENER,
    PARAMETER_GROUP,
    PROJECT,
    QUEUE,
    QUEUE_POLICY,
    REPLICA_KEY,
    SECRET,
    SECRET_ROTATION,
    STANDARD,
    TOPIC,
    TOPIC_POLICY,
    TRAIL,
    VAULT,
    VAULT_LOCK,
    WEB_ACL_ASSOCIATION,
    Environment,
    Record,
)

DB, DB_DR = "mobile-prod-db-cluster", "mobile-prod-db-dr-cluster"
CACHE, CACHE_DR = "mobile-prod-cache-group", "mobile-prod-cache-dr-group"
EKS, EKS_DR = "mobile-prod-cluster", "mobile-prod-dr-cluster"
PRIMARY_EKS, STANDBY_EKS = "mobile-prod-cluster (us-east-1)", "mobile-prod-dr-cluster (us-west-2)"
EDGE, EDGE_DR = "api.mobile.example.com (us-east-1)", "api.mobile.example.com (us-west-2)"
PAYMENTS_SECRET = "mobile-prod-secret-payments-api-key-secret"
RUNNER, RUNNER_DR = "mobile-prod-runner (us-east-1)", "mobile-prod-dr-runner (us-west-2)"
BACKED_UP = "arn:aws:rds:us-east-1:111122223333:cluster:mobile-prod-db"
QUEUE_RECORD, QUEUE_DR = "mobile-prod-queue-push-jobs", "mobile-prod-queue-push-jobs-dr"
PUSH_JOBS, PUSH_JOBS_DR = "push-jobs (us-east-1)", "push-jobs (us-west-2)"
ALERTS, ALERTS_DR = "alerts topic (us-east-1)", "alerts topic (us-west-2)"
BASELINE, TRAIL_TARGET = "mobile-prod-account-baseline", "trail mobile-prod-trail (us-east-1)"
AUDIT_BUCKET = "mobile-prod-audit-bucket"
AUDIT_BUCKET_TARGET = "bucket mobile-prod-audit-trail-111122223333 (us-east-1)"
CIS_DR = "arn:aws:securityhub:us-west-2::standards/cis-aws-foundations-benchmark/v/3.0.0"
DLQ_ALARM = "alarm:mobile-prod-push-jobs-dlq-not-empty"
FSBP = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"


@dataclass(frozen=True)
class Drift:
    name: str
    change: Callable[[Environment], None]
    check: str
    target: str
    says: str  # a fragment of the FAIL line's detail


def _set(resource_type: str, name: str, **inputs: object) -> Callable[[Environment], None]:
    def change(env: Environment) -> None:
        env.one(resource_type, name).inputs.update(inputs)

    return change


def _runner_ingress(env: Environment) -> None:
    """Someone opens SSH into the primary runner's security group."""
    (group,) = env.one(PROJECT, "mobile-prod-runner").inputs["vpcConfig"]["securityGroupIds"]
    env.records.append(
        Record(
            INGRESS_RULE,
            "ssh-by-hand",
            "us-east-1",
            {"securityGroupId": group, "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "0.0.0.0/0"},
            {},
        )
    )


def _runner_logs(**logs: object) -> Callable[[Environment], None]:
    def change(env: Environment) -> None:
        env.one(PROJECT, "mobile-prod-dr-runner").inputs["logsConfig"].update(logs)

    return change


def _runner_vpc(**vpc: object) -> Callable[[Environment], None]:
    def change(env: Environment) -> None:
        env.one(PROJECT, "mobile-prod-runner").inputs["vpcConfig"].update(vpc)

    return change


def _key_arn(env: Environment, record_type: str, name: str) -> str:
    return env.one(record_type, name).outputs["arn"]


def _on_other_key(resource_type: str, name: str, field: str, key_type: str, key_name: str) -> Callable:
    def change(env: Environment) -> None:
        env.one(resource_type, name).inputs[field] = _key_arn(env, key_type, key_name)

    return change


def _fact(**facts: object) -> Callable[[Environment], None]:
    def change(env: Environment) -> None:
        for name, value in facts.items():
            setattr(env.facts, name, value)

    return change


def _force_ssl_off(env: Environment) -> None:
    group = env.one(PARAMETER_GROUP, "mobile-prod-db-dr-params")
    group.inputs["parameters"] = [
        {**p, "value": "0"} if p["name"] == "rds.force_ssl" else p for p in group.inputs["parameters"]
    ]


def _replica_on_other_key(env: Environment) -> None:
    secret = env.one(SECRET, PAYMENTS_SECRET)
    (replica,) = secret.inputs["replicas"]
    replica["kmsKeyId"] = _key_arn(env, REPLICA_KEY, "mobile-prod-keys-data-replica")


def _public_endpoint(env: Environment) -> None:
    env.one(EKS_CLUSTER, EKS_DR).inputs["vpcConfig"].update(endpointPublicAccess=True, publicAccessCidrs=["0.0.0.0/0"])


def _http_forwards(env: Environment) -> None:
    env.one(LISTENER, "mobile-prod-dr-edge-http").inputs["defaultActions"] = [
        {
            "type": "fixed-response",
            "fixedResponse": {"statusCode": "200", "contentType": "text/plain", "messageBody": ""},
        }
    ]


def _without_input(resource_type: str, name: str, field: str) -> Callable[[Environment], None]:
    def change(env: Environment) -> None:
        env.one(resource_type, name).inputs.pop(field)

    return change


def _topic_tls_deny_removed(env: Environment) -> None:
    """Someone rewrites the DR alerts topic's policy keeping only its publishers."""
    record = env.one(TOPIC_POLICY, "mobile-prod-alerts-dr-topic-policy")
    policy = json.loads(record.inputs["policy"])
    policy["Statement"] = [s for s in policy["Statement"] if s.get("Effect") != "Deny"]
    record.inputs["policy"] = json.dumps(policy)


def _bucket_tls_deny_removed(env: Environment) -> None:
    """Someone rewrites the audit bucket's policy keeping only CloudTrail's statements."""
    record = env.one(BUCKET_POLICY, f"{AUDIT_BUCKET}-policy")
    policy = json.loads(record.inputs["policy"])
    policy["Statement"] = [s for s in policy["Statement"] if s.get("Effect") != "Deny"]
    record.inputs["policy"] = json.dumps(policy)


def _bucket_on_s3_managed_keys(env: Environment) -> None:
    """Someone deletes the default encryption: S3 then reports its own SSE-S3 (AES256) default, as it has
    for every bucket since January 2023."""
    env.one(BUCKET_ENCRYPTION, f"{AUDIT_BUCKET}-encryption").inputs["rules"] = [
        {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}
    ]


def _bucket_on_logs_key(env: Environment) -> None:
    (rule,) = env.one(BUCKET_ENCRYPTION, f"{AUDIT_BUCKET}-encryption").inputs["rules"]
    rule["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"] = _key_arn(env, KEY, "mobile-prod-keys-logs")


def _agent_unmanaged(env: Environment) -> None:
    feature = env.one(DETECTOR_FEATURE, f"{BASELINE}-dr-guardduty-runtime-monitoring")
    feature.inputs["additionalConfigurations"] = [{"name": "EKS_ADDON_MANAGEMENT", "status": "DISABLED"}]


def _dlq_alarm_unwatched(env: Environment) -> None:
    """Someone removes a monitor from the standby's flags environment in the console."""
    environment = env.one(FLAGS_ENVIRONMENT, "mobile-prod-flags-dr-environment")
    environment.inputs["monitors"] = [m for m in environment.inputs["monitors"] if DLQ_ALARM not in m["alarmArn"]]


def _admin_without_policy(env: Environment) -> None:
    env.remove(ACCESS_POLICY, "mobile-prod-cluster-admin-1-policy")


DRIFTS = (
    Drift(
        "key-rotation-off",
        _set(KEY, "mobile-prod-keys-data", enableKeyRotation=False),
        "keys.rotation",
        "data key",
        "automatic rotation is off",
    ),
    Drift("key-disabled", _fact(disabled_keys=["logs"]), "keys.rotation", "logs key", "is 'Disabled'"),
    Drift(
        "replica-key-deleted",
        lambda env: env.remove(REPLICA_KEY, "mobile-prod-keys-backup-replica"),
        "keys.replica",
        "backup key",
        "DescribeKey in us-west-2 failed: NotFoundException",
    ),
    Drift(
        "database-on-the-logs-key",
        _on_other_key(DB_CLUSTER, DB, "kmsKeyId", KEY, "mobile-prod-keys-logs"),
        "database.encryption",
        "mobile-prod-db",
        "expected the data key",
    ),
    Drift(
        "database-dr-force-ssl-off",
        _force_ssl_off,
        "database.tls",
        "mobile-prod-db",
        "mobile-prod-db-dr (us-west-2): parameter group mobile-prod-db-dr-params has rds.force_ssl='0'",
    ),
    Drift(
        "database-iam-auth-off",
        _set(DB_CLUSTER, DB, iamDatabaseAuthenticationEnabled=False),
        "database.iam-auth",
        "mobile-prod-db",
        "mobile-prod-db (us-east-1): IAM database authentication is off",
    ),
    Drift(
        "database-dr-deletion-protection-off",
        _set(DB_CLUSTER, DB_DR, deletionProtection=False),
        "database.deletion-protection",
        "mobile-prod-db",
        "mobile-prod-db-dr (us-west-2): deletion protection is off",
    ),
    Drift(
        "global-database-deletion-protection-off",
        _set(GLOBAL_CLUSTER, "mobile-prod-db-global", deletionProtection=False),
        "database.deletion-protection",
        "mobile-prod-db",
        "global cluster mobile-prod-db-global: deletion protection is off",
    ),
    Drift(
        "database-backups-shortened",
        _set(DB_CLUSTER, DB, backupRetentionPeriod=7),
        "database.backups",
        "mobile-prod-db",
        "automated backups kept 7 days, the stack declared 35",
    ),
    Drift(
        "database-log-export-off",
        _set(DB_CLUSTER, DB, enabledCloudwatchLogsExports=[]),
        "database.log-exports",
        "mobile-prod-db",
        "miss ['postgresql']",
    ),
    Drift(
        "cache-dr-on-the-logs-key",
        _on_other_key(CACHE_GROUP, CACHE_DR, "kmsKeyId", REPLICA_KEY, "mobile-prod-keys-logs-replica"),
        "cache.encryption",
        "mobile-prod-cache",
        "mobile-prod-cache-dr (us-west-2): data at rest is encrypted with",
    ),
    Drift(
        "cache-tls-preferred",
        _set(CACHE_GROUP, CACHE, transitEncryptionMode="preferred"),
        "cache.tls",
        "mobile-prod-cache",
        "TransitEncryptionMode is 'preferred', expected 'required'",
    ),
    Drift(
        "cache-without-rbac",
        _set(CACHE_GROUP, CACHE, userGroupIds=[]),
        "cache.authentication",
        "mobile-prod-cache",
        "mobile-prod-cache (us-east-1): no RBAC user group",
    ),
    Drift(
        "cache-single-az",
        _set(CACHE_GROUP, CACHE, multiAzEnabled=False),
        "cache.failover",
        "mobile-prod-cache",
        "MultiAZ is 'disabled', expected 'enabled'",
    ),
    Drift(
        "cache-dr-snapshots-shortened",
        _set(CACHE_GROUP, CACHE_DR, snapshotRetentionLimit=1),
        "cache.snapshots",
        "mobile-prod-cache",
        "mobile-prod-cache-dr (us-west-2): snapshots kept 1 days, the stack declared 14",
    ),
    Drift(
        "secret-on-the-data-key",
        _on_other_key(SECRET, PAYMENTS_SECRET, "kmsKeyId", KEY, "mobile-prod-keys-data"),
        "secrets.encryption",
        "payments-api-key",
        "expected the secrets key",
    ),
    Drift(
        "secret-replica-on-the-data-key",
        _replica_on_other_key,
        "secrets.replica",
        "payments-api-key",
        "expected the secrets replica key",
    ),
    Drift(
        "secret-rotation-removed",
        lambda env: env.remove(SECRET_ROTATION, "mobile-prod-secret-payments-api-key-rotation"),
        "secrets.rotation",
        "payments-api-key",
        "rotation is off",
    ),
    Drift(
        "standby-endpoint-public",
        _public_endpoint,
        "cluster.endpoint",
        STANDBY_EKS,
        "the public endpoint is on from ['0.0.0.0/0']",
    ),
    Drift(
        "cluster-secrets-unencrypted",
        lambda env: env.one(EKS_CLUSTER, EKS).inputs.pop("encryptionConfig"),
        "cluster.secrets-encryption",
        PRIMARY_EKS,
        "no envelope encryption",
    ),
    Drift(
        "cluster-audit-log-off",
        _set(EKS_CLUSTER, EKS, enabledClusterLogTypes=["api", "authenticator"]),
        "cluster.logging",
        PRIMARY_EKS,
        "off: ['audit', 'controllerManager', 'scheduler']",
    ),
    Drift(
        "access-entry-added-by-hand",
        _fact(extra_access_entries={EKS: ["arn:aws:iam::111122223333:role/contractor"]}),
        "cluster.access-entries",
        PRIMARY_EKS,
        "undeclared access entry arn:aws:iam::111122223333:role/contractor",
    ),
    Drift(
        "admin-policy-removed",
        _admin_without_policy,
        "cluster.access-entries",
        PRIMARY_EKS,
        "security-break-glass lacks AmazonEKSClusterAdminPolicy",
    ),
    Drift(
        "aws-auth-configmap-allowed",
        lambda env: env.one(EKS_CLUSTER, EKS_DR).inputs["accessConfig"].update(authenticationMode="API_AND_CONFIG_MAP"),
        "cluster.access-entries",
        STANDBY_EKS,
        "authentication mode is 'API_AND_CONFIG_MAP'",
    ),
    Drift(
        "cluster-deletion-protection-off",
        _set(EKS_CLUSTER, EKS, deletionProtection=False),
        "cluster.deletion-protection",
        PRIMARY_EKS,
        "deletion protection is off",
    ),
    Drift(
        "dr-vault-lock-removed",
        lambda env: env.remove(VAULT_LOCK, "mobile-prod-backup-dr-vault-lock"),
        "backup.vault-lock",
        "dr vault mobile-prod-backup-dr-vault (us-west-2)",
        "no vault lock",
    ),
    Drift(
        "dr-vault-on-the-logs-key",
        _on_other_key(VAULT, "mobile-prod-backup-dr-vault", "kmsKeyArn", REPLICA_KEY, "mobile-prod-keys-logs-replica"),
        "backup.vault-key",
        "dr vault mobile-prod-backup-dr-vault (us-west-2)",
        "recovery points encrypted with",
    ),
    Drift(
        "copies-stopped-arriving",
        _fact(copy_age=timedelta(days=4)),
        "backup.recovery-points",
        BACKED_UP,
        "DR vault mobile-prod-backup-dr-vault (us-west-2) copied from mobile-prod-backup-vault was created 96.0 h old",
    ),
    Drift(
        "point-in-time-stopped",
        _fact(continuous_status="STOPPED"),
        "backup.recovery-points",
        BACKED_UP,
        "no active continuous (point-in-time) recovery point",
    ),
    Drift(
        "aurora-lag-above-rpo",
        _fact(aurora_lag_ms=95_000),
        "replication.database",
        "mobile-prod-db",
        "replication lag to us-west-2 is 95.0s, above the RPO of 1 min",
    ),
    Drift(
        "cache-lag-above-rpo",
        _fact(cache_lag_seconds=240),
        "replication.cache",
        "mobile-prod-cache",
        "replication lag to us-west-2 is 240.0s, above the RPO of 1 min",
    ),
    Drift(
        "cache-member-detached",
        _fact(datastore_member_status="disassociating"),
        "replication.cache",
        "mobile-prod-cache",
        "status is 'disassociating'",
    ),
    Drift(
        "edge-tls-1-2-policy",
        _set(LISTENER, "mobile-prod-edge-https", sslPolicy="ELBSecurityPolicy-TLS-1-2-2017-01"),
        "edge.tls",
        EDGE,
        "uses 'ELBSecurityPolicy-TLS-1-2-2017-01', not a TLS 1.3 policy",
    ),
    Drift(
        "edge-http-served-in-clear",
        _http_forwards,
        "edge.tls",
        EDGE_DR,
        "HTTP listener on 80 does not answer with a 301 to HTTPS:443",
    ),
    Drift(
        "edge-waf-disassociated",
        lambda env: env.remove(WEB_ACL_ASSOCIATION, "mobile-prod-edge-waf-association"),
        "edge.waf",
        EDGE,
        "no web ACL in front of the load balancer",
    ),
    Drift(
        "edge-health-check-left-inverted",
        _set(HEALTH_CHECK, "mobile-prod-api-domain-primary-health", invertHealthcheck=True),
        "edge.health-check",
        "api.mobile.example.com primary health check",
        "the health check is inverted: traffic stays on the standby",
    ),
    Drift(
        "edge-no-healthy-target",
        _fact(unhealthy_target_groups=["mobile-prod-dr-edge-api-tg"]),
        "edge.targets",
        EDGE_DR,
        "route api has no healthy target",
    ),
    Drift(
        "runner-in-a-public-subnet",
        _runner_vpc(subnets=["subnet-c4b170d8502613ee0", "subnet-0public0000000000"]),
        "runner.network",
        RUNNER,
        "builds in subnets ['subnet-0public0000000000'], beyond the declared private subnets",
    ),
    Drift("runner-ssh-opened", _runner_ingress, "runner.network", RUNNER, "admits inbound traffic"),
    Drift(
        "runner-on-the-data-key",
        _on_other_key(PROJECT, "mobile-prod-runner", "encryptionKey", KEY, "mobile-prod-keys-data"),
        "runner.encryption-logging",
        RUNNER,
        "build artifacts is encrypted with",
    ),
    Drift(
        "runner-logs-off",
        _runner_logs(cloudwatchLogs={"status": "DISABLED"}),
        "runner.encryption-logging",
        RUNNER_DR,
        "build logs not sent to /aws/codebuild/mobile-prod-dr-runner",
    ),
    Drift(
        "runner-logs-to-s3",
        _runner_logs(s3Logs={"status": "ENABLED", "location": "some-bucket/builds"}),
        "runner.encryption-logging",
        RUNNER_DR,
        "also copied to S3 'some-bucket/builds'",
    ),
    Drift(
        "runner-privileged",
        lambda env: env.one(PROJECT, "mobile-prod-dr-runner").inputs["environment"].update(privilegedMode=True),
        "runner.encryption-logging",
        RUNNER_DR,
        "privileged mode is on",
    ),
    Drift(
        "queue-on-the-aws-managed-key",
        _set(QUEUE, f"{QUEUE_RECORD}-queue", kmsMasterKeyId="alias/aws/sqs"),
        "queues.encryption",
        PUSH_JOBS,
        "the queue is encrypted with alias/aws/sqs, expected the queues key",
    ),
    Drift(
        "dr-dead-letter-queue-without-cmk",
        _without_input(QUEUE, f"{QUEUE_DR}-dlq", "kmsMasterKeyId"),
        "queues.encryption",
        PUSH_JOBS_DR,
        "the dead-letter queue is encrypted with no customer-managed key",
    ),
    Drift(
        "queue-redrive-removed",
        _without_input(QUEUE, f"{QUEUE_RECORD}-queue", "redrivePolicy"),
        "queues.redrive",
        PUSH_JOBS,
        "no redrive policy",
    ),
    Drift(
        "dr-queue-policy-removed",
        lambda env: env.remove(QUEUE_POLICY, f"{QUEUE_DR}-queue-policy"),
        "queues.tls",
        PUSH_JOBS_DR,
        "the queue: no resource policy",
    ),
    Drift(
        "alerts-topic-on-the-aws-managed-key",
        _set(TOPIC, "mobile-prod-alerts-topic", kmsMasterKeyId="alias/aws/sns"),
        "alerts.encryption",
        ALERTS,
        "is encrypted with alias/aws/sns, expected the alerts key",
    ),
    Drift(
        "dr-alerts-topic-accepts-clear-text",
        _topic_tls_deny_removed,
        "alerts.tls",
        ALERTS_DR,
        "does not deny sns:Publish, sns:Subscribe without TLS",
    ),
    Drift(
        "trail-stopped-logging",
        _set(TRAIL, "mobile-prod-audit-trail", enableLogging=False),
        "audit.trail",
        TRAIL_TARGET,
        "the trail is not logging",
    ),
    Drift(
        "trail-validation-off",
        _set(TRAIL, "mobile-prod-audit-trail", enableLogFileValidation=False),
        "audit.trail",
        TRAIL_TARGET,
        "log file validation is off",
    ),
    Drift(
        "trail-single-region",
        _set(TRAIL, "mobile-prod-audit-trail", isMultiRegionTrail=False),
        "audit.trail",
        TRAIL_TARGET,
        "the trail records one region only",
    ),
    Drift(
        "trail-on-the-logs-key",
        _on_other_key(TRAIL, "mobile-prod-audit-trail", "kmsKeyId", KEY, "mobile-prod-keys-logs"),
        "audit.trail",
        TRAIL_TARGET,
        "each log file is encrypted with",
    ),
    Drift(
        "audit-bucket-default-retention-removed",
        _set(BUCKET_LOCK, f"{AUDIT_BUCKET}-lock", rule={}),
        "audit.bucket",
        AUDIT_BUCKET_TARGET,
        "Object Lock has no default retention",
    ),
    Drift(
        "audit-bucket-governance-in-prod",
        _set(BUCKET_LOCK, f"{AUDIT_BUCKET}-lock", rule={"defaultRetention": {"mode": "GOVERNANCE", "days": 365}}),
        "audit.bucket",
        AUDIT_BUCKET_TARGET,
        "the default retention is in GOVERNANCE mode, expected COMPLIANCE",
    ),
    Drift(
        # S3 refuses this on a bucket created with Object Lock (InvalidBucketState); moto accepts it, and the
        # check reads versioning all the same (a bucket recreated without Object Lock could be suspended).
        "audit-bucket-versioning-suspended",
        _set(BUCKET_VERSIONING, f"{AUDIT_BUCKET}-versioning", versioningConfiguration={"status": "Suspended"}),
        "audit.bucket",
        AUDIT_BUCKET_TARGET,
        "versioning is Suspended, not Enabled",
    ),
    Drift(
        "audit-bucket-public-access-block-deleted",
        lambda env: env.remove(BUCKET_PUBLIC_ACCESS, f"{AUDIT_BUCKET}-public-access"),
        "audit.bucket",
        AUDIT_BUCKET_TARGET,
        "public access is not blocked: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off",
    ),
    Drift(
        "audit-bucket-restrict-public-buckets-off",
        _set(BUCKET_PUBLIC_ACCESS, f"{AUDIT_BUCKET}-public-access", restrictPublicBuckets=False),
        "audit.bucket",
        AUDIT_BUCKET_TARGET,
        "public access is not blocked: RestrictPublicBuckets off",
    ),
    Drift(
        "audit-bucket-accepts-clear-text",
        _bucket_tls_deny_removed,
        "audit.bucket",
        AUDIT_BUCKET_TARGET,
        "the bucket: the resource policy does not deny s3:* without TLS",
    ),
    Drift(
        "audit-bucket-encryption-deleted",
        _bucket_on_s3_managed_keys,
        "audit.bucket",
        AUDIT_BUCKET_TARGET,
        "new objects are encrypted with AES256, not a KMS key",
    ),
    Drift(
        "audit-bucket-on-the-logs-key",
        _bucket_on_logs_key,
        "audit.bucket",
        AUDIT_BUCKET_TARGET,
        "each new object is encrypted with",
    ),
    Drift(
        "dr-detector-disabled",
        _set(DETECTOR, f"{BASELINE}-dr-guardduty", enable=False),
        "audit.guardduty",
        "detector (us-west-2)",
        "the detector is DISABLED",
    ),
    Drift(
        "findings-published-every-six-hours",
        _set(DETECTOR, f"{BASELINE}-guardduty", findingPublishingFrequency="SIX_HOURS"),
        "audit.guardduty",
        "detector (us-east-1)",
        "updated findings are published every SIX_HOURS",
    ),
    Drift(
        "rds-login-monitoring-off",
        _set(DETECTOR_FEATURE, f"{BASELINE}-guardduty-rds-login-events", status="DISABLED"),
        "audit.guardduty",
        "detector (us-east-1)",
        "feature RDS_LOGIN_EVENTS is DISABLED",
    ),
    Drift(
        "runtime-monitoring-agent-unmanaged",
        _agent_unmanaged,
        "audit.guardduty",
        "detector (us-west-2)",
        "RUNTIME_MONITORING does not manage its EKS agent",
    ),
    Drift(
        "dr-hub-cis-unsubscribed",
        lambda env: env.remove(STANDARD, f"{BASELINE}-dr-standard-cis"),
        "audit.security-hub",
        "hub (us-west-2)",
        f"standard {CIS_DR} is not subscribed",
    ),
    Drift(
        "hub-standard-failed",
        _fact(standard_status={FSBP: "FAILED"}),
        "audit.security-hub",
        "hub (us-east-1)",
        f"standard {FSBP} is FAILED",
    ),
    Drift(
        "dr-hub-findings-per-standard",
        _set(HUB, f"{BASELINE}-dr-security-hub", controlFindingGenerator="STANDARD_CONTROL"),
        "audit.security-hub",
        "hub (us-west-2)",
        "findings are generated per standard (STANDARD_CONTROL)",
    ),
    Drift(
        "hub-disabled",
        lambda env: env.remove(HUB, f"{BASELINE}-security-hub"),
        "audit.security-hub",
        "hub (us-east-1)",
        "DescribeHub in us-east-1 failed: InvalidAccessException",
    ),
    Drift(
        "dr-flags-dead-letter-alarm-unwatched",
        _dlq_alarm_unwatched,
        "releases.monitors",
        "flags (us-west-2)",
        f"rollouts are not rolled back on arn:aws:cloudwatch:us-west-2:111122223333:{DLQ_ALARM}",
    ),
    Drift(
        "flags-unmonitored",
        _set(FLAGS_ENVIRONMENT, "mobile-prod-flags-environment", monitors=[]),
        "releases.monitors",
        "flags (us-east-1)",
        "the environment has no monitor",
    ),
    Drift(
        "flags-profile-on-the-data-key",
        _on_other_key(FLAGS_PROFILE, "mobile-prod-flags-profile", "kmsKeyIdentifier", KEY, "mobile-prod-keys-data"),
        "releases.profile",
        "flags (us-east-1)",
        "the flags profile is encrypted with",
    ),
)
