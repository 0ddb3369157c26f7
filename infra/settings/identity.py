"""Identity settings: the user pool of the mobile app, its app clients, sign-in domain, WAF limits and DR answer.

The checks that span sections (a custom domain needs the front door, `needs.user_lookup` needs a pool,
identity's RPO/RTO targets) live in `check_identity`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from components.reference.identity import (
    ACCESS_TOKEN_MINUTES,
    ACCOUNT_TAKEOVER_ACTIONS,
    MAX_CALLBACK_URLS,
    MAX_RESOURCE_SERVER_SCOPES,
    PASSWORD_HISTORY_SIZE,
    PASSWORD_MIN_LENGTH,
    REFRESH_ROTATION_GRACE_SECONDS,
    TEMPORARY_PASSWORD_DAYS,
)
from infra.settings.base import SettingsModel, ViolationCollector, environment_of
from infra.settings.front_door import RECORD_LABEL_PATTERN

if TYPE_CHECKING:
    from infra.settings.stack import StackSettings

CLIENT_NAME_PATTERN = r"^[a-z][a-z0-9-]{0,30}\Z"
SES_IDENTITY_ARN_PATTERN = r"^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:identity/[^\s]+\Z"
EMAIL_PATTERN = r"^[^@\s<>]+@[a-z0-9.-]+\.[a-z]{2,63}\Z"
SCOPE_NAME_PATTERN = r"^[a-z][a-z0-9._-]{0,63}\Z"
RESOURCE_SERVER_PATTERN = r"^https://[a-z0-9.-]+(/[A-Za-z0-9._~-]*)*\Z"
CUSTOM_ATTRIBUTE_PATTERN = r"^[a-z][a-z0-9_]{0,19}\Z"
# A native app's redirect: a custom scheme (`com.example.app:/callback`, `myapp://cb`) or a universal /
# app link on HTTPS; `http://localhost` only for local testing. Fragments are refused by OAuth.
_CUSTOM_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:/{0,2}[^\s#]*\Z")
_LOCALHOST = re.compile(r"^http://localhost(:[0-9]{1,5})?(/[^\s#]*)?\Z")
_HTTPS = re.compile(r"^https://[a-z0-9.-]+(:[0-9]{1,5})?(/[^\s#]*)?\Z")
# Schemes a browser runs itself: never a place to send an authorization code.
_DANGEROUS_SCHEMES = ("javascript", "data", "file", "vbscript", "http")

# Per environment: least password length, longest access/ID token, longest refresh token, and the
# loosest MFA and threat protection modes accepted.
MIN_PASSWORD_LENGTH = {"dev": 8, "staging": 12, "prod": 12}
MAX_ACCESS_TOKEN_MINUTES = {"dev": 24 * 60, "staging": 60, "prod": 60}
MAX_REFRESH_TOKEN_DAYS = {"dev": 365, "staging": 30, "prod": 30}
MFA_REQUIRED_IN = ("staging", "prod")
ENFORCED_THREAT_PROTECTION_IN = ("prod",)
OAuthScope = Literal["openid", "email", "profile", "phone"]
DEFAULT_SCOPES: tuple[OAuthScope, ...] = ("openid", "email", "profile")
IdentityDrStrategy = Literal["regional"]


def callback_url_problem(url: str) -> str | None:
    """Why `url` cannot be an app client's redirect, or None when it can."""
    if _HTTPS.match(url) or _LOCALHOST.match(url):
        return None
    if _CUSTOM_SCHEME.match(url) and url.split(":", 1)[0] not in _DANGEROUS_SCHEMES:
        return None
    return "must be https://..., a custom scheme such as com.example.app:/callback, or http://localhost"


class PasswordSettings(SettingsModel):
    """The password policy.

    Attributes:
        minimum_length: 6-99; at least 8 in dev, 12 in staging and prod. Default: 12
        require_lowercase: Default: true
        require_uppercase: Default: true
        require_numbers: Default: true
        require_symbols: Default: true
        history_size: Previous passwords a user may not reuse, 0-24. Default: 5
        temporary_password_days: Days an administrator-set password stays valid, 1-365. Default: 3
    """

    minimum_length: int = Field(default=12, ge=PASSWORD_MIN_LENGTH[0], le=PASSWORD_MIN_LENGTH[1])
    require_lowercase: bool = True
    require_uppercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True
    history_size: int = Field(default=5, ge=PASSWORD_HISTORY_SIZE[0], le=PASSWORD_HISTORY_SIZE[1])
    temporary_password_days: int = Field(default=3, ge=TEMPORARY_PASSWORD_DAYS[0], le=TEMPORARY_PASSWORD_DAYS[1])


