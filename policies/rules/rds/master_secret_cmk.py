"""The RDS-managed master user secret is encrypted with a CMK."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, require_cmk

NAME = "rds-master-secret-cmk"
DESCRIPTION = "The Secrets Manager secret RDS manages for the master user is encrypted with a CMK."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH RDS.24", "custom: CMK for the master secret")
ROWS = ("15",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Set master_user_secret_kms_key_id=<secrets CMK ARN>."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    # Checked when RDS manages the secret, and whenever a key is named at all (a wrong key is a latent bug).
    managed = as_bool(args.props.get("manageMasterUserPassword"))
    if args.resource_type in TYPES and (managed or args.props.get("masterUserSecretKmsKeyId") is not None):
        require_cmk(args.props, report_violation, "masterUserSecretKmsKeyId")
