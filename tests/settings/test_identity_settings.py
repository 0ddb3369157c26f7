"""Identity settings: environment floors, cross-section checks, every problem named at once."""

from infra.settings import validate_settings
from tests.settings.support import PROD, STAGING, problems


def test_prod_refuses_optional_mfa_audit_threat_protection_and_long_tokens(shipped_settings):
    raw, region = shipped_settings("prod")
    identity = raw["identity"]
    identity["mfa"]["mode"] = "OPTIONAL"
    identity["threat_protection"]["mode"] = "AUDIT"
    identity["tokens"]["access_token_minutes"] = 120
    assert sorted(problems(raw, region, PROD)) == sorted(
        [
            f"{PROD}: identity.mfa.mode: must be ON in prod (got 'OPTIONAL')",
            f"{PROD}: identity.threat_protection.mode: must be ENFORCED in prod (got 'AUDIT')",
            # A key that names a duration of a token is not a credential: its value is shown.
            f"{PROD}: identity.tokens.access_token_minutes: must be <= 60 in prod (got 120)",
        ]
    )


def test_a_pool_needs_the_front_door_for_its_sign_in_domain(shipped_settings):
    raw, region = shipped_settings("staging")
    del raw["front_door"]
    for service in raw["services"]:
        service.get("ingress", {}).pop("load_balancer", None)
    found = problems(raw, region, STAGING)
    assert f"{STAGING}: identity.domain: needs a `front_door:` section" in found[0]


def test_user_lookup_without_a_pool_is_refused(shipped_settings):
    raw, region = shipped_settings("prod")
    del raw["identity"]
    found = problems(raw, region, PROD)
    assert f"{PROD}: services[0].needs.user_lookup: needs an `identity:` section (got True)" in found


def test_phone_sign_in_and_sms_are_not_offered(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["identity"]["sign_in_with"] = ["email", "phone_number"]
    raw["identity"]["mfa"]["sms"] = True
    found = problems(raw, region, PROD)
    assert f"{PROD}: identity.sign_in_with[1]: must be one of 'email' (got 'phone_number')" in found
    assert any(p.startswith(f"{PROD}: identity.mfa.sms: unknown key") for p in found), found


def test_identity_inherits_the_stack_targets_unless_it_writes_its_own(shipped_settings):
    from infra.settings.identity import identity_targets

    raw, region = shipped_settings("prod")
    assert identity_targets(validate_settings(raw, region, PROD)) == (None, None)
    del raw["identity"]["dr"]["rpo_minutes"], raw["identity"]["dr"]["rto_minutes"]
    assert identity_targets(validate_settings(raw, region, PROD)) == (1, 30)