class MfaSettings(SettingsModel):
    """Multi-factor authentication with TOTP authenticator apps. SMS is not offered: it needs an SNS role
    that may publish to any number (`sns:Publish` on `*`) and it is what SMS pumping attacks bill.

    Attributes:
        mode: ON (every user) | OPTIONAL (users who enrolled); ON in staging and prod. Default: ON
    """

    mode: Literal["ON", "OPTIONAL"] = "ON"

    @field_validator("mode", mode="before")
    @classmethod
    def _yaml_on(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted ON as true; OFF (false) stays refused.
        return "ON" if value is True else value


class ThreatProtectionSettings(SettingsModel):
    """Threat protection (Plus plan): risk scoring of each sign-in, and what Cognito does about it.

    Attributes:
        mode: AUDIT (score and log only) | ENFORCED (act on the actions below); ENFORCED in prod.
            Default: ENFORCED
        low_risk: BLOCK | MFA_IF_CONFIGURED | MFA_REQUIRED | NO_ACTION. Default: MFA_IF_CONFIGURED
        medium_risk: Default: MFA_REQUIRED
        high_risk: Default: BLOCK
        block_compromised_credentials: Refuse sign-in, sign-up and password change with a password known
            to be leaked. Default: true
    """

    mode: Literal["AUDIT", "ENFORCED"] = "ENFORCED"
    low_risk: str = "MFA_IF_CONFIGURED"
    medium_risk: str = "MFA_REQUIRED"
    high_risk: str = "BLOCK"
    block_compromised_credentials: bool = True

    @field_validator("low_risk", "medium_risk", "high_risk")
    @classmethod
    def _action(cls, value: str) -> str:
        if value not in ACCOUNT_TAKEOVER_ACTIONS:
            raise ValueError(f"must be one of {list(ACCOUNT_TAKEOVER_ACTIONS)}")
        return value

    @model_validator(mode="after")
    def _high_risk_never_ignored(self) -> ThreatProtectionSettings:
        if self.high_risk == "NO_ACTION":
            raise ValueError("high_risk must act on the sign-in (BLOCK, MFA_REQUIRED or MFA_IF_CONFIGURED)")
        return self


class EmailSettings(SettingsModel):
    """Email through the account's verified SES identity (not Cognito's shared, rate-limited sender).

    Attributes:
        ses_identity_arn: ARN of an SES identity verified in the pool's region, such as
            `arn:aws:ses:us-east-1:111122223333:identity/mobile.example.com`.
        from_address: The sender, an address of that identity.
        reply_to: Default: - replies go to `from_address`.
        configuration_set: SES configuration set (event publishing). Default: - none.
    """

    ses_identity_arn: str = Field(pattern=SES_IDENTITY_ARN_PATTERN)
    from_address: str = Field(pattern=EMAIL_PATTERN)
    reply_to: str | None = Field(default=None, pattern=EMAIL_PATTERN)
    configuration_set: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,64}\Z")


class TokenSettings(SettingsModel):
    """Lifetimes of the tokens of the public clients.

    Attributes:
        access_token_minutes: 5-1440; at most 60 in staging and prod. Default: 60
        id_token_minutes: 5-1440; at most 60 in staging and prod. Default: 60
        refresh_token_days: 1-3650; at most 30 in staging and prod, 365 in dev. Default: 30
        refresh_rotation: Issue a new refresh token on every refresh and invalidate the old one. Default: true
        refresh_grace_seconds: How long a rotated-out refresh token still works (client retries), 0-60.
            Default: 10
    """

    access_token_minutes: int = Field(default=60, ge=ACCESS_TOKEN_MINUTES[0], le=ACCESS_TOKEN_MINUTES[1])
    id_token_minutes: int = Field(default=60, ge=ACCESS_TOKEN_MINUTES[0], le=ACCESS_TOKEN_MINUTES[1])
    refresh_token_days: int = Field(default=30, ge=1, le=3650)
    refresh_rotation: bool = True
    refresh_grace_seconds: int = Field(
        default=10, ge=REFRESH_ROTATION_GRACE_SECONDS[0], le=REFRESH_ROTATION_GRACE_SECONDS[1]
    )


