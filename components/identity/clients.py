"""The app clients' arguments: public mobile clients (code + PKCE, no secret) and the confidential
server client (client credentials only). Pure functions, so tests read exactly what reaches Cognito."""

from __future__ import annotations

from typing import Any

import pulumi

from components.identity.args import PublicClientArgs, ServerClientArgs
from components.reference.identity import (
    AUTH_SESSION_MINUTES,
    CLIENT_CREDENTIALS_FLOW,
    CODE_FLOW,
    REFRESH_TOKEN_AUTH_FLOW,
    SRP_AUTH_FLOW,
    TOKEN_UNITS,
)

COGNITO_DIRECTORY = "COGNITO"


def public_client_inputs(client: PublicClientArgs) -> dict[str, Any]:
    """A mobile app's client: the code flow through the pool's domain (the app sends a PKCE challenge:
    Cognito verifies it when sent but has no switch to require it), SRP for in-app sign-in, no password
    flows, no implicit flow, no secret."""
    # AWS refuses ALLOW_REFRESH_TOKEN_AUTH on a client with refresh token rotation: refresh then goes
    # through the token endpoint (or GetTokensFromRefreshToken), which rotates.
    auth_flows = [SRP_AUTH_FLOW] if client.refresh_rotation else [SRP_AUTH_FLOW, REFRESH_TOKEN_AUTH_FLOW]
    inputs: dict[str, Any] = {
        "name": client.name,
        "generate_secret": False,
        "allowed_oauth_flows_user_pool_client": True,
        "allowed_oauth_flows": [CODE_FLOW],
        "allowed_oauth_scopes": list(client.scopes),
        "callback_urls": list(client.callback_urls),
        "supported_identity_providers": [COGNITO_DIRECTORY],
        "explicit_auth_flows": auth_flows,
        "enable_token_revocation": True,
        "prevent_user_existence_errors": "ENABLED",
        "auth_session_validity": AUTH_SESSION_MINUTES[0],
        "access_token_validity": client.access_token_minutes,
        "id_token_validity": client.id_token_minutes,
        "refresh_token_validity": client.refresh_token_minutes,
        "token_validity_units": dict(TOKEN_UNITS),
    }
    if client.logout_urls:
        inputs["logout_urls"] = list(client.logout_urls)
    if client.refresh_rotation:
        inputs["refresh_token_rotation"] = {
            "feature": "ENABLED",
            "retry_grace_period_seconds": client.refresh_grace_seconds,
        }
    return inputs


def server_client_inputs(client: ServerClientArgs, scope_identifiers: pulumi.Input[list[str]]) -> dict[str, Any]:
    """The confidential client: a secret, the client credentials grant on the resource server's scopes,
    nothing else (AWS refuses other OAuth flows next to client_credentials)."""
    return {
        "name": client.name,
        "generate_secret": True,
        "allowed_oauth_flows_user_pool_client": True,
        "allowed_oauth_flows": [CLIENT_CREDENTIALS_FLOW],
        "allowed_oauth_scopes": scope_identifiers,
        "supported_identity_providers": [COGNITO_DIRECTORY],
        # Without an explicit list Cognito enables SRP, custom and refresh sign-in; client credentials
        # issue no refresh token, so refresh is the least this list can hold.
        "explicit_auth_flows": [REFRESH_TOKEN_AUTH_FLOW],
        "enable_token_revocation": True,
        "prevent_user_existence_errors": "ENABLED",
        "access_token_validity": client.access_token_minutes,
        "token_validity_units": dict(TOKEN_UNITS),
    }
