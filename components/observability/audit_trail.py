"""The account's audit trail: one multi-region CloudTrail trail into an immutable bucket and a log group.

- Trail: every region, global service events, log file validation (signed digests), log files
  encrypted with the `audit` CMK; management events (read and write: Secrets Manager records every
  secret read as a read management event), plus data events of the trail's own bucket (who read or
  deleted audit logs; CloudTrail's own deliveries, PutObject, are left out so that the trail does not
  record itself recording).
- Bucket: S3 Object Lock (enabled at creation, the only time AWS allows it; versioning on), a default
  retention in COMPLIANCE or GOVERNANCE mode, SSE-KMS with the audit CMK, all public access blocked,
  ACLs disabled (bucket owner enforced), TLS only, lifecycle (to Glacier Instant Retrieval, then
  expiry), and a policy that lets only this trail write (aws:SourceArn).
- Log group (logs CMK, retention) fed by CloudTrail through a role only this trail may assume, with the
  CIS metric filters and their alarms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pulumi
import pulumi_aws as aws

from components.observability.alarm_set import AlarmSet, AlarmSetArgs
from components.observability.alarms import AlarmRoute, AlarmSpec, Metric
from components.reference.cis_filters import CIS_FILTERS
from components.support.alert_topics import EVERYONE
from components.support.iam import document, statement
from components.support.logs import encrypted_log_group
from components.support.validation import require_between

AUDIT_METRICS_NAMESPACE = "Bulkhead/Audit"
ARCHIVE_AFTER_DAYS = 90  # Glacier Instant Retrieval bills at least 90 days; archive only what stays longer
MIN_DAYS_TO_ARCHIVE = 2 * ARCHIVE_AFTER_DAYS
CIS_PERIOD_SECONDS = 300
MAX_BUCKET_NAME_LENGTH = 63


@dataclass(frozen=True, kw_only=True)
class AuditTrailArgs:
    """Inputs for `AuditTrail`.

    Attributes:
        account_id: The account.
        region: The trail's home region (the bucket's and the log group's).
        name_prefix: Prefix of the trail, bucket, log group and metric filter names.
        kms_key_arn: The `audit` CMK: log files and the bucket's default encryption.
        logs_kms_key_arn: The logs CMK of the log group.
        route: The alerts topic and alarm prefix of the region (the CIS alarms).
        lock_mode: Object Lock mode: COMPLIANCE (nobody shortens it) or GOVERNANCE. Default: COMPLIANCE
        retention_days: Object Lock default retention, 1-36500. Default: 365
        expire_after_days: Log files are deleted after this many days, >= retention_days. Default: 2557
        log_retention_days: The log group's retention. Default: 365
        audit_bucket_data_events: Record reads and deletions in the trail's bucket. Default: true
        read_management_events: Record read-only management events (secret reads among them). Default: true
    """

    account_id: pulumi.Input[str]
    region: str
    name_prefix: str
    kms_key_arn: pulumi.Input[str]
    logs_kms_key_arn: pulumi.Input[str]
    route: AlarmRoute
    lock_mode: Literal["COMPLIANCE", "GOVERNANCE"] = "COMPLIANCE"
    retention_days: int = 365
    expire_after_days: int = 2557
    log_retention_days: int = 365
    audit_bucket_data_events: bool = True
    read_management_events: bool = True

    def __post_init__(self) -> None:
        if self.lock_mode not in ("COMPLIANCE", "GOVERNANCE"):
            raise ValueError(f"AuditTrailArgs.lock_mode: must be COMPLIANCE or GOVERNANCE (got {self.lock_mode!r})")
        require_between("AuditTrailArgs.retention_days", self.retention_days, 1, 36_500)
        if self.expire_after_days < self.retention_days:
            raise ValueError(
                f"AuditTrailArgs.expire_after_days: must be >= retention_days {self.retention_days} "
                f"(got {self.expire_after_days})"
            )
        # "<prefix>-audit-trail-<12-digit account>" must stay within S3's 63 characters.
        if len(f"{self.name_prefix}-audit-trail-") + 12 > MAX_BUCKET_NAME_LENGTH:
            raise ValueError(f"AuditTrailArgs.name_prefix: too long for a bucket name (got {self.name_prefix!r})")

    @property
    def trail_name(self) -> str:
        return f"{self.name_prefix}-trail"

    def trail_arn(self) -> pulumi.Output[str]:
        return pulumi.Output.concat(
            "arn:aws:cloudtrail:", self.region, ":", self.account_id, ":trail/", self.trail_name
        )


class AuditTrail(pulumi.ComponentResource):
    """The trail, its Object Lock bucket, its log group with the CIS metric filters and alarms."""

    trail_arn: pulumi.Output[str]
    bucket_name: pulumi.Output[str]
    log_group_name: pulumi.Output[str]

    def __init__(self, name: str, args: AuditTrailArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:observability:AuditTrail", name, None, opts)
        self._name, self._args = name, args
        bucket, bucket_ready = self._create_bucket()
        log_group, delivery_role, delivery_policy = self._create_log_delivery()
        trail = aws.cloudtrail.Trail(
            f"{name}-trail",
            name=args.trail_name,
            s3_bucket_name=bucket.bucket,
            kms_key_id=args.kms_key_arn,
            is_multi_region_trail=True,
            include_global_service_events=True,
            enable_log_file_validation=True,
            enable_logging=True,
            cloud_watch_logs_group_arn=pulumi.Output.concat(log_group.arn, ":*"),
            cloud_watch_logs_role_arn=delivery_role.arn,
            advanced_event_selectors=self._event_selectors(bucket),
            # CloudTrail checks the bucket policy and the delivery role when the trail is created.
            opts=self._child(depends_on=[*bucket_ready, delivery_policy]),
        )
        self._create_cis_alarms(log_group)
        self.trail_arn = trail.arn
        self.bucket_name = bucket.bucket
        self.log_group_name = log_group.name
        self.register_outputs(
            {"trail_arn": self.trail_arn, "bucket_name": self.bucket_name, "log_group_name": self.log_group_name}
        )

    def _child(self, **kwargs) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, **kwargs)

    # -- the bucket -----------------------------------------------------------------------------

    def _create_bucket(self) -> tuple[aws.s3.Bucket, list[pulumi.Resource]]:
        name, args = self._name, self._args
        bucket = aws.s3.Bucket(
            f"{name}-bucket",
            bucket=pulumi.Output.concat(args.name_prefix, "-audit-trail-", args.account_id),
            object_lock_enabled=True,  # only possible at creation
            force_destroy=False,
            opts=self._child(protect=args.lock_mode == "COMPLIANCE"),
        )
        versioning = aws.s3.BucketVersioning(
            f"{name}-bucket-versioning",
            bucket=bucket.id,
            versioning_configuration={"status": "Enabled"},
            opts=self._child(),
        )
        aws.s3.BucketObjectLockConfiguration(
            f"{name}-bucket-lock",
            bucket=bucket.id,
            rule={"default_retention": {"mode": args.lock_mode, "days": args.retention_days}},
            opts=self._child(depends_on=[versioning]),
        )
        public_access = aws.s3.BucketPublicAccessBlock(
            f"{name}-bucket-public-access",
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=self._child(),
        )
        ownership = aws.s3.BucketOwnershipControls(
            f"{name}-bucket-ownership",
            bucket=bucket.id,
            rule={"object_ownership": "BucketOwnerEnforced"},
            opts=self._child(),
        )
        encryption = aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-bucket-encryption",
            bucket=bucket.id,
            rules=[
                {
                    "apply_server_side_encryption_by_default": {
                        "sse_algorithm": "aws:kms",
                        "kms_master_key_id": args.kms_key_arn,
                    },
                    "bucket_key_enabled": True,
                }
            ],
            opts=self._child(),
        )
        self._create_lifecycle(bucket, versioning)
        policy = aws.s3.BucketPolicy(
            f"{name}-bucket-policy",
            bucket=bucket.id,
            policy=self._bucket_policy(bucket),
            opts=self._child(depends_on=[public_access, ownership]),
        )
        return bucket, [policy, encryption]

    def _create_lifecycle(self, bucket: aws.s3.Bucket, versioning: aws.s3.BucketVersioning) -> None:
        args = self._args
        transitions = []
        if args.expire_after_days >= MIN_DAYS_TO_ARCHIVE:
            transitions = [{"days": ARCHIVE_AFTER_DAYS, "storage_class": "GLACIER_IR"}]
        aws.s3.BucketLifecycleConfiguration(
            f"{self._name}-bucket-lifecycle",
            bucket=bucket.id,
            rules=[
                {
                    "id": "archive-then-expire",
                    "status": "Enabled",
                    "filter": {"prefix": ""},
                    "transitions": transitions,
                    # A delete marker after expire_after_days; the locked version itself goes a day later
                    # (Object Lock refuses any deletion before its retention date anyway).
                    "expiration": {"days": args.expire_after_days},
                    "noncurrent_version_expiration": {"noncurrent_days": 1},
                    "abort_incomplete_multipart_upload": {"days_after_initiation": 1},
                }
            ],
            opts=self._child(depends_on=[versioning]),
        )

    def _bucket_policy(self, bucket: aws.s3.Bucket) -> pulumi.Output[str]:
        args = self._args
        this_trail = {"StringEquals": {"aws:SourceArn": args.trail_arn()}}
        log_files = pulumi.Output.concat(bucket.arn, "/AWSLogs/", args.account_id, "/*")
        return document(
            [
                statement(
                    "CloudTrailChecksTheBucket",
                    ["s3:GetBucketAcl"],
                    [bucket.arn],
                    principals={"Service": "cloudtrail.amazonaws.com"},
                    conditions=this_trail,
                ),
                statement(
                    "CloudTrailWritesLogFiles",
                    ["s3:PutObject"],
                    [log_files],
                    principals={"Service": "cloudtrail.amazonaws.com"},
                    conditions={
                        "StringEquals": {
                            "aws:SourceArn": args.trail_arn(),
                            "s3:x-amz-acl": "bucket-owner-full-control",
                        }
                    },
                ),
                statement(
                    "DenyInsecureTransport",
                    ["s3:*"],
                    [bucket.arn, pulumi.Output.concat(bucket.arn, "/*")],
                    principals=EVERYONE,
                    conditions={"Bool": {"aws:SecureTransport": "false"}},
                    effect="Deny",
                ),
            ]
        )

    # -- CloudWatch Logs delivery ---------------------------------------------------------------

    def _create_log_delivery(self) -> tuple[aws.cloudwatch.LogGroup, aws.iam.Role, aws.iam.RolePolicy]:
        name, args = self._name, self._args
        log_group = encrypted_log_group(
            f"{name}-logs",
            log_group_name=f"/aws/cloudtrail/{args.trail_name}",
            kms_key_arn=args.logs_kms_key_arn,
            retention_days=args.log_retention_days,
            parent=self,
        )
        role = aws.iam.Role(
            f"{name}-delivery",
            description=f"{name}: CloudTrail delivers the trail's events to its log group",
            assume_role_policy=document(
                [
                    statement(
                        "TrustThisTrailOnly",
                        ["sts:AssumeRole"],
                        principals={"Service": "cloudtrail.amazonaws.com"},
                        conditions={"StringEquals": {"aws:SourceArn": args.trail_arn()}},
                    )
                ]
            ),
            opts=self._child(),
        )
        streams = pulumi.Output.concat(log_group.arn, ":log-stream:", args.account_id, "_CloudTrail_*")
        role_policy = aws.iam.RolePolicy(
            f"{name}-delivery-policy",
            role=role.id,
            policy=document([statement("WriteTrailEvents", ["logs:CreateLogStream", "logs:PutLogEvents"], [streams])]),
            opts=self._child(),
        )
        return log_group, role, role_policy

    def _event_selectors(self, bucket: aws.s3.Bucket) -> list[aws.cloudtrail.TrailAdvancedEventSelectorArgs]:
        args = self._args
        management = [
            aws.cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs(field="eventCategory", equals=["Management"])
        ]
        if not args.read_management_events:
            management.append(
                aws.cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs(field="readOnly", equals=["false"])
            )
        selectors = [
            aws.cloudtrail.TrailAdvancedEventSelectorArgs(name="Management events", field_selectors=management)
        ]
        if args.audit_bucket_data_events:
            selectors.append(
                aws.cloudtrail.TrailAdvancedEventSelectorArgs(
                    name="Access to the audit trail bucket",
                    field_selectors=[
                        aws.cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs(
                            field="eventCategory", equals=["Data"]
                        ),
                        aws.cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs(
                            field="resources.type", equals=["AWS::S3::Object"]
                        ),
                        aws.cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs(
                            field="resources.ARN", starts_withs=[pulumi.Output.concat(bucket.arn, "/")]
                        ),
                        # CloudTrail's own deliveries would otherwise be recorded, delivered, recorded...
                        aws.cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs(
                            field="eventName", not_equals=["PutObject"]
                        ),
                    ],
                )
            )
        return selectors

    # -- CIS metric filters and alarms ----------------------------------------------------------

    def _create_cis_alarms(self, log_group: aws.cloudwatch.LogGroup) -> None:
        name, args = self._name, self._args
        specs = []
        for cis in CIS_FILTERS:
            aws.cloudwatch.LogMetricFilter(
                f"{name}-{cis.key}",
                name=f"{args.name_prefix}-{cis.key}",
                log_group_name=log_group.name,
                pattern=cis.pattern,
                metric_transformation={"name": cis.key, "namespace": AUDIT_METRICS_NAMESPACE, "value": "1"},
                opts=self._child(),
            )
            specs.append(
                AlarmSpec(
                    what=f"cis-{cis.key}",
                    summary=f"CloudTrail: {cis.cis} (CIS AWS Foundations, monitoring).",
                    runbook=f"cis-{cis.key}",
                    severity=cis.severity,  # type: ignore[arg-type]
                    threshold=1,
                    comparison="GreaterThanOrEqualToThreshold",
                    # The filter publishes only when an event matches: no datapoint means none happened.
                    missing_data="notBreaching",
                    metric=Metric(
                        namespace=AUDIT_METRICS_NAMESPACE,
                        name=cis.key,
                        dimensions={},
                        stat="Sum",
                        period=CIS_PERIOD_SECONDS,
                    ),
                )
            )
        AlarmSet(f"{name}-cis-alarms", AlarmSetArgs(route=args.route, specs=specs), opts=self._child())
