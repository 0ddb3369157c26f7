"""The mobile app's Amazon Cognito user pool: MFA, threat protection with adaptive responses, recovery by
verified email only, deletion protection, its app clients and (optionally) its WAF web ACL.

The pool is on the Plus feature plan: threat protection (`advanced_security_mode`) is a Plus feature and
AWS refuses it on Essentials or Lite.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from components.edge.web_acl import WebAcl
from components.identity.args import UserPoolArgs
from components.identity.clients import public_client_inputs, server_client_inputs
from components.reference.identity import (
    COMPROMISED_CREDENTIALS_EVENTS,
    DELETION_PROTECTION_ACTIVE,
    EMAIL_SENDING_DEVELOPER,
    JWKS_PATH,
    THREAT_PROTECTION_TIER,
    issuer,
)
from components.support.grants import grant_to_role
from components.support.iam import statement

SIGN_IN_WITH = ["email"]
USER_LOOKUP_ACTION = "cognito-idp:AdminGetUser"


class UserPool(pulumi.ComponentResource):
    """`id`, `arn`, `issuer`, `jwks_url`, `client_ids` (by client name) and `server_client_id`."""

    id: pulumi.Output[str]
    arn: pulumi.Output[str]
    issuer: pulumi.Output[str]
    jwks_url: pulumi.Output[str]
    client_ids: dict[str, pulumi.Output[str]]
    server_client_id: pulumi.Output[str] | None

    def __init__(self, name: str, args: UserPoolArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:identity:UserPool", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        pool = aws.cognito.UserPool(f"{name}-pool", **user_pool_inputs(name, args), opts=child)
        self.id = pool.id
        self.arn = pool.arn
        self.issuer = pool.id.apply(lambda pool_id: issuer(args.region, pool_id))
        self.jwks_url = pulumi.Output.concat(self.issuer, JWKS_PATH)
        aws.cognito.RiskConfiguration(f"{name}-risk", user_pool_id=pool.id, **risk_inputs(args), opts=child)
        self.client_ids = {
            client.name: aws.cognito.UserPoolClient(
                f"{name}-{client.name}-client", user_pool_id=pool.id, **public_client_inputs(client), opts=child
            ).id
            for client in args.clients
        }
        self.server_client_id = None
        if args.server_client is not None:
            server = args.server_client
            resource_server = aws.cognito.ResourceServer(
                f"{name}-resource-server",
                user_pool_id=pool.id,
                identifier=server.resource_server,
                name=f"{name}-api",
                scopes=[{"scope_name": scope.name, "scope_description": scope.description} for scope in server.scopes],
                opts=child,
            )
            self.server_client_id = aws.cognito.UserPoolClient(
                f"{name}-{server.name}-client",
                user_pool_id=pool.id,
                **server_client_inputs(server, resource_server.scope_identifiers),
                opts=child,
            ).id
        if args.web_acl is not None:
            acl = WebAcl(f"{name}-waf", args.web_acl, opts=child)
            aws.wafv2.WebAclAssociation(
                f"{name}-waf-association", resource_arn=pool.arn, web_acl_arn=acl.arn, opts=child
            )
        self.register_outputs({"id": self.id, "arn": self.arn, "issuer": self.issuer, "client_ids": self.client_ids})

    def grant_user_lookup(self, role: aws.iam.Role) -> aws.iam.RolePolicy:
        """`cognito-idp:AdminGetUser` on this pool only: read one user, change nothing."""
        return grant_to_role(
            self, self._name, role, "user-lookup", [statement("LookUpUsers", [USER_LOOKUP_ACTION], [self.arn])]
        )

    @property
    def audiences(self) -> list[pulumi.Output[str]]:
        """The client ids tokens are issued to (the ID token's `aud`, the access token's `client_id`)."""
        return [*self.client_ids.values(), *([self.server_client_id] if self.server_client_id else [])]


def user_pool_inputs(name: str, args: UserPoolArgs) -> dict[str, Any]:
    """The pool's arguments (exposed for tests)."""
    password = args.password
    inputs: dict[str, Any] = {
        "name": name,
        "user_pool_tier": THREAT_PROTECTION_TIER,
        "deletion_protection": DELETION_PROTECTION_ACTIVE if args.deletion_protection else "INACTIVE",
        "username_attributes": SIGN_IN_WITH,
        "auto_verified_attributes": SIGN_IN_WITH,
        "username_configuration": {"case_sensitive": False},
        "mfa_configuration": args.mfa_mode,
        "software_token_mfa_configuration": {"enabled": True},
        "password_policy": {
            "minimum_length": password.minimum_length,
            "password_history_size": password.history_size,
            "temporary_password_validity_days": password.temporary_password_days,
            "require_lowercase": password.require_lowercase,
            "require_uppercase": password.require_uppercase,
            "require_numbers": password.require_numbers,
            "require_symbols": password.require_symbols,
        },
        # Recovery only through the verified email; never SMS (not configured) or administrator-only.
        "account_recovery_setting": {"recovery_mechanisms": [{"name": "verified_email", "priority": 1}]},
        # A changed email stays unverified until confirmed: the old one keeps signing in meanwhile.
        "user_attribute_update_settings": {"attributes_require_verification_before_updates": SIGN_IN_WITH},
        "user_pool_add_ons": {"advanced_security_mode": args.threat_protection.mode},
        "admin_create_user_config": {"allow_admin_create_user_only": False},
    }
    if args.email is not None:
        email = args.email
        inputs["email_configuration"] = {
            "email_sending_account": EMAIL_SENDING_DEVELOPER,
            "source_arn": email.source_arn,
            "from_email_address": email.from_address,
            **({"reply_to_email_address": email.reply_to} if email.reply_to else {}),
            **({"configuration_set": email.configuration_set} if email.configuration_set else {}),
        }
    if args.custom_attributes:
        inputs["schemas"] = [
            {
                "name": attribute.name,
                "attribute_data_type": attribute.type,
                "mutable": attribute.mutable,
                "developer_only_attribute": False,
                "required": False,
                **(
                    {"string_attribute_constraints": {"min_length": "0", "max_length": "2048"}}
                    if attribute.type == "String"
                    else {}
                ),
            }
            for attribute in args.custom_attributes
        ]
    return inputs


def risk_inputs(args: UserPoolArgs) -> dict[str, Any]:
    """What threat protection does at each risk level (acted on in ENFORCED mode, recorded in AUDIT)."""
    threat = args.threat_protection
    # notify=False: risk notifications need their own SES sender configuration; the app tells users.
    actions = {
        f"{level}_action": {"event_action": getattr(threat, f"{level}_risk"), "notify": False}
        for level in ("low", "medium", "high")
    }
    return {
        "account_takeover_risk_configuration": {"actions": actions},
        "compromised_credentials_risk_configuration": {
            "event_filters": list(COMPROMISED_CREDENTIALS_EVENTS),
            "actions": {"event_action": "BLOCK" if threat.block_compromised_credentials else "NO_ACTION"},
        },
    }
