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

from components.reference.edge import ALB_ACCESS_LOG_SSE_ALGORITHM, elb_log_delivery_principal
from components.support.iam import document, statement
from components.support.log_bucket import deny_insecure_transport, private_log_bucket
from components.support.validation import require_between

LOG_PREFIX = "alb"


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
        built = private_log_bucket(
            name,
            parent=self,
            encryption_rule={
                "apply_server_side_encryption_by_default": {"sse_algorithm": ALB_ACCESS_LOG_SSE_ALGORITHM}
            },
            expire_prefix=LOG_PREFIX,
            expire_rule_id="expire-access-logs",
            retention_days=args.retention_days,
            policy=lambda arn: access_log_bucket_policy(arn, args.region, args.account_id),
            force_destroy=args.force_destroy,
        )
        self.bucket_name = built.bucket.bucket
        self.arn = built.bucket.arn
        self.prefix = LOG_PREFIX
        self.policy = built.policy
        self.register_outputs({"bucket_name": self.bucket_name, "arn": self.arn})


def access_log_bucket_policy(
    bucket_arn: pulumi.Input[str], region: str, account_id: pulumi.Input[str]
) -> pulumi.Output[str]:
    """TLS only; the region's ELB log delivery principal may put objects under this account's prefix only."""
    objects = pulumi.Output.concat(bucket_arn, "/", LOG_PREFIX, "/AWSLogs/", account_id, "/*")
    return document(
        [
            deny_insecure_transport(bucket_arn),
            statement(
                "ElbAccessLogDelivery", ("s3:PutObject",), [objects], principals=elb_log_delivery_principal(region)
            ),
        ]
    )
