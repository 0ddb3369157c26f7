"""Nobody may decrypt with every key in the account."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import (
    IDENTITY_DOCUMENTS,
    covers,
    finding,
    identity_statements,
    is_wildcard_resource,
)

NAME = "iam-no-kms-decrypt-all-keys"
DESCRIPTION = (
    "Identity policies do not allow kms:Decrypt or kms:ReEncryptFrom on more than named keys (`*`, `key/*`, "
    "`key/mrk-*`, a wildcard region or account)."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH KMS.1", "SH KMS.2")
ROWS = ("53",)
TYPES = frozenset(IDENTITY_DOCUMENTS)
REMEDIATION = "Name the key ARNs the workload needs (Key.grant_decrypt style)."
ACTIONS = ("kms:Decrypt", "kms:ReEncryptFrom")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    for statement in identity_statements(args.resource_type, args.props):
        if not statement.allows:
            continue
        granted = [a for a in ACTIONS if any(covers(p, a) for p in statement.actions)]
        broad = [r for r in statement.resources if is_wildcard_resource(r)]
        if statement.body.get("NotResource") is not None:
            broad.append("NotResource")
        if granted and broad:
            report_violation(
                finding(statement, f"{granted} on every key matching {broad}", "name the exact key ARNs", value=broad)
            )
