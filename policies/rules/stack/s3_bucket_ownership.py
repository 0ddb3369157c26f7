"""Bucket owners own every object: ACLs are off."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get
from policies.support.stack import label, of_type, referenced

NAME = "s3-bucket-ownership-enforced"
DESCRIPTION = "Every S3 bucket has ownership controls set to BucketOwnerEnforced (ACLs disabled)."
SEVERITY = "medium"
CATEGORY = "NET"
CONTROLS = ("SH S3.12", "CKV2_AWS_65")
ROWS = ("79",)
BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
TYPES = frozenset({*BUCKETS, OWNERSHIP})
REMEDIATION = "Add aws.s3.BucketOwnershipControls(bucket=..., rule={object_ownership: 'BucketOwnerEnforced'})."


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    controls = of_type(args.resources, OWNERSHIP)
    for bucket in of_type(args.resources, *BUCKETS):
        mine = [c for c in controls if referenced(c.props.get("bucket"), bucket, "bucket")]
        if not any(get(c.props, "rule.objectOwnership") == "BucketOwnerEnforced" for c in mine):
            found = [get(c.props, "rule.objectOwnership") for c in mine]
            report_violation(
                f"{label(bucket)} ownership is {found or 'not set'}; set BucketOwnerEnforced (ACLs off)", bucket.urn
            )
