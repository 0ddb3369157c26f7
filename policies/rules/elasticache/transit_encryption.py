"""Clients must use TLS to reach the cache."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import get, require_true, setting, violation

NAME = "elasticache-transit-encryption"
DESCRIPTION = "ElastiCache replication groups require TLS (transitEncryptionMode 'required')."
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("SH ElastiCache.5", "CKV_AWS_30", "NAG AEC3")
ROWS = ("25",)
TYPES = frozenset({"aws:elasticache/replicationGroup:ReplicationGroup"})
REMEDIATION = "Set transit_encryption_enabled=True and transit_encryption_mode='required'."
CONFIG = {
    "allowPreferred": {
        "type": "boolean",
        "default": False,
        "description": "accept mode 'preferred' while clients migrate to TLS",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    # A global datastore's secondary inherits TLS from the datastore's primary (checked here) and AWS
    # refuses the transit settings on it: absent is compliant there, but a value that is set must be secure.
    inherits = bool(get(args.props, "globalReplicationGroupId"))
    enabled = get(args.props, "transitEncryptionEnabled")
    if not (inherits and enabled is None):
        require_true(args.props, report_violation, "transitEncryptionEnabled")
    accepted = ("required", "preferred") if setting(args, CONFIG, "allowPreferred") else ("required",)
    mode = get(args.props, "transitEncryptionMode")
    if mode not in accepted and not (inherits and mode is None):
        report_violation(violation("transitEncryptionMode", mode, "set it to 'required'"))
