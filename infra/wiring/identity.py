"""Wires identity: the user pool and its clients from `identity:` settings (with the front door's WAF
limits), the services' token-validation environment, the user look-up grants, and the sign-in domain
in the front door's zone.

Order in the program: `build_identity` before the platform (the services' environment names the pool),
`grant_user_lookup` once the services have roles, `build_sign_in_domain` once the front door's zone exists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from components.edge.web_acl import ScopedRateLimit, WebAclArgs
from components.identity.args import (
    ApiScope,
    CustomAttribute,
    EmailSender,
    PasswordPolicy,
    PublicClientArgs,
    ServerClientArgs,
    SignInDomainArgs,
    ThreatProtection,
    UserPoolArgs,
)
from components.identity.sign_in_domain import SignInDomain
from components.identity.user_pool import UserPool
from components.identity.waf_scopes import sign_in_requests, sign_up_requests
from infra.settings import StackSettings
from infra.settings.identity import IdentitySettings, identity_targets
from infra.settings.services import ServiceSettings

MINUTES_PER_DAY = 24 * 60


def build_identity(
    settings: StackSettings, provider: aws.Provider, logs_kms_key_arn: pulumi.Input[str]
) -> UserPool | None:
    """The user pool, or None when the stack has no `identity:` section."""
    identity = settings.identity
    if identity is None:
        return None
    return UserPool(
        f"{settings.prefix}-identity",
        user_pool_args(settings, identity, logs_kms_key_arn),
        opts=pulumi.ResourceOptions(provider=provider),
    )


def user_pool_args(
    settings: StackSettings, identity: IdentitySettings, logs_kms_key_arn: pulumi.Input[str]
) -> UserPoolArgs:
    tokens = identity.tokens
    threat = identity.threat_protection
    return UserPoolArgs(
        region=settings.region,
        mfa_mode=identity.mfa.mode,
        password=PasswordPolicy(
            minimum_length=identity.password_policy.minimum_length,
            history_size=identity.password_policy.history_size,
            temporary_password_days=identity.password_policy.temporary_password_days,
            require_lowercase=identity.password_policy.require_lowercase,
            require_uppercase=identity.password_policy.require_uppercase,
            require_numbers=identity.password_policy.require_numbers,
            require_symbols=identity.password_policy.require_symbols,
        ),
        threat_protection=ThreatProtection(
            mode=threat.mode,
            low_risk=threat.low_risk,
            medium_risk=threat.medium_risk,
            high_risk=threat.high_risk,
            block_compromised_credentials=threat.block_compromised_credentials,
        ),
        email=EmailSender(
            source_arn=identity.email.ses_identity_arn,
            from_address=identity.email.from_address,
            reply_to=identity.email.reply_to,
            configuration_set=identity.email.configuration_set,
        )
        if identity.email
        else None,
        custom_attributes=[
            CustomAttribute(name=attribute.name, type=attribute.type, mutable=attribute.mutable)
            for attribute in identity.custom_attributes
        ],
        clients=[
            PublicClientArgs(
                name=client.name,
                callback_urls=client.callback_urls,
                logout_urls=client.logout_urls,
                scopes=client.scopes,
                access_token_minutes=tokens.access_token_minutes,
                id_token_minutes=tokens.id_token_minutes,
                refresh_token_minutes=tokens.refresh_token_days * MINUTES_PER_DAY,
                refresh_rotation=tokens.refresh_rotation,
                refresh_grace_seconds=tokens.refresh_grace_seconds,
            )
            for client in identity.clients
        ],
        server_client=ServerClientArgs(
            name=identity.server_client.name,
            resource_server=identity.server_client.resource_server,
            scopes=[
                ApiScope(name=scope.name, description=scope.description) for scope in identity.server_client.scopes
            ],
            access_token_minutes=identity.server_client.access_token_minutes,
        )
        if identity.server_client
        else None,
        web_acl=_web_acl_args(settings, identity, logs_kms_key_arn),
        deletion_protection=settings.deletion_protection,
    )


def _web_acl_args(
    settings: StackSettings, identity: IdentitySettings, logs_kms_key_arn: pulumi.Input[str]
) -> WebAclArgs | None:
    """The front door's limits plus tighter per-IP limits on sign-in and sign-up (no front door: no WAF)."""
    front_door = settings.front_door
    if front_door is None:
        return None
    waf = front_door.waf
    return WebAclArgs(
        rate_limit=waf.rate_limit,
        rate_window_seconds=waf.rate_window_seconds,
        max_body_bytes=waf.max_body_bytes,
        logs_kms_key_arn=logs_kms_key_arn,
        log_retention_days=front_door.waf_log_retention_days,
        scoped_limits=[
            ScopedRateLimit(name="sign-in-per-ip", limit=identity.waf.sign_in_rate_limit, scope=sign_in_requests()),
            ScopedRateLimit(name="sign-up-per-ip", limit=identity.waf.sign_up_rate_limit, scope=sign_up_requests()),
        ],
        protects="Cognito user pool (sign-in, sign-up, tokens)",
    )


