"""Explicit AWS providers: one for the primary region and, where the environment has one, the DR region.

Every resource goes through one of these, so its region is explicit (never the ambient default) and
every resource carries the Bulkhead tags.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra.settings import StackSettings


@dataclass(frozen=True)
class Providers:
    primary: aws.Provider
    dr: aws.Provider | None


def default_tags(settings: StackSettings) -> dict[str, str]:
    return {
        **settings.tags,
        "bulkhead:app": settings.app,
        "bulkhead:environment": settings.environment,
        "bulkhead:managed-by": "pulumi",
    }


def create_providers(settings: StackSettings) -> Providers:
    tags = aws.ProviderDefaultTagsArgs(tags=default_tags(settings))
    # Credentials of another account stop the program before anything changes.
    accounts = [settings.account_id]
    primary = aws.Provider(
        f"{settings.prefix}-aws", region=settings.region, default_tags=tags, allowed_account_ids=accounts
    )
    dr = None
    if settings.dr.region is not None:
        dr = aws.Provider(
            f"{settings.prefix}-aws-dr", region=settings.dr.region, default_tags=tags, allowed_account_ids=accounts
        )
    return Providers(primary=primary, dr=dr)


def in_region(provider: aws.Provider) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions(provider=provider)
