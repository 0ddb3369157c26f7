"""The private, TLS-only, versioned, expiring S3 bucket that AWS services deliver logs into.

Shared by the ALB access-log bucket (SSE-S3: ALB delivers to nothing else) and the user pool's activity
log bucket (SSE-KMS with the logs CMK). Children are named `<name>-bucket`, `<name>-public-access-block`,
`<name>-ownership`, `<name>-encryption`, `<name>-versioning`, `<name>-lifecycle`, `<name>-policy`:
the names are a contract (renames need aliases).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.support.iam import statement

NONCURRENT_VERSION_DAYS = 7  # deleted or overwritten log objects linger a week, then go
ABORT_INCOMPLETE_UPLOAD_DAYS = 1


@dataclass(frozen=True)
class LogBucket:
    bucket: aws.s3.Bucket
    policy: aws.s3.BucketPolicy


def private_log_bucket(
    name: str,
    *,
    parent: pulumi.Resource,
    encryption_rule: dict[str, Any],
    expire_prefix: str,
    expire_rule_id: str,
    retention_days: int,
    policy: Callable[[pulumi.Output[str]], pulumi.Output[str]],
    force_destroy: bool = False,
) -> LogBucket:
    """A log bucket: public access blocked, ACLs off, default encryption `encryption_rule`, versioned,
    objects under `expire_prefix` expiring after `retention_days`, and the bucket policy `policy(arn)`."""
    child = pulumi.ResourceOptions(parent=parent)
    bucket = aws.s3.Bucket(f"{name}-bucket", force_destroy=force_destroy, opts=child)
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
            f"{name}-encryption", bucket=bucket.id, rules=[encryption_rule], opts=child
        ),
        aws.s3.BucketVersioning(
            f"{name}-versioning", bucket=bucket.id, versioning_configuration={"status": "Enabled"}, opts=child
        ),
        aws.s3.BucketLifecycleConfiguration(
            f"{name}-lifecycle",
            bucket=bucket.id,
            rules=[
                {
                    "id": expire_rule_id,
                    "status": "Enabled",
                    "filter": {"prefix": f"{expire_prefix}/"},
                    "expiration": {"days": retention_days},
                    "noncurrent_version_expiration": {"noncurrent_days": NONCURRENT_VERSION_DAYS},
                    "abort_incomplete_multipart_upload": {"days_after_initiation": ABORT_INCOMPLETE_UPLOAD_DAYS},
                }
            ],
            opts=child,
        ),
    ]
    bucket_policy = aws.s3.BucketPolicy(
        f"{name}-policy",
        bucket=bucket.id,
        policy=policy(bucket.arn),
        # S3 refuses a policy while the public access block is being written (409 OperationAborted).
        opts=pulumi.ResourceOptions(parent=parent, depends_on=guards),
    )
    return LogBucket(bucket=bucket, policy=bucket_policy)


def deny_insecure_transport(bucket_arn: pulumi.Input[str]) -> dict[str, Any]:
    return statement(
        "DenyInsecureTransport",
        ("s3:*",),
        [bucket_arn, pulumi.Output.concat(bucket_arn, "/*")],
        principals={"AWS": "*"},
        conditions={"Bool": {"aws:SecureTransport": "false"}},
        effect="Deny",
    )
