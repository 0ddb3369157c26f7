"""Caches are encrypted with a customer-managed key."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk

NAME = "elasticache-cmk"
DESCRIPTION = "ElastiCache replication groups and serverless caches use a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_191",)
ROWS = ("24",)
TYPES = frozenset(
    {"aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/serverlessCache:ServerlessCache"}
)
REMEDIATION = "Set kms_key_id=<data CMK ARN> (the DR member: the CMK of its own region)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsKeyId")
