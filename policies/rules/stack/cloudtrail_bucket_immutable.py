"""The trail's bucket is immutable (object lock, compliance mode) and its access is logged."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get
from policies.support.stack import label, linked, of_type, referenced

NAME = "cloudtrail-bucket-immutable"
DESCRIPTION = (
    "The S3 bucket of every CloudTrail trail has object lock enabled with a COMPLIANCE default "
    "retention, and server access logging."
)
SEVERITY = "high"
CATEGORY = "LOG"
CONTROLS = ("SH S3.15", "CKV_AWS_143", "CIS 3.4", "SH S3.9", "CKV_AWS_18")
ROWS = ("68",)
TRAIL = "aws:cloudtrail/trail:Trail"
BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
LOCKS = (
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
)
LOGGING = ("aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2")
TYPES = frozenset({TRAIL, *BUCKETS, *LOCKS, *LOGGING})
REMEDIATION = (
    "Create the trail bucket with object_lock_enabled=True, a BucketObjectLockConfiguration "
    "(mode COMPLIANCE, days >= 365) and a BucketLogging to the access-log bucket."
)


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    for trail in of_type(args.resources, TRAIL):
        name = trail.props.get("s3BucketName")
        bucket = next((b for b in of_type(args.resources, *BUCKETS) if referenced(name, b, "bucket")), None)
        if bucket is None:
            report_violation(
                f"{label(trail)} writes to bucket {name!r}, which this stack does not manage; "
                "declare it with object lock",
                trail.urn,
            )
            continue
        problems = []
        if bucket.props.get("objectLockEnabled") is not True:
            problems.append("objectLockEnabled is not true")
        locks = [lk for lk in of_type(args.resources, *LOCKS) if linked(lk, lk.props.get("bucket"), bucket, "bucket")]
        if not any(get(lk.props, "rule.defaultRetention.mode") == "COMPLIANCE" for lk in locks):
            problems.append("no COMPLIANCE default retention")
        if not any(linked(lg, lg.props.get("bucket"), bucket, "bucket") for lg in of_type(args.resources, *LOGGING)):
            problems.append("no server access logging")
        if problems:
            report_violation(
                f"{label(bucket)} (trail {trail.name}): {', '.join(problems)}; "
                "lock it in COMPLIANCE mode and log access",
                bucket.urn,
            )
