"""Recovery points are encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk

NAME = "backup-vault-cmk"
DESCRIPTION = "AWS Backup vaults encrypt recovery points with a customer-managed KMS key."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH Backup.1", "CKV_AWS_166")
ROWS = ("58",)
TYPES = frozenset({"aws:backup/vault:Vault"})
REMEDIATION = "Set kms_key_arn=<backup/data CMK ARN> (DR vault: the CMK of its region)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsKeyArn")
