"""CloudWatch Logs metric filters over the CloudTrail log group, one per CIS AWS Foundations monitoring
recommendation the blueprint alarms on.

Written from each recommendation's intent (CIS AWS Foundations Benchmark, "Monitoring" section: alarm
when the root user is used, when IAM policies change, on console sign-in without MFA, when a CMK is
disabled or scheduled for deletion, on security group and network ACL changes, and on unauthorized API
calls), in the CloudWatch Logs filter pattern syntax for JSON events. Each matching event counts 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CisFilter:
    """One monitored activity.

    Attributes:
        key: Short name (metric name, alarm name part).
        cis: The recommendation's subject (for the reader; numbering differs between versions).
        pattern: The CloudWatch Logs filter pattern.
        severity: page or ticket.
    """

    key: str
    cis: str
    pattern: str
    severity: str


def any_event(names: Sequence[str], *, source: str | None = None) -> str:
    """`{ ($.eventName = A) || ($.eventName = B) ... }`, optionally restricted to one event source."""
    names_clause = " || ".join(f"($.eventName = {name})" for name in names)
    if source is None:
        return f"{{ {names_clause} }}"
    return f"{{ ($.eventSource = {source}) && ({names_clause}) }}"


IAM_POLICY_CHANGES = (
    "AttachGroupPolicy",
    "AttachRolePolicy",
    "AttachUserPolicy",
    "CreatePolicy",
    "CreatePolicyVersion",
    "DeleteGroupPolicy",
    "DeletePolicy",
    "DeletePolicyVersion",
    "DeleteRolePolicy",
    "DeleteUserPolicy",
    "DetachGroupPolicy",
    "DetachRolePolicy",
    "DetachUserPolicy",
    "PutGroupPolicy",
    "PutRolePolicy",
    "PutUserPolicy",
    "SetDefaultPolicyVersion",
)
SECURITY_GROUP_CHANGES = (
    "AuthorizeSecurityGroupEgress",
    "AuthorizeSecurityGroupIngress",
    "CreateSecurityGroup",
    "DeleteSecurityGroup",
    "ModifySecurityGroupRules",
    "RevokeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
)
NETWORK_ACL_CHANGES = (
    "CreateNetworkAcl",
    "CreateNetworkAclEntry",
    "DeleteNetworkAcl",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
    "ReplaceNetworkAclEntry",
)

CIS_FILTERS: tuple[CisFilter, ...] = (
    CisFilter(
        key="root-account-usage",
        cis="usage of the root user",
        # Root acting itself (not a service acting for it), outside AWS's own service events.
        pattern='{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) '
        '&& ($.eventType != "AwsServiceEvent") }',
        severity="page",
    ),
    CisFilter(
        key="iam-policy-changes",
        cis="IAM policy changes",
        pattern=any_event(IAM_POLICY_CHANGES, source="iam.amazonaws.com"),
        severity="ticket",
    ),
    CisFilter(
        key="console-sign-in-without-mfa",
        cis="management console sign-in without MFA",
        # Successful IAM-user sign-ins without MFA (federated and SSO sign-ins carry their IdP's MFA).
        pattern='{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") '
        '&& ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
        severity="page",
    ),
    CisFilter(
        key="cmk-disabled-or-deleted",
        cis="disabling or scheduled deletion of customer-managed keys",
        pattern=any_event(("DisableKey", "ScheduleKeyDeletion"), source="kms.amazonaws.com"),
        severity="page",
    ),
    CisFilter(
        key="security-group-changes",
        cis="security group changes",
        pattern=any_event(SECURITY_GROUP_CHANGES),
        severity="ticket",
    ),
    CisFilter(
        key="network-acl-changes",
        cis="network ACL changes",
        pattern=any_event(NETWORK_ACL_CHANGES),
        severity="ticket",
    ),
    CisFilter(
        key="unauthorized-api-calls",
        cis="unauthorized API calls",
        pattern='{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
        severity="ticket",
    ),
)
