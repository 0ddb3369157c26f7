"""The control catalog: what the pack enforces, in the project's words, with the public IDs it maps to.

A control is one requirement (e.g. "database storage is encrypted with a key we own"). Rules name the
controls they implement in ROWS and cite public IDs in CONTROLS; a test holds every cited public ID to
the catalog entry of one of the rule's controls, and every control to at least one rule (or a reason in
`policies/not_applicable.py`). Rows 1-79 and K1-K20 follow the numbering of the reference catalog the
project started from; X rows are the project's own additions. Rendered into POLICIES.md.

Public ID prefixes: `SH` AWS Security Hub control (FSBP and the other Security Hub standards), `CIS` CIS AWS
Foundations Benchmark, `CKV`/`CKV2` Checkov, `NAG` cdk-nag (AwsSolutions; `R5-` NIST 800-53 rev 5 pack),
`Config` AWS Config managed rule, `PSS`/`PSA` Kubernetes Pod Security Standards / Admission, `kube-linter`
and `Polaris` their check names. "analogue" marks an ID that checks the same idea on a different type.
A rule's own rationale without a public ID is cited as "custom: <why>".
"""

from __future__ import annotations

from dataclasses import dataclass

# Families of public IDs, in the order POLICIES.md shows them.
FAMILIES: dict[str, tuple[str, ...]] = {
    "Security Hub": ("SH ",),
    "CIS": ("CIS ",),
    "Checkov": ("CKV_", "CKV2_"),
    "cdk-nag": ("NAG ",),
    "other": ("Config ", "PSS", "PSA", "kube-linter ", "Polaris "),
}
CUSTOM_PREFIX = "custom: "


@dataclass(frozen=True)
class Control:
    area: str
    meaning: str
    public_ids: tuple[str, ...] = ()

    def ids_of(self, family: str) -> tuple[str, ...]:
        prefixes = FAMILIES[family]
        return tuple(i for i in self.public_ids if i.startswith(prefixes))


