"""Recovery points are copied to a vault in another region (and kept there for a set time)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, as_list, get, required_switch, setting, violation

NAME = "backup-plan-copy-to-dr"
DESCRIPTION = (
    "Where required, an AWS Backup plan rule copies recovery points to a vault in another region; every "
    "copy action (required or not) targets another region with a lifecycle."
)
SEVERITY = "high"
CATEGORY = "BDR"
CONTROLS = ("custom: cross-region copy",)
ROWS = ("62",)
TYPES = frozenset({"aws:backup/plan:Plan"})
REMEDIATION = "Add copy_actions=[{destination_vault_arn: <DR vault ARN>, lifecycle: {delete_after: N}}] to every rule."
CONFIG = {"required": required_switch("require cross-region copies")}


def _region(arn) -> str | None:
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[3] if len(parts) > 5 and parts[2] == "backup" else None


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    home = args.provider.props.get("region") if args.provider else None
    rules = as_list(get(args.props, "rules"))
    # A continuous-backup (PITR) rule may stay local; where required some rule must copy, and every copy
    # that exists must really leave the region (a same-region "DR copy" would be a false sense of safety).
    copying = [r for r in rules if as_list(get(r, "copyActions"))]
    if not copying and setting(args, CONFIG, "required"):
        report_violation(violation("rules[].copyActions", None, "copy at least one rule to the DR region's vault"))
    for index, rule in enumerate(rules):
        for number, copy in enumerate(as_list(get(rule, "copyActions"))):
            days = as_int(get(copy, "lifecycle.deleteAfter"))
            if _region(get(copy, "destinationVaultArn")) in (None, home) or days is None:
                report_violation(
                    violation(
                        f"rules[{index}].copyActions[{number}]",
                        copy,
                        "copy to a vault ARN in another region with lifecycle.delete_after",
                    )
                )
