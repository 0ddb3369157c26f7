"""Buckets grant nothing through ACLs or website hosting: access goes through bucket policies only."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "s3-bucket-no-public-acl"
DESCRIPTION = (
    "S3 buckets use no public canned ACL or grant to AllUsers/AuthenticatedUsers (inline or BucketAcl), "
    "enforce bucket-owner object ownership (ACLs off) and host no website."
)
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("SH S3.2", "SH S3.3", "SH S3.12", "CKV_AWS_20", "CKV2_AWS_65")
ROWS = ("79",)
BUCKET = "aws:s3/bucket:Bucket"
ACL = "aws:s3/bucketAcl:BucketAcl"
OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
WEBSITE = "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration"
TYPES = frozenset({BUCKET, ACL, OWNERSHIP, WEBSITE})
REMEDIATION = (
    "Drop ACLs and website settings; set BucketOwnershipControls rule.object_ownership='BucketOwnerEnforced' "
    "and serve content through the front door."
)
PRIVATE_ACLS = (None, "private", "bucket-owner-full-control", "bucket-owner-read")
PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


def _public_grants(grants) -> list:
    return [g for g in as_list(grants) if get(g, "grantee.uri") in PUBLIC_GROUPS or get(g, "uri") in PUBLIC_GROUPS]


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    props = args.props
    if args.resource_type in (BUCKET, ACL) and get(props, "acl") not in PRIVATE_ACLS:
        report_violation(violation("acl", get(props, "acl"), "remove it (ACLs are disabled; use the bucket policy)"))
    grants = get(props, "grants") if args.resource_type == BUCKET else get(props, "accessControlPolicy.grants")
    if _public_grants(grants):
        report_violation(violation("grants", _public_grants(grants), "remove grants to AllUsers/AuthenticatedUsers"))
    if args.resource_type == BUCKET and get(props, "website"):
        report_violation(violation("website", get(props, "website"), "remove it; serve through the front door"))
    if args.resource_type == OWNERSHIP and get(props, "rule.objectOwnership") != "BucketOwnerEnforced":
        report_violation(
            violation("rule.objectOwnership", get(props, "rule.objectOwnership"), "set it to 'BucketOwnerEnforced'")
        )
    if args.resource_type == WEBSITE:
        report_violation(violation("type", "BucketWebsiteConfiguration", "remove it; serve through the front door"))
