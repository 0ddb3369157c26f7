"""Cache data at rest (nodes, snapshots, swap) is encrypted."""

from policies.support.props import get, require_true

NAME = "elasticache-at-rest-encryption"
DESCRIPTION = "ElastiCache replication groups encrypt data at rest."
SEVERITY = "high"
CATEGORY = "EaR"
CONTROLS = ("SH ElastiCache.4", "CKV_AWS_29", "NAG AEC3")
ROWS = ("23",)
TYPES = frozenset({"aws:elasticache/replicationGroup:ReplicationGroup"})
REMEDIATION = "Set at_rest_encryption_enabled=True (requires a new replication group)."


def validate(args, report_violation):
    # A global datastore's secondary inherits the setting from the datastore's primary (checked here);
    # AWS and the provider refuse it on the secondary itself.
    if args.resource_type in TYPES and not get(args.props, "globalReplicationGroupId"):
        require_true(args.props, report_violation, "atRestEncryptionEnabled")
