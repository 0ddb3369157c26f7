"""RDS / Aurora storage is encrypted at rest."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "rds-storage-encrypted"
DESCRIPTION = "RDS instances and Aurora clusters encrypt their storage (snapshots and replicas inherit it)."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH RDS.3", "SH RDS.27", "CIS 2.2.1", "CKV_AWS_16", "CKV_AWS_96", "NAG RDS2")
ROWS = ("1",)
TYPES = frozenset({"aws:rds/cluster:Cluster", "aws:rds/instance:Instance"})
REMEDIATION = "Set storage_encrypted=True (it cannot be turned on later without a snapshot restore)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "storageEncrypted")
