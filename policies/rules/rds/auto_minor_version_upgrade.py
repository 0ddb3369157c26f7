"""Database minor versions (security patches) are applied automatically in the maintenance window."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "rds-auto-minor-version-upgrade"
DESCRIPTION = "RDS instances and Aurora cluster instances apply minor engine upgrades automatically."
SEVERITY = "low"
CATEGORY = "AV"
CONTROLS = ("SH RDS.13", "SH RDS.35", "CIS 2.2.2", "CKV_AWS_226")
ROWS = ("21",)
# Aurora applies minor upgrades per instance; the cluster-level flag only exists for Multi-AZ DB clusters.
TYPES = frozenset({"aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"})
REMEDIATION = "Set auto_minor_version_upgrade=True."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "autoMinorVersionUpgrade")
