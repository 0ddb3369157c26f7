"""The bucket a load balancer writes its access logs to.

Private (public access blocked at the bucket, ACLs off: the owner owns every object), TLS-only,
versioned, expiring, and encrypted at rest with SSE-S3: ALB access logging supports no other
server-side encryption (docs/deployability.md, "ALB access-log bucket"), so this is the one bucket in
Bulkhead without a customer-managed key, and the policy pack accepts AES256 for it alone.
Only the region's ELB log delivery principal may write, only under this account's log prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.reference.edge import ALB_ACCESS_LOG_SSE_ALGORITHM, elb_log_delivery_principal
from components.support.iam import document, statement
from components.support.validation import require_between

LOG_PREFIX = "alb"
NONCURRENT_VERSION_DAYS = 7  # deleted or overwritten log objects linger a week, then go
ABORT_INCOMPLETE_UPLOAD_DAYS = 1


@dataclass(frozen=True, kw_only=True)
class AccessLogBucketArgs:
    """Inputs for `AccessLogBucket`.

    Attributes:
        region: The load balancer's region (the bucket must be in it; it picks the log delivery principal).
        account_id: The account whose load balancers write here (the only log prefix allowed).
        retention_days: Days a log object is kept before it expires, 1-3650.
        force_destroy: Let `pulumi destroy` empty the bucket. Default: false
    """

    region: str
    account_id: pulumi.Input[str]
    retention_days: int
    force_destroy: bool = False

    def __post_init__(self) -> None:
        require_between("AccessLogBucketArgs.retention_days", self.retention_days, 1, 3650)


class AccessLogBucket(pulumi.ComponentResource):
    """A private, TLS-only, versioned, expiring S3 bucket for ALB access logs (SSE-S3, see module doc)."""

    bucket_name: pulumi.Output[str]
    arn: pulumi.Output[str]
    prefix: str

    def __init__(self, name: str, args: AccessLogBucketArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:edge:AccessLogBucket", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        bucket = aws.s3.Bucket(f"{name}-bucket", force_destroy=args.force_destroy, opts=child)
        self.bucket_name = bucket.bucket
        self.arn = bucket.arn
        self.prefix = LOG_PREFIX
        guards = [
            aws.s3.BucketPublicAccessBlock(
                f"{name}-public-access-block",
                bucket=bucket.id,
                block_public_acls=True,
                block_public_policy=True,
                ignore_public_acls=True,
                restrict_public_buckets=True,
                opts=child,
            ),
            aws.s3.BucketOwnershipControls(
                f"{name}-ownership", bucket=bucket.id, rule={"object_ownership": "BucketOwnerEnforced"}, opts=child
            ),
            aws.s3.BucketServerSideEncryptionConfiguration(
                f"{name}-encryption",
                bucket=bucket.id,
                rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": ALB_ACCESS_LOG_SSE_ALGORITHM}}],
                opts=child,
            ),
            aws.s3.BucketVersioning(
                f"{name}-versioning", bucket=bucket.id, versioning_configuration={"status": "Enabled"}, opts=child
            ),
            aws.s3.BucketLifecycleConfiguration(
                f"{name}-lifecycle",
                bucket=bucket.id,
                rules=[
                    {
                        "id": "expire-access-logs",
                        "status": "Enabled",
                        "filter": {"prefix": f"{LOG_PREFIX}/"},
                        "expiration": {"days": args.retention_days},
                        "noncurrent_version_expiration": {"noncurrent_days": NONCURRENT_VERSION_DAYS},
                        "abort_incomplete_multipart_upload": {"days_after_initiation": ABORT_INCOMPLETE_UPLOAD_DAYS},
                    }
                ],
                opts=child,
            ),
        ]
        self.policy = aws.s3.BucketPolicy(
            f"{name}-policy",
            bucket=bucket.id,
            policy=access_log_bucket_policy(bucket.arn, args.region, args.account_id),
            # S3 refuses a policy while the public access block is being written (409 OperationAborted).
            opts=pulumi.ResourceOptions(parent=self, depends_on=guards),
        )
        self.register_outputs({"bucket_name": self.bucket_name, "arn": self.arn})


def access_log_bucket_policy(
    bucket_arn: pulumi.Input[str], region: str, account_id: pulumi.Input[str]
) -> pulumi.Output[str]:
    """TLS only; the region's ELB log delivery principal may put objects under this account's prefix only."""
    objects = pulumi.Output.concat(bucket_arn, "/", LOG_PREFIX, "/AWSLogs/", account_id, "/*")
    return document(
        [
            statement(
                "DenyInsecureTransport",
                ("s3:*",),
                [bucket_arn, pulumi.Output.concat(bucket_arn, "/*")],
                principals={"AWS": "*"},
                conditions={"Bool": {"aws:SecureTransport": "false"}},
                effect="Deny",
            ),
            statement(
                "ElbAccessLogDelivery", ("s3:PutObject",), [objects], principals=elb_log_delivery_principal(region)
            ),
        ]
    )
