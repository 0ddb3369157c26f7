"""Cache data at rest (nodes, snapshots, swap) is encrypted."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, require_true

NAME = "elasticache-at-rest-encryption"
DESCRIPTION = "ElastiCache replication groups encrypt data at rest."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH ElastiCache.4", "CKV_AWS_29", "NAG AEC3")
ROWS = ("23",)
TYPES = frozenset({"aws:elasticache/replicationGroup:ReplicationGroup"})
REMEDIATION = "Set at_rest_encryption_enabled=True (requires a new replication group)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    # A global datastore's secondary inherits the setting from the datastore's primary (checked here) and
    # AWS refuses it on the secondary: absent is compliant there, but a value that is set must be true.
    inherits = bool(get(args.props, "globalReplicationGroupId"))
    if not (inherits and get(args.props, "atRestEncryptionEnabled") is None):
        require_true(args.props, report_violation, "atRestEncryptionEnabled")
