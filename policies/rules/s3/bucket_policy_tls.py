"""Bucket policies deny any request not made over TLS."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import resource_statements
from policies.support.tls import denies_insecure_transport

NAME = "s3-bucket-policy-tls"
DESCRIPTION = "S3 bucket policies deny requests where aws:SecureTransport is false."
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("SH S3.5", "CIS 2.1.1", "NAG S10")
ROWS = ("79",)
TYPES = frozenset({"aws:s3/bucketPolicy:BucketPolicy"})
REMEDIATION = (
    "Add {Effect: Deny, Principal: '*', Action: 's3:*', Resource: [bucket, bucket/*], "
    "Condition: {Bool: {aws:SecureTransport: 'false'}}}."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES and not denies_insecure_transport(
        resource_statements(args.resource_type, args.props)
    ):
        report_violation("policy has no Deny statement for aws:SecureTransport=false; add one covering all actions")
