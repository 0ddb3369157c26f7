"""The user pool of each shipped stack: MFA, threat protection, deletion protection, clients, WAF, and what
the services get (token validation environment, the one user look-up grant)."""

import json

import pytest

from tests.settings.support import shipped_stack
from tests.stacks.test_service_connections import container_env
from tests.support import PRIMARY_REGION, shipped_plan

POOL = "aws:cognito/userPool:UserPool"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
# environment: (MFA, threat protection, deletion protection)
EXPECTED_POOL = {
    "dev": ("OPTIONAL", "AUDIT", "INACTIVE"),
    "staging": ("ON", "AUDIT", "ACTIVE"),
    "prod": ("ON", "ENFORCED", "ACTIVE"),
}


@pytest.mark.parametrize("environment", sorted(EXPECTED_POOL))
def test_the_pool_follows_its_environment(environment):
    plan = shipped_plan(environment)
    [pool] = plan.of_type(POOL)
    assert pool.region == PRIMARY_REGION
    mfa, threat, deletion = EXPECTED_POOL[environment]
    assert pool.inputs["mfaConfiguration"] == mfa
    assert pool.inputs["userPoolAddOns"]["advancedSecurityMode"] == threat
    assert pool.inputs["deletionProtection"] == deletion
    associations = plan.of_type("aws:wafv2/webAclAssociation:WebAclAssociation")
    assert [a for a in associations if a.inputs["resourceArn"] == pool.outputs["arn"]]


@pytest.mark.parametrize("environment", sorted(EXPECTED_POOL))
def test_mobile_clients_are_public_pkce_clients(environment):
    plan = shipped_plan(environment)
    settings = shipped_stack(environment)
    public = [c for c in plan.of_type(CLIENT) if c.inputs["allowedOauthFlows"] == ["code"]]
    assert sorted(c.inputs["name"] for c in public) == sorted(c.name for c in settings.identity.clients)
    assert all(c.inputs["generateSecret"] is False and c.inputs["enableTokenRevocation"] is True for c in public)


@pytest.mark.parametrize("environment", sorted(EXPECTED_POOL))
def test_services_that_validate_tokens_get_issuer_jwks_and_audiences(environment):
    plan = shipped_plan(environment)
    [pool] = plan.of_type(POOL)
    client_ids = sorted(c.outputs["id"] for c in plan.of_type(CLIENT))
    issuer = f"https://cognito-idp.{PRIMARY_REGION}.amazonaws.com/{pool.outputs['id']}"
    for service in shipped_stack(environment).services:
        env = container_env(plan, f"mobile-{environment}-cluster", service.name)
        if not service.needs.uses_user_pool:
            assert not any(key.startswith("BULKHEAD_AUTH_") for key in env)
            continue
        assert env["BULKHEAD_AUTH_ISSUER"] == issuer
        assert env["BULKHEAD_AUTH_JWKS_URL"] == f"{issuer}/.well-known/jwks.json"
        assert sorted(env["BULKHEAD_AUTH_AUDIENCES"].split(",")) == client_ids
        assert ("BULKHEAD_USER_POOL_ID" in env) is service.needs.user_lookup


def test_warm_standby_services_validate_the_same_tokens():
    plan = shipped_plan("prod")
    primary = container_env(plan, "mobile-prod-cluster", "api")
    standby = container_env(plan, "mobile-prod-dr-cluster", "api")
    assert standby["BULKHEAD_AUTH_ISSUER"] == primary["BULKHEAD_AUTH_ISSUER"]


def test_only_services_declaring_user_lookup_can_call_cognito_and_only_admin_get_user():
    plan = shipped_plan("prod")
    [pool] = plan.of_type(POOL)
    cognito = []
    for policy in plan.of_type("aws:iam/rolePolicy:RolePolicy"):
        document = policy.inputs["policy"]
        document = json.loads(document) if isinstance(document, str) else document
        for statement in document["Statement"]:
            if any(action.startswith("cognito") for action in statement["Action"]):
                cognito.append((policy.name, statement["Action"], statement["Resource"]))
    # prod's api declares user_lookup; the warm standby's roles are bounded to their own region (no grant).
    assert cognito == [
        (
            "mobile-prod-identity-user-lookup-mobile-prod-cluster-api-role",
            ["cognito-idp:AdminGetUser"],
            [pool.outputs["arn"]],
        )
    ]


def test_the_sign_in_domain_is_in_the_front_door_zone_with_a_us_east_1_certificate():
    plan = shipped_plan("prod")
    [domain] = plan.of_type("aws:cognito/userPoolDomain:UserPoolDomain")
    assert domain.inputs["domain"] == "auth.mobile.example.com" and domain.inputs["managedLoginVersion"] == 2
    assert domain.inputs["certificateArn"].startswith("arn:aws:acm:us-east-1:")
