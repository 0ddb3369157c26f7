"""Cache engine patches are applied automatically, by ElastiCache or, for global datastores, by AWS."""

from collections.abc import Iterable

from pulumi_policy import PolicyResource, StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, describe
from policies.support.stack import label, of_type, referenced

NAME = "elasticache-auto-minor-version-upgrade"
DESCRIPTION = (
    "ElastiCache replication groups apply minor engine upgrades automatically; members of a global "
    "datastore leave the flag unset (AWS turns it off for members and refuses to turn it back on)."
)
SEVERITY = "low"
CATEGORY = "AV"
CONTROLS = ("SH ElastiCache.2", "CKV_AWS_322")
ROWS = ("31",)
GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
DATASTORE = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup"
TYPES = frozenset({GROUP, DATASTORE})
REMEDIATION = (
    "Set auto_minor_version_upgrade=True on a standalone replication group; leave it unset on the primary "
    "and the secondaries of a global datastore (minor upgrades of a global datastore go through it)."
)


def _in_a_global_datastore(group: PolicyResource, datastores: Iterable[PolicyResource]) -> bool:
    """A secondary names its datastore; the primary is named by the datastore."""
    if group.props.get("globalReplicationGroupId"):
        return True
    return any(
        referenced(datastore.props.get("primaryReplicationGroupId"), group, "replicationGroupId")
        for datastore in datastores
    )


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    datastores = of_type(args.resources, DATASTORE)
    for group in of_type(args.resources, GROUP):
        value = group.props.get("autoMinorVersionUpgrade")
        if _in_a_global_datastore(group, datastores):
            if value is not None:
                report_violation(
                    f"{label(group)} is a global datastore member with autoMinorVersionUpgrade "
                    f"{describe(value)}; leave it unset (AWS manages it and refuses changes)",
                    group.urn,
                )
        elif as_bool(value) is not True:
            report_violation(f"{label(group)}: autoMinorVersionUpgrade is {describe(value)}; set it to true", group.urn)
