"""Buckets disable ACLs: the bucket owner owns every object and only policies grant access."""

from policies.support.props import require_equal

NAME = "s3-bucket-owner-enforced"
DESCRIPTION = "S3 bucket ownership controls are BucketOwnerEnforced (ACLs disabled)."
SEVERITY = "medium"
CATEGORY = "LP"
CONTROLS = ("SH S3.12", "CKV2_AWS_65")
ROWS = ("79",)
TYPES = frozenset({"aws:s3/bucketOwnershipControls:BucketOwnershipControls"})
REMEDIATION = "Set rule={object_ownership: 'BucketOwnerEnforced'}."


def validate(args, report_violation):
    if args.resource_type in TYPES:
        require_equal(args.props, report_violation, "rule.objectOwnership", "BucketOwnerEnforced")