def identity_env(pool: UserPool | None, services: Sequence[ServiceSettings]) -> dict[str, dict[str, pulumi.Input[str]]]:
    """Per service, what it needs to validate users' tokens locally: the issuer, the JWKS URL and the
    client ids tokens are issued to; and the pool id for a service that looks users up."""
    env: dict[str, dict[str, pulumi.Input[str]]] = {}
    for service in services:
        needs = service.needs
        if not needs.uses_user_pool:
            continue
        if pool is None:
            raise ValueError(f"service {service.name!r} needs the user pool, but the stack has no `identity:` section")
        values: dict[str, pulumi.Input[str]] = {
            "BULKHEAD_AUTH_ISSUER": pool.issuer,
            "BULKHEAD_AUTH_JWKS_URL": pool.jwks_url,
            "BULKHEAD_AUTH_AUDIENCES": pulumi.Output.all(*pool.audiences).apply(",".join),
        }
        if needs.user_lookup:
            values["BULKHEAD_USER_POOL_ID"] = pool.id
        env[service.name] = values
    return env


def merged_env(*sources: Mapping[str, Mapping[str, pulumi.Input[str]]]) -> dict[str, dict[str, pulumi.Input[str]]]:
    """Per service, the variables of every source (each source owns its own names)."""
    merged: dict[str, dict[str, pulumi.Input[str]]] = {}
    for source in sources:
        for service, values in source.items():
            merged.setdefault(service, {}).update(values)
    return merged


def grant_user_lookup(
    pool: UserPool | None, services: Sequence[ServiceSettings], roles: Mapping[str, aws.iam.Role]
) -> None:
    """`cognito-idp:AdminGetUser` on this pool to the roles of the services that declare `user_lookup`;
    no other Cognito action reaches any service role."""
    for service in services:
        if service.needs.user_lookup and pool is not None:
            pool.grant_user_lookup(roles[service.name])


def build_sign_in_domain(
    settings: StackSettings, pool: UserPool | None, zone_id: pulumi.Input[str] | None, provider: aws.Provider
) -> SignInDomain | None:
    """`<identity.domain.record_name>.<front_door.domain>`, or None without a pool or a zone."""
    identity, front_door = settings.identity, settings.front_door
    if pool is None or identity is None or front_door is None or zone_id is None:
        return None
    return SignInDomain(
        f"{settings.prefix}-sign-in",
        SignInDomainArgs(
            domain_name=f"{identity.domain.record_name}.{front_door.domain}",
            zone_id=zone_id,
            user_pool_id=pool.id,
            client_ids=pool.client_ids,
            managed_login=identity.domain.managed_login,
        ),
        opts=pulumi.ResourceOptions(provider=provider),
    )


def identity_outputs(settings: StackSettings, pool: UserPool, domain: SignInDomain | None) -> dict[str, Any]:
    """The `identity` stack output (docs/stack-outputs.md): the pool, the clients, the sign-in domain and
    the DR answer the posture reads."""
    identity = settings.identity
    assert identity is not None
    rpo, rto = identity_targets(settings)
    return {
        "user_pool_id": pool.id,
        "user_pool_arn": pool.arn,
        "issuer": pool.issuer,
        "jwks_url": pool.jwks_url,
        "client_ids": pool.client_ids,
        "server_client_id": pool.server_client_id,
        "sign_in_domain": domain.domain_name if domain else None,
        "dr_strategy": identity.dr.strategy,
        "rpo_minutes": rpo,
        "rto_minutes": rto,
        "access_token_minutes": identity.tokens.access_token_minutes,
    }
