"""Every bucket comes with its public access block, CMK encryption, versioning and TLS-only policy."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.stack import label, linked, of_type

NAME = "s3-bucket-baseline"
DESCRIPTION = (
    "Every S3 bucket has a public access block, a default-encryption configuration, versioning and "
    "a bucket policy (their contents are checked by the s3-* policies)."
)
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = (
    "SH S3.1",
    "SH S3.5",
    "SH S3.8",
    "SH S3.14",
    "SH S3.17",
    "CKV_AWS_145",
    "CKV_AWS_21",
    "NAG S2",
    "NAG S10",
)
ROWS = ("79",)
BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
COMPANIONS = {
    "public access block": ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",),
    "default encryption": (
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ),
    "versioning": (
        "aws:s3/bucketVersioning:BucketVersioning",
        "aws:s3/bucketVersioningV2:BucketVersioningV2",
    ),
    "bucket policy": ("aws:s3/bucketPolicy:BucketPolicy",),
}
TYPES = frozenset({*BUCKETS, *(t for types in COMPANIONS.values() for t in types)})
REMEDIATION = (
    "Declare BucketPublicAccessBlock, BucketServerSideEncryptionConfiguration, BucketVersioning and BucketPolicy."
)


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    for bucket in of_type(args.resources, *BUCKETS):
        missing = [
            what
            for what, types in COMPANIONS.items()
            if not any(linked(c, c.props.get("bucket"), bucket, "bucket") for c in of_type(args.resources, *types))
        ]
        if missing:
            report_violation(f"{label(bucket)} has no {', '.join(missing)}; declare them", bucket.urn)
