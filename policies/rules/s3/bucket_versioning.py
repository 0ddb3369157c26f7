"""Bucket versioning keeps overwritten and deleted objects recoverable."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_equal

NAME = "s3-bucket-versioning"
DESCRIPTION = "S3 bucket versioning is enabled."
SEVERITY = "medium"
CATEGORY = "BDR"
CONTROLS = ("SH S3.14", "CKV_AWS_21")
ROWS = ("79",)
TYPES = frozenset({"aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"})
REMEDIATION = "Set versioning_configuration={status: 'Enabled'}."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_equal(args.props, report_violation, "versioningConfiguration.status", "Enabled")
