"""A vault holding recovery points cannot be destroyed with them."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, get, violation

NAME = "backup-vault-no-force-destroy"
DESCRIPTION = "AWS Backup vaults do not set forceDestroy (deleting the stack must not delete recovery points)."
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("custom: vault force_destroy",)
ROWS = ("64",)
TYPES = frozenset({"aws:backup/vault:Vault", "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault"})
REMEDIATION = "Remove force_destroy (or set it to False)."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    # Absent is the provider default (false), which is the safe value.
    if args.resource_type in TYPES and as_bool(get(args.props, "forceDestroy")) is True:
        report_violation(violation("forceDestroy", True, "set it to false"))
