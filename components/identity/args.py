"""Inputs of the identity components, validated against what Cognito accepts (components/reference/identity.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi

from components.edge.web_acl import WebAclArgs
from components.reference.identity import (
    ACCESS_TOKEN_MINUTES,
    ACCOUNT_TAKEOVER_ACTIONS,
    MAX_CALLBACK_URLS,
    MAX_RESOURCE_SERVER_SCOPES,
    MFA_MODES,
    PASSWORD_HISTORY_SIZE,
    PASSWORD_MIN_LENGTH,
    REFRESH_ROTATION_GRACE_SECONDS,
    REFRESH_TOKEN_MINUTES,
    TEMPORARY_PASSWORD_DAYS,
    THREAT_PROTECTION_MODES,
)
from components.support.validation import require_between


def _require_one_of(field: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{field}: must be one of {list(allowed)} (got {value!r})")


@dataclass(frozen=True, kw_only=True)
class PasswordPolicy:
    """Attributes:
    minimum_length: 6-99. Default: 12
    history_size: Previous passwords a user may not reuse, 0-24. Default: 5
    temporary_password_days: Days an administrator-set password stays valid, 1-365. Default: 3
    require_lowercase, require_uppercase, require_numbers, require_symbols: Default: true
    """

    minimum_length: int = 12
    history_size: int = 5
    temporary_password_days: int = 3
    require_lowercase: bool = True
    require_uppercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True

    def __post_init__(self) -> None:
        require_between("PasswordPolicy.minimum_length", self.minimum_length, *PASSWORD_MIN_LENGTH)
        require_between("PasswordPolicy.history_size", self.history_size, *PASSWORD_HISTORY_SIZE)
        require_between(
            "PasswordPolicy.temporary_password_days", self.temporary_password_days, *TEMPORARY_PASSWORD_DAYS
        )


@dataclass(frozen=True, kw_only=True)
class ThreatProtection:
    """Threat protection (Plus plan) and the adaptive responses to risky sign-ins.

    Attributes:
        mode: AUDIT | ENFORCED. Default: ENFORCED
        low_risk, medium_risk, high_risk: BLOCK | MFA_IF_CONFIGURED | MFA_REQUIRED | NO_ACTION.
            Default: MFA_IF_CONFIGURED, MFA_REQUIRED, BLOCK
        block_compromised_credentials: Refuse leaked passwords at sign-in, sign-up and password change.
            Default: true
    """

    mode: str = "ENFORCED"
    low_risk: str = "MFA_IF_CONFIGURED"
    medium_risk: str = "MFA_REQUIRED"
    high_risk: str = "BLOCK"
    block_compromised_credentials: bool = True

    def __post_init__(self) -> None:
        _require_one_of("ThreatProtection.mode", self.mode, THREAT_PROTECTION_MODES)
        for level in ("low_risk", "medium_risk", "high_risk"):
            _require_one_of(f"ThreatProtection.{level}", getattr(self, level), ACCOUNT_TAKEOVER_ACTIONS)
        if self.high_risk == "NO_ACTION":
            raise ValueError("ThreatProtection.high_risk: must act on the sign-in (got 'NO_ACTION')")


@dataclass(frozen=True, kw_only=True)
class EmailSender:
    """Email through a verified SES identity of the pool's account and region.

    Attributes:
        source_arn: The SES identity's ARN.
        from_address: Sender address of that identity.
        reply_to: Default: - replies go to `from_address`.
        configuration_set: Default: - none.
    """

    source_arn: str
    from_address: str
    reply_to: str | None = None
    configuration_set: str | None = None


@dataclass(frozen=True, kw_only=True)
class PublicClientArgs:
    """A mobile app: public (no secret), authorization code with PKCE.

    Attributes:
        name: Client name, such as `ios`.
        callback_urls: Redirects after sign-in (1-100).
        logout_urls: Redirects after sign-out (0-100). Default: - none.
        scopes: OAuth scopes, openid included. Default: openid, email, profile
        access_token_minutes: 5-1440. Default: 60
        id_token_minutes: 5-1440. Default: 60
        refresh_token_minutes: 60-5,256,000. Default: 43200 (30 days)
        refresh_rotation: Rotate refresh tokens on use. Default: true
        refresh_grace_seconds: 0-60. Default: 10
    """

    name: str
    callback_urls: Sequence[str]
    logout_urls: Sequence[str] = ()
    scopes: Sequence[str] = ("openid", "email", "profile")
    access_token_minutes: int = 60
    id_token_minutes: int = 60
    refresh_token_minutes: int = 30 * 24 * 60
    refresh_rotation: bool = True
    refresh_grace_seconds: int = 10

    def __post_init__(self) -> None:
        require_between(
            f"PublicClientArgs.callback_urls ({self.name}) count", len(self.callback_urls), 1, MAX_CALLBACK_URLS
        )
        require_between(
            f"PublicClientArgs.logout_urls ({self.name}) count", len(self.logout_urls), 0, MAX_CALLBACK_URLS
        )
        require_between(
            f"PublicClientArgs.access_token_minutes ({self.name})", self.access_token_minutes, *ACCESS_TOKEN_MINUTES
        )
        require_between(
            f"PublicClientArgs.id_token_minutes ({self.name})", self.id_token_minutes, *ACCESS_TOKEN_MINUTES
        )
        require_between(
            f"PublicClientArgs.refresh_token_minutes ({self.name})", self.refresh_token_minutes, *REFRESH_TOKEN_MINUTES
        )
        require_between(
            f"PublicClientArgs.refresh_grace_seconds ({self.name})",
            self.refresh_grace_seconds,
            *REFRESH_ROTATION_GRACE_SECONDS,
        )
        if "openid" not in self.scopes:
            raise ValueError(f"PublicClientArgs.scopes ({self.name}): must include openid (got {list(self.scopes)})")


@dataclass(frozen=True, kw_only=True)
class ApiScope:
    name: str
    description: str


@dataclass(frozen=True, kw_only=True)
class ServerClientArgs:
    """A confidential client (server to server): client credentials grant on the API's own scopes.

    Attributes:
        name: Client name.
        resource_server: Identifier of the API (its resource server), such as `https://api.example.com`.
        scopes: The resource server's scopes, all granted to this client (1-100).
        access_token_minutes: 5-1440. Default: 60
    """

    name: str
    resource_server: str
    scopes: Sequence[ApiScope]
    access_token_minutes: int = 60

    def __post_init__(self) -> None:
        require_between(f"ServerClientArgs.scopes ({self.name}) count", len(self.scopes), 1, MAX_RESOURCE_SERVER_SCOPES)
        require_between(
            f"ServerClientArgs.access_token_minutes ({self.name})", self.access_token_minutes, *ACCESS_TOKEN_MINUTES
        )


@dataclass(frozen=True, kw_only=True)
class CustomAttribute:
    name: str
    type: str = "String"
    mutable: bool = True


@dataclass(frozen=True, kw_only=True)
class UserPoolArgs:
    """Inputs for `UserPool`.

    Attributes:
        region: The pool's region (issuer and JWKS URL are derived from it).
        clients: The mobile apps (1-10).
        mfa_mode: ON | OPTIONAL; TOTP is the factor. Default: ON
        password: Default: - the PasswordPolicy defaults.
        threat_protection: Default: - enforced, adaptive MFA, high risk blocked.
        email: Default: - Cognito's default sender.
        custom_attributes: Default: - none.
        server_client: Default: - none.
        web_acl: The pool's WAF web ACL (created and associated). Default: - no WAF.
        deletion_protection: Default: true
    """

    region: str
    clients: Sequence[PublicClientArgs]
    mfa_mode: str = "ON"
    password: PasswordPolicy = PasswordPolicy()
    threat_protection: ThreatProtection = ThreatProtection()
    email: EmailSender | None = None
    custom_attributes: Sequence[CustomAttribute] = ()
    server_client: ServerClientArgs | None = None
    web_acl: WebAclArgs | None = None
    deletion_protection: bool = True

    def __post_init__(self) -> None:
        _require_one_of("UserPoolArgs.mfa_mode", self.mfa_mode, MFA_MODES)
        require_between("UserPoolArgs.clients count", len(self.clients), 1, 10)
        names = [client.name for client in self.clients] + ([self.server_client.name] if self.server_client else [])
        if len(set(names)) != len(names):
            raise ValueError(f"UserPoolArgs.clients: names must be unique (got {names})")


@dataclass(frozen=True, kw_only=True)
class SignInDomainArgs:
    """Inputs for `SignInDomain`.

    Attributes:
        domain_name: The custom domain, such as `auth.mobile.example.com`.
        zone_id: The public Route 53 zone that holds it.
        user_pool_id: The pool the domain serves.
        client_ids: By client name, the app clients that sign in on the domain's pages (each gets the default managed
            login style). Default: - none.
        managed_login: Managed login pages (version 2) rather than the classic hosted UI. Default: true
    """

    domain_name: str
    zone_id: pulumi.Input[str]
    user_pool_id: pulumi.Input[str]
    client_ids: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)
    managed_login: bool = True
