"""Least-privilege grants to a workload role: one inline policy per (resource, role), exact ARNs only.

Every data-tier `grant_*` method ends here, so each grant is an `aws.iam.RolePolicy` whose
statements name the exact resource and key ARNs, never `*`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from components.support.iam import document, statement


def grant_to_role(
    owner: pulumi.Resource,
    owner_name: str,
    role: aws.iam.Role,
    purpose: str,
    statements: Sequence[Mapping[str, Any]],
) -> aws.iam.RolePolicy:
    """Attaches `statements` to `role` as an inline policy named after the owner, purpose and role.

    The policy is a child of the granting component, so the grant shows up next to what it opens.
    """
    role_name = role.pulumi_resource_name
    return aws.iam.RolePolicy(
        f"{owner_name}-{purpose}-{role_name}",
        role=role.id,
        name=f"{owner_name}-{purpose}",
        policy=document(statements),
        opts=pulumi.ResourceOptions(parent=owner),
    )


def kms_decrypt_via(
    sid: str,
    key_arn: pulumi.Input[str],
    service: str,
    region: pulumi.Input[str],
    encryption_context: Mapping[str, pulumi.Input[str]] | None = None,
) -> dict[str, Any]:
    """`kms:Decrypt` on one key, only when called through `service` in `region` (kms:ViaService)."""
    return kms_use_via(sid, key_arn, ["kms:Decrypt"], service, region, encryption_context)


def kms_use_via(
    sid: str,
    key_arn: pulumi.Input[str],
    actions: Sequence[str],
    service: str,
    region: pulumi.Input[str],
    encryption_context: Mapping[str, pulumi.Input[str]] | None = None,
) -> dict[str, Any]:
    """`actions` on one key, only when called through `service` in `region` (kms:ViaService), and
    only for the encryption context given (the resource the service encrypts for)."""
    conditions: dict[str, dict[str, Any]] = {
        "StringEquals": {"kms:ViaService": pulumi.Output.concat(service, ".", region, ".amazonaws.com")}
    }
    for key, value in (encryption_context or {}).items():
        conditions["StringEquals"][f"kms:EncryptionContext:{key}"] = value
    return statement(sid, actions, [key_arn], conditions=conditions)


def arn_part(arn: pulumi.Input[str], index: int) -> pulumi.Output[str]:
    """One colon-separated field of an ARN (3 = region, 4 = account)."""
    return pulumi.Output.from_input(arn).apply(lambda value: value.split(":")[index])
