"""The trail's bucket is immutable (object lock with a default retention) and access to it is recorded."""

from pulumi_policy import PolicyResource, StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, as_list, get, plain, setting
from policies.support.stack import label, linked, of_type, referenced

NAME = "cloudtrail-bucket-immutable"
DESCRIPTION = (
    "The S3 bucket of every CloudTrail trail has object lock enabled with a default retention in an allowed "
    "mode (COMPLIANCE where required) of at least the minimum days, and access to it is recorded: server "
    "access logging, or the trail's own data events on the bucket."
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
    "Create the trail bucket with object_lock_enabled=True and a BucketObjectLockConfiguration (an allowed mode, "
    "days >= the minimum); record access with a BucketLogging or a data-event selector on the bucket's objects."
)
CONFIG = {
    "modes": {
        "type": "array",
        "items": {"type": "string", "enum": ["COMPLIANCE", "GOVERNANCE"]},
        "default": ["COMPLIANCE"],
        "description": "object lock modes allowed for the default retention",
    },
    "minRetentionDays": {"type": "integer", "minimum": 1, "default": 365, "description": "least default retention"},
}


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    modes, minimum = setting(args, CONFIG, "modes"), setting(args, CONFIG, "minRetentionDays")
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
        retentions = [get(lk.props, "rule.defaultRetention") or {} for lk in locks]
        if not any(r.get("mode") in modes and (as_int(r.get("days")) or 0) >= minimum for r in retentions):
            problems.append(f"no default retention in {modes} of >= {minimum} days (found {plain(retentions)})")
        logged = any(linked(lg, lg.props.get("bucket"), bucket, "bucket") for lg in of_type(args.resources, *LOGGING))
        if not logged and not _records_data_events_of(trail, bucket):
            problems.append("no server access logging and no data events of the bucket in the trail")
        if problems:
            report_violation(
                f"{label(bucket)} (trail {trail.name}): {', '.join(problems)}; lock it with a default retention "
                "and record access to it",
                bucket.urn,
            )


def _records_data_events_of(trail: PolicyResource, bucket: PolicyResource) -> bool:
    """A data-event selector of the trail covers the bucket's objects (advanced or basic selectors)."""
    arn = bucket.props.get("arn") or f"arn:aws:s3:::{bucket.props.get('bucket')}"
    for selector in as_list(trail.props.get("advancedEventSelectors")):
        fields = {get(f, "field"): f for f in as_list(get(selector, "fieldSelectors"))}
        category = as_list(get(fields.get("eventCategory"), "equals"))
        prefixes = as_list(get(fields.get("resources.ARN"), "startsWiths")) + as_list(
            get(fields.get("resources.ARN"), "equals")
        )
        if "Data" in category and any(isinstance(p, str) and p.startswith(arn) for p in prefixes):
            return True
    for selector in as_list(trail.props.get("eventSelectors")):
        for resource in as_list(get(selector, "dataResources")):
            values = as_list(get(resource, "values"))
            if get(resource, "type") == "AWS::S3::Object" and any(str(v).startswith(arn) for v in values):
                return True
    return False
