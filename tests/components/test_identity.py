"""The identity components under the recording mocks: args validation and what reaches Cognito."""

import pytest

from components.edge.web_acl import ScopedRateLimit, WebAclArgs, web_acl_rules
from components.identity.args import (
    ApiScope,
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
from tests.support import ACCOUNT_ID, in_provider, policy_document, provider, record

LOGS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/0d5c8f2e-7a11-4f8e-9d7e-3c2b1a0f9e81"
IOS = PublicClientArgs(name="ios", callback_urls=["com.example.app:/auth/callback"])
BACKOFFICE = ServerClientArgs(
    name="backoffice",
    resource_server="https://api.example.com",
    scopes=[ApiScope(name="users.read", description="Read users")],
)
WAF = WebAclArgs(
    rate_limit=1000,
    logs_kms_key_arn=LOGS_KEY,
    log_retention_days=365,
    scoped_limits=[
        ScopedRateLimit(name="sign-in-per-ip", limit=100, scope=sign_in_requests()),
        ScopedRateLimit(name="sign-up-per-ip", limit=20, scope=sign_up_requests()),
    ],
)


def pool_args(**overrides) -> UserPoolArgs:
    values = {"region": "us-east-1", "clients": [IOS], "server_client": BACKOFFICE, "web_acl": WAF}
    return UserPoolArgs(**{**values, **overrides})


def build_pool(**overrides):
    def build():
        pool = UserPool("identity", pool_args(**overrides), opts=in_provider(provider()))
        return pool

    return record(build)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: pool_args(mfa_mode="OFF"),
            r"UserPoolArgs.mfa_mode: must be one of \['ON', 'OPTIONAL'\] \(got 'OFF'\)",
        ),
        (lambda: pool_args(clients=[]), r"UserPoolArgs.clients count: must be between 1 and 10 \(got 0\)"),
        (lambda: pool_args(clients=[IOS, IOS]), r"UserPoolArgs.clients: names must be unique"),
        (lambda: ThreatProtection(mode="OFF"), r"ThreatProtection.mode: must be one of \['AUDIT', 'ENFORCED'\]"),
        (lambda: ThreatProtection(high_risk="NO_ACTION"), r"ThreatProtection.high_risk: must act on the sign-in"),
        (lambda: PasswordPolicy(minimum_length=5), r"PasswordPolicy.minimum_length: must be between 6 and 99"),
        (
            lambda: PublicClientArgs(name="ios", callback_urls=["app:/cb"], access_token_minutes=2),
            r"PublicClientArgs.access_token_minutes \(ios\): must be between 5 and 1440 \(got 2\)",
        ),
        (
            lambda: PublicClientArgs(name="ios", callback_urls=["app:/cb"], scopes=["email"]),
            r"PublicClientArgs.scopes \(ios\): must include openid",
        ),
        (
            lambda: ServerClientArgs(name="b", resource_server="https://api.example.com", scopes=[]),
            r"ServerClientArgs.scopes \(b\) count: must be between 1 and 100 \(got 0\)",
        ),
    ],
)
def test_identity_args_refuse_what_cognito_or_bulkhead_refuses(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_the_pool_requires_totp_mfa_runs_enforced_threat_protection_on_plus_and_resists_deletion():
    pool = build_pool().one("aws:cognito/userPool:UserPool")
    inputs = pool.inputs
    assert inputs["mfaConfiguration"] == "ON" and inputs["softwareTokenMfaConfiguration"] == {"enabled": True}
    assert inputs["userPoolTier"] == "PLUS" and inputs["userPoolAddOns"] == {"advancedSecurityMode": "ENFORCED"}
    assert inputs["deletionProtection"] == "ACTIVE"
    assert inputs["accountRecoverySetting"] == {"recoveryMechanisms": [{"name": "verified_email", "priority": 1}]}
    assert "smsConfiguration" not in inputs and inputs["usernameAttributes"] == ["email"]
    assert inputs["passwordPolicy"]["minimumLength"] == 12


def test_deletion_protection_off_is_inactive_and_audit_mode_reaches_the_pool():
    pool = build_pool(deletion_protection=False, threat_protection=ThreatProtection(mode="AUDIT")).one(
        "aws:cognito/userPool:UserPool"
    )
    assert pool.inputs["deletionProtection"] == "INACTIVE"
    assert pool.inputs["userPoolAddOns"] == {"advancedSecurityMode": "AUDIT"}


def test_risk_configuration_blocks_high_risk_and_compromised_credentials():
    risk = build_pool().one("aws:cognito/riskConfiguration:RiskConfiguration")
    actions = risk.inputs["accountTakeoverRiskConfiguration"]["actions"]
    assert actions["highAction"] == {"eventAction": "BLOCK", "notify": False}
    assert actions["mediumAction"]["eventAction"] == "MFA_REQUIRED"
    compromised = risk.inputs["compromisedCredentialsRiskConfiguration"]
    assert compromised["actions"] == {"eventAction": "BLOCK"}
    assert sorted(compromised["eventFilters"]) == ["PASSWORD_CHANGE", "SIGN_IN", "SIGN_UP"]


def test_public_clients_have_no_secret_use_the_code_flow_and_revoke_tokens():
    client = build_pool().one("aws:cognito/userPoolClient:UserPoolClient", "identity-ios-client")
    inputs = client.inputs
    assert inputs["generateSecret"] is False
    assert inputs["allowedOauthFlows"] == ["code"] and inputs["allowedOauthFlowsUserPoolClient"] is True
    assert inputs["explicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH"]  # rotation: AWS refuses ALLOW_REFRESH_TOKEN_AUTH
    assert inputs["refreshTokenRotation"] == {"feature": "ENABLED", "retryGracePeriodSeconds": 10}
    assert inputs["enableTokenRevocation"] is True and inputs["preventUserExistenceErrors"] == "ENABLED"
    assert inputs["tokenValidityUnits"] == {"accessToken": "minutes", "idToken": "minutes", "refreshToken": "minutes"}
    assert inputs["refreshTokenValidity"] == 30 * 24 * 60


def test_without_rotation_a_public_client_refreshes_through_refresh_token_auth():
    no_rotation = PublicClientArgs(name="ios", callback_urls=["app:/cb"], refresh_rotation=False)
    client = build_pool(clients=[no_rotation]).one("aws:cognito/userPoolClient:UserPoolClient", "identity-ios-client")
    assert client.inputs["explicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert "refreshTokenRotation" not in client.inputs


def test_the_server_client_has_a_secret_and_only_client_credentials_on_its_scopes():
    recorded = build_pool()
    server = recorded.one("aws:cognito/userPoolClient:UserPoolClient", "identity-backoffice-client")
    assert server.inputs["generateSecret"] is True
    assert server.inputs["allowedOauthFlows"] == ["client_credentials"]
    assert server.inputs["allowedOauthScopes"] == ["https://api.example.com/users.read"]
    resource_server = recorded.one("aws:cognito/resourceServer:ResourceServer")
    assert resource_server.inputs["scopes"] == [{"scopeName": "users.read", "scopeDescription": "Read users"}]


def test_the_pool_is_behind_its_web_acl_with_per_ip_sign_in_and_sign_up_limits():
    recorded = build_pool()
    pool = recorded.one("aws:cognito/userPool:UserPool")
    association = recorded.one("aws:wafv2/webAclAssociation:WebAclAssociation")
    assert association.inputs["resourceArn"] == pool.outputs["arn"]
    assert pool.outputs["arn"].startswith(f"arn:aws:cognito-idp:us-east-1:{ACCOUNT_ID}:userpool/us-east-1_")
    rules = {rule["name"]: rule for rule in web_acl_rules("identity-waf", WAF)}
    sign_in = rules["sign-in-per-ip"]["statement"]["rate_based_statement"]
    assert sign_in["limit"] == 100
    matched = [
        s["byte_match_statement"]["search_string"]
        for s in sign_in["scope_down_statement"]["or_statement"]["statements"]
    ]
    assert "AWSCognitoIdentityProviderService.InitiateAuth" in matched and "/oauth2/token" in matched
    assert rules["sign-up-per-ip"]["statement"]["rate_based_statement"]["limit"] == 20


def test_without_web_acl_args_the_pool_has_no_waf():
    recorded = build_pool(web_acl=None)
    assert recorded.of_type("aws:wafv2/webAclAssociation:WebAclAssociation") == []


def test_user_lookup_grants_admin_get_user_on_this_pool_only():
    import pulumi_aws as aws

    def build():
        aws_provider = provider()
        pool = UserPool("identity", pool_args(), opts=in_provider(aws_provider))
        role = aws.iam.Role("api-role", assume_role_policy="{}", opts=in_provider(aws_provider))
        pool.grant_user_lookup(role)

    recorded = record(build)
    pool_arn = recorded.one("aws:cognito/userPool:UserPool").outputs["arn"]
    [grant] = recorded.of_type("aws:iam/rolePolicy:RolePolicy")
    [statement] = policy_document(grant)["Statement"]
    assert statement["Action"] in ("cognito-idp:AdminGetUser", ["cognito-idp:AdminGetUser"])
    assert statement["Resource"] in (pool_arn, [pool_arn])


def test_the_sign_in_domain_uses_a_us_east_1_certificate_an_alias_and_a_style_per_client():
    def build():
        SignInDomain(
            "sign-in",
            SignInDomainArgs(
                domain_name="auth.mobile.example.com",
                zone_id="Z05413621ZQ8VJ3Q7W0KX",
                user_pool_id="us-west-2_AbCdEfGhI",
                client_ids={"ios": "1example23456789", "android": "2example23456789"},
            ),
            opts=in_provider(provider("us-west-2")),
        )

    recorded = record(build, region="us-west-2")
    certificate = recorded.one("aws:acm/certificate:Certificate")
    assert certificate.region == "us-east-1" and certificate.inputs["domainName"] == "auth.mobile.example.com"
    domain = recorded.one("aws:cognito/userPoolDomain:UserPoolDomain")
    assert domain.inputs["managedLoginVersion"] == 2 and ":us-east-1:" in domain.inputs["certificateArn"]
    alias = recorded.one("aws:route53/record:Record", "sign-in-alias")
    assert alias.inputs["aliases"][0]["zoneId"] == "Z2FDTNDATAQYW2" and alias.inputs["type"] == "A"
    brandings = recorded.of_type("aws:cognito/managedLoginBranding:ManagedLoginBranding")
    assert sorted(b.inputs["clientId"] for b in brandings) == ["1example23456789", "2example23456789"]