class PublicClientSettings(SettingsModel):
    """A mobile app (one per platform): public, authorization code with PKCE, no secret.

    Attributes:
        name: Such as `ios` or `android` (lowercase, up to 31 characters); unique.
        callback_urls: Where the pool returns the authorization code: the app's custom scheme or universal
            link (1-100).
        logout_urls: Where the pool returns after sign-out. Default: - none.
        scopes: OAuth scopes the app may ask for. Default: openid, email, profile
    """

    name: str = Field(pattern=CLIENT_NAME_PATTERN)
    callback_urls: tuple[str, ...] = Field(min_length=1, max_length=MAX_CALLBACK_URLS)
    logout_urls: tuple[str, ...] = Field(default=(), max_length=MAX_CALLBACK_URLS)
    scopes: tuple[OAuthScope, ...] = DEFAULT_SCOPES

    @field_validator("callback_urls", "logout_urls")
    @classmethod
    def _redirects(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            problem = callback_url_problem(url)
            if problem:
                raise ValueError(f"{problem} ({url!r})")
        return value

    @field_validator("scopes")
    @classmethod
    def _openid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if "openid" not in value:
            raise ValueError("must include openid (the ID token)")
        return value


class ScopeSettings(SettingsModel):
    """One scope of the API's resource server.

    Attributes:
        name: Such as `orders.read`.
        description: What the scope allows.
    """

    name: str = Field(pattern=SCOPE_NAME_PATTERN)
    description: str = Field(min_length=1, max_length=256)


class ServerClientSettings(SettingsModel):
    """A confidential client for server-to-server calls: client credentials grant, scoped to the API.

    Attributes:
        name: Client name (lowercase).
        resource_server: Identifier of the API, such as `https://api.mobile.example.com`.
        scopes: Scopes of the resource server, all granted to this client (1-100).
        access_token_minutes: 5-1440; at most 60 in staging and prod. Default: 60
    """

    name: str = Field(pattern=CLIENT_NAME_PATTERN)
    resource_server: str = Field(pattern=RESOURCE_SERVER_PATTERN, max_length=256)
    scopes: tuple[ScopeSettings, ...] = Field(min_length=1, max_length=MAX_RESOURCE_SERVER_SCOPES)
    access_token_minutes: int = Field(default=60, ge=ACCESS_TOKEN_MINUTES[0], le=ACCESS_TOKEN_MINUTES[1])


class CustomAttributeSettings(SettingsModel):
    """A custom user attribute (`custom:<name>` in tokens).

    Attributes:
        name: Lowercase, up to 20 characters.
        type: String | Number. Default: String
        mutable: The user (or the app) may change it after sign-up. Default: true
    """

    name: str = Field(pattern=CUSTOM_ATTRIBUTE_PATTERN)
    type: Literal["String", "Number"] = "String"
    mutable: bool = True


class DomainSettings(SettingsModel):
    """The sign-in domain: `<record_name>.<front_door.domain>` with managed login.

    Attributes:
        record_name: Label in the front door's zone. Default: auth
        managed_login: Managed login pages (version 2); false keeps the classic hosted UI (version 1).
            Default: true
    """

    record_name: str = Field(default="auth", pattern=RECORD_LABEL_PATTERN)
    managed_login: bool = True


class IdentityWafSettings(SettingsModel):
    """Per-IP limits of the pool's web ACL on sign-in and sign-up (the front door's `waf` limits apply too).

    Attributes:
        sign_in_rate_limit: Sign-in requests (InitiateAuth, challenges, refresh, /login, /oauth2/token)
            one IP may send per window, 10-2,000,000,000. Default: 100
        sign_up_rate_limit: Sign-up and password-reset requests one IP may send per window. Default: 20
    """

    sign_in_rate_limit: int = Field(default=100, ge=10, le=2_000_000_000)
    sign_up_rate_limit: int = Field(default=20, ge=10, le=2_000_000_000)


class IdentityDrSettings(SettingsModel):
    """What identity does when the primary region is lost, and the targets it is held to.

    Attributes:
        strategy: regional: the pool lives in the primary region only (docs/dr.md, "Identity"). Default:
            regional
        rpo_minutes: Identity's own RPO target; `null` accepts that the directory has no copy outside the
            primary region. Default: - the `dr` section's rpo_minutes.
        rto_minutes: Identity's own RTO target; `null` accepts that sign-in waits for the primary region.
            Default: - the `dr` section's rto_minutes.
    """

    strategy: IdentityDrStrategy = "regional"
    rpo_minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60)
    rto_minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60)


