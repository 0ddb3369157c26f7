"""Nothing in the stack trusts or grants another AWS account unless that account is listed."""

import re

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.edge_facts import ELB_LOG_DELIVERY_ACCOUNTS
from policies.support.iam import RESOURCE_DOCUMENTS, finding, statements_of
from policies.support.props import as_list, get, keyed, setting
from policies.support.stack import of_type

NAME = "iam-cross-account-principals"
DESCRIPTION = (
    "Trust policies, resource and key policies, EKS access entries and Lambda permissions name only the "
    "stack's own account (seen in its resources' ARNs) or accounts listed in trustedAccounts (and a bucket policy "
    "may let AWS's regional ELB log delivery accounts put objects); a role trusted by a listed third party still "
    "pins sts:ExternalId to a literal value."
)
SEVERITY = "critical"
CATEGORY = "LP"
CONTROLS = ("CKV_AWS_60", "SH KMS.5", "custom: no foreign principals")
ROWS = ("50", "75")
ROLE = "aws:iam/role:Role"
ACCESS = ("aws:eks/accessEntry:AccessEntry", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
PERMISSION = "aws:lambda/permission:Permission"
TYPES = frozenset({ROLE, *RESOURCE_DOCUMENTS, *ACCESS, PERMISSION})
REMEDIATION = (
    "Use principals of this account; for a partner account, list it in trustedAccounts and condition the "
    "trust on StringEquals sts:ExternalId."
)
CONFIG = {
    "trustedAccounts": {
        "type": "array",
        "items": {"type": "string", "pattern": "^[0-9]{12}$"},
        "default": [],
        "description": "other AWS accounts the stack may trust (partners, a central security account)",
    }
}
_ACCOUNT_IN_ARN = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):")
_ACCOUNT = re.compile(r"^\d{12}$")
# AWS's own accounts that deliver a region's ALB access logs (regions opened before August 2022): a bucket
# policy may let them put objects, and nothing else (ELB User Guide, "Enable access logs").
ELB_LOG_DELIVERY = frozenset(ELB_LOG_DELIVERY_ACCOUNTS.values())
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
_ACCOUNT_KEYS = ("aws:principalaccount", "aws:sourceaccount", "kms:calleraccount", "aws:sourceowner")


def account_of(value) -> str | None:
    """The account an AWS principal or ARN names (`123456789012`, `arn:aws:iam::123456789012:root`)."""
    text = str(value)
    if _ACCOUNT.match(text):
        return text
    match = _ACCOUNT_IN_ARN.match(text)
    return match.group(1) if match else None


def _own_accounts(resources) -> set[str]:
    return {a for r in resources for a in [account_of(r.props.get("arn"))] if a}


def _statement_accounts(statement) -> set[str]:
    named = {account_of(p) for p in statement.principal_values("AWS")}
    for block in statement.conditions.values():
        for key, values in block.items() if hasattr(block, "items") else ():
            if key.lower() in _ACCOUNT_KEYS or key.lower() in ("aws:principalarn", "aws:sourcearn"):
                named |= {account_of(v) for v in as_list(values)}
    return {a for a in named if a}


def _log_delivery(resource, statement) -> set[str]:
    """ELB log delivery accounts, when a bucket policy statement lets them only put objects."""
    if resource.resource_type != BUCKET_POLICY or [a.lower() for a in statement.actions] != ["s3:putobject"]:
        return set()
    return set(ELB_LOG_DELIVERY)


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    trusted = set(setting(args, CONFIG, "trustedAccounts"))
    own = _own_accounts(args.resources)
    allowed = own | trusted
    for resource in args.resources:
        paths = (
            ("assumeRolePolicy",)
            if resource.resource_type == ROLE
            else RESOURCE_DOCUMENTS.get(resource.resource_type, ())
        )
        for statement in statements_of(resource.props, paths):
            if not statement.allows:
                continue
            foreign = sorted(_statement_accounts(statement) - allowed - _log_delivery(resource, statement))
            if foreign:
                report_violation(
                    finding(
                        statement,
                        f"names accounts {foreign} outside this stack's {sorted(own)}",
                        "name this account's principals",
                        "accounts",
                        foreign,
                    ),
                    resource.urn,
                )
            third_party = resource.resource_type == ROLE and _statement_accounts(statement) & (trusted - own)
            if third_party and not statement.narrowing({"sts:externalid"}):
                report_violation(
                    finding(
                        statement,
                        "trusts a listed third-party account without a literal sts:ExternalId",
                        "pin sts:ExternalId",
                        "ExternalId",
                    ),
                    resource.urn,
                )
    for resource in of_type(args.resources, *ACCESS, PERMISSION):
        key = "principal" if resource.resource_type == PERMISSION else "principalArn"
        account = account_of(get(resource.props, key))
        if account and account not in allowed:
            report_violation(
                keyed(
                    f"{resource.name} {key} is in account {account}, outside this stack's {sorted(own)}; "
                    "use a principal of this account",
                    key,
                    account,
                ),
                resource.urn,
            )