CONTROLS: dict[str, Control] = {
    "1": Control(
        "RDS / Aurora PostgreSQL",
        "Database storage is encrypted at rest.",
        ("SH RDS.3", "SH RDS.27", "CIS 2.2.1", "CKV_AWS_16", "CKV_AWS_96", "NAG RDS2"),
    ),
    "2": Control(
        "RDS / Aurora PostgreSQL",
        "Database storage is encrypted with a key we own (a customer-managed KMS key), not the AWS-managed one.",
        ("CKV_AWS_327",),
    ),
    "3": Control(
        "RDS / Aurora PostgreSQL",
        "Performance Insights is on, and its data is encrypted with a customer-managed key.",
        ("CKV_AWS_353", "CKV_AWS_354"),
    ),
    "4": Control(
        "RDS / Aurora PostgreSQL",
        "No database instance has a public address.",
        ("SH RDS.2", "CIS 2.2.3", "CKV_AWS_17", "NAG R5-RDSInstancePublicAccess"),
    ),
    "5": Control(
        "RDS / Aurora PostgreSQL",
        "Databases sit in a subnet group of private, isolated subnets.",
        ("SH RDS.18",),
    ),
    "6": Control(
        "RDS / Aurora PostgreSQL",
        "Database security groups admit PostgreSQL only from the application's security groups, never from "
        "the internet.",
        ("NAG RDS8", "CKV_AWS_24", "CKV_AWS_260", "CKV_AWS_277"),
    ),
    "7": Control(
        "RDS / Aurora PostgreSQL",
        "A standalone database instance runs in two availability zones.",
        ("SH RDS.5", "CIS 2.2.4", "CKV_AWS_157", "NAG RDS3"),
    ),
    "8": Control(
        "RDS / Aurora PostgreSQL",
        "An Aurora cluster has several instances in several zones, so a reader can take over.",
        ("SH RDS.15",),
    ),
    "9": Control(
        "RDS / Aurora PostgreSQL",
        "Databases cannot be deleted while deletion protection is on.",
        ("SH RDS.7", "SH RDS.8", "CKV_AWS_139", "CKV_AWS_293", "NAG RDS10"),
    ),
    "10": Control(
        "RDS / Aurora PostgreSQL",
        "Automated backups are kept long enough for the environment, and deleting a database leaves a final snapshot.",
        ("SH RDS.11", "CKV_AWS_133", "NAG RDS13"),
    ),
    "11": Control(
        "RDS / Aurora PostgreSQL",
        "Snapshots carry the database's tags.",
        ("SH RDS.16", "SH RDS.17", "CKV_AWS_313", "CKV2_AWS_60"),
    ),
    "12": Control(
        "RDS / Aurora PostgreSQL",
        "AWS Backup selects every database.",
        ("SH RDS.26", "CKV2_AWS_8", "NAG R5-RDSInBackupPlan"),
    ),
    "13": Control(
        "RDS / Aurora PostgreSQL",
        "Cross-region database copies (global secondaries, replicated backups) are encrypted with a key in "
        "their own region.",
        ("CKV_AWS_245",),
    ),
    "14": Control(
        "RDS / Aurora PostgreSQL",
        "Applications log in to the database with IAM, not passwords.",
        ("SH RDS.12", "SH RDS.10", "CKV_AWS_162", "CKV_AWS_161", "NAG RDS6"),
    ),
    "15": Control(
        "RDS / Aurora PostgreSQL",
        "The master password is managed by RDS in Secrets Manager under our key, never written into the "
        "program; the master user is not a well-known name.",
        ("SH RDS.24", "SH RDS.25"),
    ),
    "16": Control(
        "RDS / Aurora PostgreSQL",
        "Enhanced monitoring is on with a supported interval and a monitoring role.",
        ("SH RDS.6", "CKV_AWS_118", "NAG R5-RDSEnhancedMonitoringEnabled"),
    ),
    "17": Control(
        "RDS / Aurora PostgreSQL",
        "Database logs go to CloudWatch Logs.",
        ("SH RDS.37", "SH RDS.9", "SH RDS.36", "CKV_AWS_324", "CKV_AWS_129", "NAG R5-RDSLoggingEnabled"),
    ),
    "18": Control(
        "RDS / Aurora PostgreSQL",
        "Database activity streams, when declared, are asynchronous and encrypted with our key.",
        ("CKV_AWS_246",),
    ),
    "19": Control(
        "RDS / Aurora PostgreSQL",
        "The database refuses connections without TLS (rds.force_ssl set explicitly).",
        ("SH RDS.38", "CKV2_AWS_69"),
    ),
    "20": Control(
        "RDS / Aurora PostgreSQL",
        "Database instances use a current certificate authority.",
        ("CKV_AWS_211",),
    ),
    "21": Control(
        "RDS / Aurora PostgreSQL",
        "Minor engine versions are upgraded automatically.",
        ("SH RDS.13", "SH RDS.35", "CIS 2.2.2", "CKV_AWS_226"),
    ),
    "22": Control(
        "RDS / Aurora PostgreSQL",
        "Failover, failure and maintenance events of the database reach an SNS topic.",
        ("SH RDS.19", "SH RDS.20"),
    ),
    "23": Control(
        "ElastiCache",
        "Cache data is encrypted at rest.",
        ("SH ElastiCache.4", "CKV_AWS_29", "NAG AEC3"),
    ),
    "24": Control(
        "ElastiCache",
        "Cache data is encrypted with a customer-managed key.",
        ("CKV_AWS_191",),
    ),
    "25": Control(
        "ElastiCache",
        "Clients talk to the cache over TLS only.",
        ("SH ElastiCache.5", "CKV_AWS_30", "NAG AEC3"),
    ),
    "26": Control(
        "ElastiCache",
        "The cache requires authentication: RBAC user groups or a token read from Secrets Manager.",
        ("SH ElastiCache.6", "CKV_AWS_31", "NAG AEC6", "Config elasticache-rbac-auth-enabled"),
    ),
    "27": Control(
        "ElastiCache",
        "The cache's default user has no access, and cache users authenticate by IAM or password.",
    ),
    "28": Control(
        "ElastiCache",
        "Caches outside dev have replicas in several zones with automatic failover.",
        ("SH ElastiCache.3", "CKV2_AWS_50", "NAG AEC4"),
    ),
    "29": Control(
        "ElastiCache",
        "Cache snapshots are kept for the environment's minimum, with a final snapshot outside dev.",
        ("SH ElastiCache.1", "CKV_AWS_134", "NAG R5-ElastiCacheRedisClusterAutomaticBackup"),
    ),
    "30": Control(
        "ElastiCache",
        "A warm standby's cache has a secondary member in the DR region, encrypted like the primary.",
    ),
    "31": Control(
        "ElastiCache",
        "Cache minor versions are upgraded automatically.",
        ("SH ElastiCache.2", "CKV_AWS_322"),
    ),
    "32": Control(
        "ElastiCache",
        "Caches sit in private subnets and admit clients only from the application's security groups.",
        ("SH ElastiCache.7", "CKV_AWS_323", "NAG AEC1"),
    ),
    "33": Control(
        "ElastiCache",
        "Cache slow and engine logs go to CloudWatch Logs.",
    ),
    "34": Control(
        "EKS",
        "The Kubernetes API endpoint is private (dev may open it to listed addresses).",
        ("SH EKS.1", "CKV_AWS_39", "NAG EKS1"),
    ),
    "35": Control(
        "EKS",
        "A public Kubernetes API endpoint, where allowed, admits only listed address ranges.",
        ("CKV_AWS_38",),
    ),
    "36": Control(
        "EKS",
        "Kubernetes secrets are envelope-encrypted with a customer-managed key.",
        ("SH EKS.3", "CKV_AWS_58"),
    ),
    "37": Control(
        "EKS",
        "The control plane sends its audit, API and authenticator logs to CloudWatch Logs.",
        ("SH EKS.8", "CKV_AWS_37", "NAG EKS2"),
    ),
    "38": Control(
        "EKS",
        "The cluster runs a Kubernetes version in standard support.",
        ("SH EKS.2", "CKV_AWS_339"),
    ),
    "39": Control(
        "EKS",
        "Cluster access is granted by access entries only, and the creator gets no implicit admin rights.",
    ),
    "40": Control(
        "EKS",
        "Each service account has its own IAM role, trusted only for that namespace and account; nodes hold "
        "no application permissions.",
    ),
    "41": Control(
        "EKS",
        "The cluster cannot be deleted while deletion protection is on (prod).",
    ),
    "42": Control(
        "EKS",
        "Node groups span several zones, keep a minimum size and replace only a share of nodes at once.",
        ("SH AutoScaling.2 analogue",),
    ),
    "43": Control(
        "EKS",
        "Nodes accept no SSH.",
        ("CKV_AWS_100",),
    ),
    "44": Control(
        "EKS",
        "Nodes require IMDSv2 tokens with a hop limit of one, so pods cannot reach node credentials.",
        ("SH EC2.170", "SH AutoScaling.3", "CIS 5.7", "CKV_AWS_79", "CKV_AWS_341", "NAG R5-EC2IMDSv2Enabled"),
    ),
    "45": Control(
        "EKS",
        "Node volumes are encrypted with a customer-managed key.",
        ("SH EC2.181", "CIS 5.1.1", "NAG EC26"),
    ),
    "46": Control(
        "EKS",
        "Nodes get no public addresses.",
        ("SH EC2.25", "CKV_AWS_88"),
    ),
    "47": Control(
        "EKS",
        "The cluster's core add-ons are EKS managed add-ons with pinned versions.",
    ),
    "48": Control(
        "EKS",
        "GuardDuty watches the cluster's audit logs and runtime.",
        ("SH GuardDuty.5", "SH GuardDuty.7"),
    ),
    "49": Control(
        "KMS and Secrets Manager",
        "Keys rotate automatically.",
        ("SH KMS.4", "CIS 3.6", "CKV_AWS_7", "NAG KMS5"),
    ),
    "50": Control(
        "KMS and Secrets Manager",
        "Every key has an explicit key policy, with no unconditioned public principal.",
        ("SH KMS.5", "CKV_AWS_33", "CKV2_AWS_64"),
    ),
    "51": Control(
        "KMS and Secrets Manager",
        "A deleted key waits out the environment's deletion window before it is gone.",
        ("SH KMS.3", "CIS 4.7 (monitor)"),
    ),
    "52": Control(
        "KMS and Secrets Manager",
        "Keys used by cross-region copies are multi-Region keys with a replica in the DR region.",
    ),
    "53": Control(
        "KMS and Secrets Manager",
        "No IAM policy may decrypt with every key in the account.",
        ("SH KMS.1", "SH KMS.2"),
    ),
    "54": Control(
        "KMS and Secrets Manager",
        "Every secret rotates on a schedule no longer than 90 days.",
        ("SH SecretsManager.1", "CKV2_AWS_57", "CKV_AWS_304", "NAG SMG4", "SH SecretsManager.4"),
    ),
    "55": Control(
        "KMS and Secrets Manager",
        "Secrets are encrypted with a customer-managed key.",
        ("CKV_AWS_149", "NAG R5-SecretsManagerUsingKMSKey"),
    ),
    "56": Control(
        "KMS and Secrets Manager",
        "A deleted secret can be recovered for the environment's window, and a warm standby replicates "
        "secrets to the DR region.",
    ),
    "57": Control(
        "KMS and Secrets Manager",
        "Secret resource policies block public access and name no wildcard principal.",
    ),
    "58": Control(
        "AWS Backup",
        "Backup vaults are encrypted with a customer-managed key.",
        ("SH Backup.1", "CKV_AWS_166"),
    ),
    "59": Control(
        "AWS Backup",
        "Backup vaults are locked in compliance mode, so recovery points cannot be deleted early.",
        ("Config backup-recovery-point-manual-deletion-disabled",),
    ),
    "60": Control(
        "AWS Backup",
        "Backups run at least daily and are kept for the environment's minimum.",
        ("Config backup-plan-min-frequency-and-min-retention-check",),
    ),
    "61": Control(
        "AWS Backup",
        "Backup plans take continuous backups for point-in-time restore.",
    ),
    "62": Control(
        "AWS Backup",
        "Backup plans copy recovery points to a vault in the DR region.",
    ),
    "63": Control(
        "AWS Backup",
        "A restore-testing plan proves that database backups restore.",
    ),
    "64": Control(
        "AWS Backup",
        "Backup vaults cannot be force-destroyed with their recovery points.",
    ),
    "65": Control(
        "Audit logging",
        "CloudTrail records every region, keeps logging and validates its log files.",
        ("SH CloudTrail.1", "CIS 3.1", "CIS 3.2", "CKV_AWS_67", "CKV_AWS_251", "CKV_AWS_36", "SH CloudTrail.4"),
    ),
    "66": Control(
        "Audit logging",
        "CloudTrail logs are encrypted with a customer-managed key.",
        ("SH CloudTrail.2", "CIS 3.5", "CKV_AWS_35"),
    ),
    "67": Control(
        "Audit logging",
        "CloudTrail also delivers to CloudWatch Logs.",
        ("SH CloudTrail.5", "CKV2_AWS_10"),
    ),
    "68": Control(
        "Audit logging",
        "The CloudTrail bucket is immutable (object lock, in compliance mode where required) and access to it is "
        "recorded.",
        ("SH S3.15", "CKV_AWS_143", "CIS 3.4", "SH S3.9", "CKV_AWS_18"),
    ),
    "69": Control(
        "Audit logging",
        "Log groups are encrypted with a customer-managed key and kept long enough (audit logs longest).",
        (
            "CKV_AWS_158",
            "CKV_AWS_66",
            "CKV_AWS_338",
            "NAG R5-CloudWatchLogGroupEncrypted",
            "NAG R5-CloudWatchLogGroupRetentionPeriod",
        ),
    ),
    "70": Control(
        "Audit logging",
        "Every VPC records flow logs of all traffic.",
        ("SH EC2.6", "CIS 3.7", "CKV2_AWS_11", "NAG VPC7"),
    ),
    "71": Control(
        "Network and IAM",
        "The default security group allows nothing.",
        ("SH EC2.2", "CIS 5.5", "CKV2_AWS_12"),
    ),
    "72": Control(
        "Network and IAM",
        "Nothing is open to the internet except the front door's HTTPS (and its redirect); private subnets "
        "give no public addresses.",
        (
            "SH EC2.13",
            "SH EC2.14",
            "SH EC2.18",
            "SH EC2.19",
            "CIS 5.3",
            "CIS 5.4",
            "CKV_AWS_24",
            "CKV_AWS_25",
            "CKV_AWS_260",
            "CKV_AWS_277",
            "NAG EC23",
            "SH EC2.15",
            "CKV_AWS_130",
            "SH EC2.9 analogue",
        ),
    ),
    "73": Control(
        "Network and IAM",
        "No IAM policy grants administrator access.",
        (
            "SH IAM.1",
            "CIS 1.15",
            "CKV_AWS_62",
            "CKV_AWS_274",
            "CKV2_AWS_40",
            "NAG R5-IAMPolicyNoStatementsWithAdminAccess",
        ),
    ),
    "74": Control(
        "Network and IAM",
        "IAM policies name exact actions and resources, attach no AWS-managed policies and pass only named roles.",
        ("SH IAM.21", "CKV_AWS_63", "NAG IAM5", "NAG IAM4"),
    ),
    "75": Control(
        "Network and IAM",
        "Role trust policies name exact principals with conditions, and workload roles carry a permissions boundary.",
        ("CKV_AWS_60", "CKV_AWS_61"),
    ),
    "76": Control(
        "Queues, images and the front door",
        "Queues are encrypted with our key, have a dead-letter queue and refuse non-TLS access and public principals.",
        ("SH SQS.1", "CKV_AWS_27", "CKV2_AWS_73", "NAG SQS2", "SH SQS.3", "CKV_AWS_168", "NAG SQS3", "NAG SQS4"),
    ),
    "77": Control(
        "Queues, images and the front door",
        "Image repositories scan on push, keep tags immutable, use our key, expire old images and admit no "
        "public principal.",
        ("SH ECR.1", "SH ECR.2", "SH ECR.3", "CKV_AWS_163", "CKV_AWS_51", "CKV_AWS_136", "CKV_AWS_32", "NAG ECR1"),
    ),
    "78": Control(
        "Queues, images and the front door",
        "The front door serves HTTPS with modern TLS, drops invalid headers, logs access, has deletion "
        "protection and a WAF, and DNS fails over on health checks.",
        (
            "SH ELB.1",
            "SH ELB.4",
            "SH ELB.5",
            "SH ELB.6",
            "SH ELB.13",
            "CKV_AWS_2",
            "CKV_AWS_91",
            "CKV_AWS_131",
            "CKV_AWS_150",
            "CKV_AWS_103",
            "NAG ELB2",
            "SH ELB.16",
            "CKV2_AWS_28",
            "SH ELB.17",
            "SH WAF.11",
            "CKV2_AWS_31",
            "SH WAF.10",
            "CKV_AWS_192",
        ),
    ),
    "79": Control(
        "Queues, images and the front door",
        "Buckets block public access, refuse non-TLS requests, are encrypted with our key, versioned and "
        "owned by the bucket owner.",
        (
            "SH S3.1",
            "SH S3.5",
            "SH S3.8",
            "SH S3.14",
            "SH S3.17",
            "CIS 2.1.1",
            "CIS 2.1.4",
            "CKV_AWS_145",
            "CKV_AWS_21",
            "NAG S2",
            "NAG S10",
            "SH S3.2",
            "SH S3.3",
            "SH S3.12",
            "CKV_AWS_20",
            "CKV2_AWS_65",
            "CKV_AWS_53",
            "CKV_AWS_54",
            "CKV_AWS_55",
            "CKV_AWS_56",
        ),
    ),
    "K1": Control(
        "Kubernetes workloads",
        "No container is privileged.",
        ("PSS baseline", "CKV_K8S_16", "Polaris runAsPrivileged"),
    ),
    "K2": Control(
        "Kubernetes workloads",
        "Pods share no host namespaces, ports or paths.",
        ("PSS baseline", "CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "CKV_K8S_26", "kube-linter host-mounts"),
    ),
    "K3": Control(
        "Kubernetes workloads",
        "Containers cannot escalate privileges.",
        ("PSS restricted", "CKV_K8S_20"),
    ),
    "K4": Control(
        "Kubernetes workloads",
        "Containers run as a non-root user with a high UID.",
        ("PSS restricted", "CKV_K8S_23", "CKV_K8S_40"),
    ),
    "K5": Control(
        "Kubernetes workloads",
        "Containers drop every Linux capability.",
        ("PSS restricted", "CKV_K8S_28", "CKV_K8S_37"),
    ),
    "K6": Control(
        "Kubernetes workloads",
        "Containers run under the runtime's default seccomp profile.",
        ("PSS restricted", "CKV_K8S_31"),
    ),
    "K7": Control(
        "Kubernetes workloads",
        "Pods mount only volume types the restricted profile allows.",
        ("PSS restricted",),
    ),
    "K8": Control(
        "Kubernetes workloads",
        "Container root filesystems are read-only.",
        ("CKV_K8S_22", "kube-linter read-only-root-fs"),
    ),
    "K9": Control(
        "Kubernetes workloads",
        "Images are pinned by tag, and by digest in prod.",
        ("CKV_K8S_14", "CKV_K8S_43", "kube-linter latest-tag"),
    ),
    "K10": Control(
        "Kubernetes workloads",
        "Containers declare CPU and memory requests and limits.",
        (
            "CKV_K8S_10",
            "CKV_K8S_11",
            "CKV_K8S_12",
            "CKV_K8S_13",
            "kube-linter unset-cpu-requirements",
            "kube-linter unset-memory-requirements",
        ),
    ),
    "K11": Control(
        "Kubernetes workloads",
        "Containers have liveness and readiness probes.",
        ("CKV_K8S_8", "CKV_K8S_9", "kube-linter no-liveness-probe", "kube-linter no-readiness-probe"),
    ),
    "K12": Control(
        "Kubernetes workloads",
        "Each workload has a disruption budget that still lets nodes drain.",
        ("Polaris missingPodDisruptionBudget", "kube-linter pdbs-min-available", "kube-linter pdbs-max-unavailable"),
    ),
    "K13": Control(
        "Kubernetes workloads",
        "Each workload has a horizontal autoscaler with the environment's minimum replicas.",
        ("kube-linter hpa-minimum-replicas", "Polaris deploymentMissingReplicas"),
    ),
    "K14": Control(
        "Kubernetes workloads",
        "Replicas spread across availability zones.",
        ("Polaris topologySpreadConstraint", "kube-linter no-anti-affinity"),
    ),
    "K15": Control(
        "Kubernetes workloads",
        "Namespaces enforce the restricted pod security profile, and nothing runs in default.",
        ("PSA", "CKV_K8S_21", "PSS restricted"),
    ),
    "K16": Control(
        "Kubernetes workloads",
        "Each workload has its own service account and mounts its token only when it needs the API.",
        ("CKV_K8S_38", "CKV_K8S_41", "CKV_K8S_42"),
    ),
    "K17": Control(
        "Kubernetes workloads",
        "Secrets reach containers as files, not environment variables.",
        ("CKV_K8S_35", "kube-linter env-var-secret"),
    ),
    "K18": Control(
        "Kubernetes workloads",
        "Each namespace denies traffic by default, and no network policy is effectively open.",
        ("kube-linter non-isolated-pod",),
    ),
    "K19": Control(
        "Kubernetes workloads",
        "Deployments roll out gradually.",
        ("kube-linter no-rolling-update-strategy",),
    ),
    "K20": Control(
        "Kubernetes workloads",
        "RBAC roles grant no wildcards or escalation verbs, and nothing is bound to cluster-admin or anonymous users.",
        ("CKV_K8S_49", "CKV_K8S_155", "CKV_K8S_156", "CKV_K8S_157", "CKV_K8S_158"),
    ),
    "X1": Control(
        "Project additions",
        "Every resource type in a plan has been reviewed by the pack; unknown types are refused (default deny).",
    ),
    "X2": Control(
        "Project additions",
        "Staging and prod plans contain the blueprint's baseline: keys, network, flow logs and backups.",
    ),
    "X3": Control(
        "Project additions",
        "DynamoDB tables use our key, point-in-time recovery and deletion protection.",
        ("CKV_AWS_119", "NAG DDB3", "SH DynamoDB.2", "SH DynamoDB.6", "CKV_AWS_28"),
    ),
    "X4": Control(
        "Project additions",
        "EBS volumes, and the account's default, are encrypted with our key.",
        ("SH EC2.3", "SH EC2.7", "CKV_AWS_3", "CKV_AWS_189"),
    ),
    "X5": Control(
        "Project additions",
        "EFS file systems are encrypted with our key.",
        ("SH EFS.1", "CKV_AWS_42", "CKV_AWS_184"),
    ),
    "X6": Control(
        "Project additions",
        "OpenSearch domains use our key, TLS 1.2 or later and VPC placement.",
        (
            "SH Opensearch.1",
            "CKV_AWS_5",
            "CKV_AWS_247",
            "SH Opensearch.2",
            "CKV_AWS_248",
            "SH Opensearch.3",
            "SH Opensearch.8",
            "CKV_AWS_6",
            "CKV_AWS_228",
        ),
    ),
    "X7": Control(
        "Project additions",
        "EC2 instances require IMDSv2, encrypt their volumes and have no public address.",
        (
            "SH EC2.3",
            "CKV_AWS_8",
            "NAG EC26",
            "SH EC2.8",
            "CIS 5.7",
            "CKV_AWS_79",
            "NAG R5-EC2IMDSv2Enabled",
            "SH EC2.9",
            "CKV_AWS_88",
        ),
    ),
    "X8": Control(
        "Project additions",
        "Lambda functions use our key, function URLs require IAM auth and invoke permissions name their caller.",
        ("CKV_AWS_173", "SH Lambda.1", "CKV_AWS_258"),
    ),
    "X9": Control(
        "Project additions",
        "There are no IAM users or long-lived access keys.",
        ("SH IAM.3", "SH IAM.4", "CIS 1.12", "CKV_AWS_273"),
    ),
    "X10": Control(
        "Project additions",
        "SNS topics are encrypted with our key.",
        ("SH SNS.1", "CKV_AWS_26", "NAG SNS2"),
    ),
    "X11": Control(
        "Project additions",
        "Kubernetes Services are exposed only through the front door.",
        ("CKV_K8S_103 analogue",),
    ),
    "X12": Control(
        "Project additions",
        "Build projects (the in-VPC runners) keep no credentials in plaintext variables or source URLs, encrypt "
        "their artifacts and logs with our key, log to CloudWatch, and build inside the VPC without privileged mode.",
        (
            "SH CodeBuild.1",
            "SH CodeBuild.2",
            "SH CodeBuild.3",
            "SH CodeBuild.4",
            "SH CodeBuild.5",
            "CKV_AWS_147",
            "CKV_AWS_311",
            "CKV_AWS_314",
            "CKV_AWS_316",
        ),
    ),
    "X13": Control(
        "Project additions",
        "Security group egress names one protocol and port, never all traffic; only HTTPS may reach internet "
        "addresses.",
        ("CKV_AWS_382",),
    ),
    "X14": Control(
        "Project additions",
        "Cognito user pools for mobile sign-in require MFA, enforce threat protection where the environment asks, "
        "resist deletion and sit behind a WAF of their region; public clients hold no secret, use the "
        "authorization code flow only and can have their tokens revoked.",
    ),
    "X15": Control(
        "Project additions",
        "Feature-flag rollouts (AppConfig) are watched by alarms that roll them back, go out gradually where the "
        "environment requires it, and keep hosted configuration under our key.",
    ),
    "X16": Control(
        "Project additions",
        "The account's threat detection is on in every region it runs: GuardDuty (with RDS login, S3 data-event "
        "and, where asked, EBS malware protection) and Security Hub running the AWS Foundational Security Best "
        "Practices and CIS standards.",
        ("SH GuardDuty.1", "SH GuardDuty.8", "SH GuardDuty.9", "SH GuardDuty.10", "SH SecurityHub.1"),
    ),
    "X17": Control(
        "Project additions",
        "The trail's log group raises an alarm on root use, IAM policy changes, console sign-in without MFA, "
        "key disabling or deletion, security group and network ACL changes and unauthorized API calls.",
        (
            "CIS 4.1",
            "CIS 4.2",
            "CIS 4.3",
            "CIS 4.4",
            "CIS 4.7",
            "CIS 4.10",
            "CIS 4.11",
            "SH CloudWatch.1",
            "SH CloudWatch.2",
            "SH CloudWatch.3",
            "SH CloudWatch.4",
            "SH CloudWatch.7",
            "SH CloudWatch.10",
            "SH CloudWatch.11",
        ),
    ),
    "X18": Control(
        "Project additions",
        "Amazon Inspector scans the images in our registry on push and again as new vulnerabilities are published.",
        ("SH Inspector.2",),
    ),
}
CATALOG_ROWS: tuple[str, ...] = tuple(row for row in CONTROLS if not row.startswith("X"))
PROJECT_ROWS: tuple[str, ...] = tuple(row for row in CONTROLS if row.startswith("X"))
ALL_ROWS: tuple[str, ...] = tuple(CONTROLS)
