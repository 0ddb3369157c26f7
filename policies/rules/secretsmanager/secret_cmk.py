"""Secrets (and their DR replicas) are encrypted with CMKs."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, check_cmk, get, require_cmk

NAME = "secretsmanager-secret-cmk"
DESCRIPTION = "Secrets Manager secrets and their replicas use customer-managed KMS keys."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_149", "NAG R5-SecretsManagerUsingKMSKey")
ROWS = ("55",)
TYPES = frozenset({"aws:secretsmanager/secret:Secret"})
REMEDIATION = "Set kms_key_id=<secrets CMK ARN> and replicas[].kms_key_id=<CMK ARN in the replica region>."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    require_cmk(args.props, report_violation, "kmsKeyId")
    for index, replica in enumerate(as_list(get(args.props, "replicas"))):
        check_cmk(report_violation, f"replicas[{index}].kmsKeyId", get(replica, "kmsKeyId"))
