"""RDS / Aurora storage uses a customer-managed key, not alias/aws/rds."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk

NAME = "rds-storage-cmk"
DESCRIPTION = "RDS instances and Aurora clusters encrypt storage with a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_327", "custom: CMK for instances")
ROWS = ("2",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Pass kms_key_id=<data CMK ARN>; a secondary (DR) cluster needs the CMK of its own region."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsKeyId")
