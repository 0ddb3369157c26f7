"""Caches are encrypted with a customer-managed key."""

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


def validate(args, report_violation):
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsKeyId")
