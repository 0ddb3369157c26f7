"""Buckets block every form of public access."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "s3-public-access-block"
DESCRIPTION = "S3 public access blocks (bucket and account level) set all four flags."
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("SH S3.1", "SH S3.8", "CIS 2.1.4", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56")
ROWS = ("79",)
TYPES = frozenset(
    {
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    }
)
REMEDIATION = "Set block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets to True."
FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        for flag in FLAGS:
            require_true(args.props, report_violation, flag)