class IdentitySettings(SettingsModel):
    """The user pool of the mobile app (docs/identity.md).

    Attributes:
        sign_in_with: Identifiers users sign in with: email (phone numbers need SMS, which Bulkhead does not
            send; see MfaSettings). Default: [email]
        custom_attributes: Extra user attributes (at most 25). Default: - none.
        password_policy: Default: - the PasswordSettings defaults.
        mfa: Default: - TOTP required, no SMS.
        threat_protection: Default: - enforced, adaptive MFA, high risk blocked.
        email: Send email through an SES identity. Default: - Cognito's default sender (refused in prod:
            about 50 messages a day, shared reputation).
        tokens: Default: - the TokenSettings defaults.
        clients: The mobile apps, one per platform (1-10).
        server_client: A confidential client for server-to-server calls. Default: - none.
        domain: Default: - `auth.<front_door.domain>` with managed login.
        waf: Default: - the IdentityWafSettings defaults.
        dr: Default: - regional, held to the `dr` section's targets.
    """

    sign_in_with: tuple[Literal["email"], ...] = Field(default=("email",), min_length=1)
    custom_attributes: tuple[CustomAttributeSettings, ...] = Field(default=(), max_length=25)
    password_policy: PasswordSettings = PasswordSettings()
    mfa: MfaSettings = MfaSettings()
    threat_protection: ThreatProtectionSettings = ThreatProtectionSettings()
    email: EmailSettings | None = None
    tokens: TokenSettings = TokenSettings()
    clients: tuple[PublicClientSettings, ...] = Field(min_length=1, max_length=10)
    server_client: ServerClientSettings | None = None
    domain: DomainSettings = DomainSettings()
    waf: IdentityWafSettings = IdentityWafSettings()
    dr: IdentityDrSettings = IdentityDrSettings()

    @model_validator(mode="after")
    def _meets_environment(self, info: ValidationInfo) -> IdentitySettings:
        problems = ViolationCollector()
        names = [client.name for client in self.clients] + ([self.server_client.name] if self.server_client else [])
        for index, name in enumerate(names):
            if names.index(name) != index:
                problems.add(("clients", index, "name"), "must be unique among the clients", name)
        if len(set(self.sign_in_with)) != len(self.sign_in_with):
            problems.add("sign_in_with", "must not repeat an identifier", list(self.sign_in_with))
        environment = environment_of(info)
        if environment is not None:
            self._environment_floors(environment, problems)
        problems.raise_if_any()
        return self

    def _environment_floors(self, environment: str, problems: ViolationCollector) -> None:
        problems.at_least(
            ("password_policy", "minimum_length"),
            self.password_policy.minimum_length,
            MIN_PASSWORD_LENGTH[environment],
            environment,
        )
        if environment in MFA_REQUIRED_IN and self.mfa.mode != "ON":
            problems.add(("mfa", "mode"), f"must be ON in {environment}", self.mfa.mode)
        if environment in ENFORCED_THREAT_PROTECTION_IN and self.threat_protection.mode != "ENFORCED":
            problems.add(
                ("threat_protection", "mode"), f"must be ENFORCED in {environment}", self.threat_protection.mode
            )
        if environment == "prod" and self.email is None:
            problems.add(
                "email", "is required in prod (Cognito's default sender is limited to about 50 emails a day)", None
            )
        longest = MAX_ACCESS_TOKEN_MINUTES[environment]
        for field in ("access_token_minutes", "id_token_minutes"):
            if getattr(self.tokens, field) > longest:
                problems.add(("tokens", field), f"must be <= {longest} in {environment}", getattr(self.tokens, field))
        if self.server_client is not None and self.server_client.access_token_minutes > longest:
            problems.add(
                ("server_client", "access_token_minutes"),
                f"must be <= {longest} in {environment}",
                self.server_client.access_token_minutes,
            )
        if self.tokens.refresh_token_days > MAX_REFRESH_TOKEN_DAYS[environment]:
            problems.add(
                ("tokens", "refresh_token_days"),
                f"must be <= {MAX_REFRESH_TOKEN_DAYS[environment]} in {environment}",
                self.tokens.refresh_token_days,
            )
        if environment == "prod":
            for index, client in enumerate(self.clients):
                for kind in ("callback_urls", "logout_urls"):
                    for url in getattr(client, kind):
                        if _LOCALHOST.match(url):
                            problems.add(("clients", index, kind), "must not use http://localhost in prod", url)


def identity_targets(settings: StackSettings) -> tuple[int | None, int | None]:
    """Identity's RPO and RTO targets: its own lines when written (null accepted), else the stack's."""
    identity = settings.identity
    assert identity is not None
    written = identity.dr.model_fields_set
    rpo = identity.dr.rpo_minutes if "rpo_minutes" in written else settings.dr.rpo_minutes
    rto = identity.dr.rto_minutes if "rto_minutes" in written else settings.dr.rto_minutes
    return rpo, rto


def check_identity(settings: StackSettings, problems: ViolationCollector) -> None:
    """Rules that span `identity`, `front_door` and `services`."""
    identity = settings.identity
    lookups = [index for index, service in enumerate(settings.services) if service.needs.user_lookup]
    validators = [index for index, service in enumerate(settings.services) if service.needs.user_tokens]
    if identity is None:
        for index in lookups:
            problems.add(("services", index, "needs", "user_lookup"), "needs an `identity:` section", True)
        for index in validators:
            problems.add(("services", index, "needs", "user_tokens"), "needs an `identity:` section", True)
        return
    if settings.front_door is None:
        problems.add(
            ("identity", "domain"),
            "needs a `front_door:` section (the sign-in domain is a name in its zone)",
            identity.domain.record_name,
        )
    elif identity.domain.record_name == settings.front_door.record_name:
        problems.add(
            ("identity", "domain", "record_name"),
            "must differ from front_door.record_name (the API's own name)",
            identity.domain.record_name,
        )
