"""Cross-region copies of databases stay encrypted: global clusters and replicated automated backups."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_cmk, require_true

NAME = "rds-dr-replica-encrypted"
DESCRIPTION = (
    "Aurora global databases are storage-encrypted and replicated automated backups use a CMK in the DR region."
)
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("CKV_AWS_245", "custom: regional CMK on the secondary")
ROWS = ("13",)
TYPES = frozenset(
    {
        "aws:rds/globalCluster:GlobalCluster",
        "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    }
)
REMEDIATION = (
    "GlobalCluster: storage_encrypted=True (each member cluster names its regional CMK); "
    "InstanceAutomatedBackupsReplication: kms_key_id=<CMK ARN in the DR region>."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type == "aws:rds/globalCluster:GlobalCluster":
        # A global cluster built from an existing (encrypted) primary inherits its encryption.
        if not args.props.get("sourceDbClusterIdentifier"):
            require_true(args.props, report_violation, "storageEncrypted")
    elif args.resource_type in TYPES:
        require_cmk(args.props, report_violation, "kmsKeyId")
