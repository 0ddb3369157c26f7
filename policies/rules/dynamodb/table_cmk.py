"""DynamoDB tables and their replicas are encrypted with CMKs."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, check_cmk, get, require_cmk, require_true

NAME = "dynamodb-table-cmk"
DESCRIPTION = "DynamoDB tables, their replicas and table replicas encrypt with customer-managed KMS keys."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_119", "NAG DDB3")
ROWS = ("X3",)
TABLE = "aws:dynamodb/table:Table"
REPLICA = "aws:dynamodb/tableReplica:TableReplica"
TYPES = frozenset({TABLE, REPLICA})
REMEDIATION = (
    "Set server_side_encryption={enabled: True, kms_key_arn: <CMK ARN>} and replicas[].kms_key_arn in each region."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == TABLE:
        require_true(args.props, report_violation, "serverSideEncryption.enabled")
        require_cmk(args.props, report_violation, "serverSideEncryption.kmsKeyArn")
        for index, replica in enumerate(as_list(get(args.props, "replicas"))):
            check_cmk(report_violation, f"replicas[{index}].kmsKeyArn", get(replica, "kmsKeyArn"))
    elif args.resource_type == REPLICA:
        require_cmk(args.props, report_violation, "kmsKeyArn")
