"""Cache engine patches are applied automatically."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import require_true

NAME = "elasticache-auto-minor-version-upgrade"
DESCRIPTION = "ElastiCache replication groups apply minor engine upgrades automatically."
SEVERITY = "low"
CATEGORY = "AV"
CONTROLS = ("SH ElastiCache.2", "CKV_AWS_322")
ROWS = ("31",)
TYPES = frozenset({"aws:elasticache/replicationGroup:ReplicationGroup"})
REMEDIATION = "Set auto_minor_version_upgrade=True."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        require_true(args.props, report_violation, "autoMinorVersionUpgrade")
