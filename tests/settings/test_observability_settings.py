"""The observability section: environment defaults, floors, ownership and exact messages for bad input."""

import pytest

from infra.settings.observability import ObservabilitySettings
from tests.settings.support import DEV, PROD, STAGING, shipped_stack
from tests.settings.support import problems as settings_problems


def problems(raw, region, source=PROD):
    return settings_problems(raw, region, source)


@pytest.mark.parametrize(
    ("environment", "availability", "latency", "sampling", "cpu", "lock", "retention"),
    [
        ("dev", 99.0, 2000, 100.0, 90, "GOVERNANCE", 30),
        ("staging", 99.5, 1500, 20.0, 85, "GOVERNANCE", 90),
        ("prod", 99.9, 1000, 5.0, 80, "COMPLIANCE", 365),
    ],
)
def test_unset_values_take_their_environments_defaults(
    shipped_settings, environment, availability, latency, sampling, cpu, lock, retention
):
    from infra.settings import validate_settings

    raw, region = shipped_settings(environment)
    raw["observability"] = {"alerts": raw["observability"]["alerts"]}  # everything else left to the defaults
    observability = validate_settings(raw, region, f"stacks/Pulumi.{environment}.yaml").observability
    assert (observability.slo.availability_percent, observability.slo.latency_p99_ms) == (availability, latency)
    assert observability.tracing.sampling_percent == sampling
    assert observability.database_alarms.cpu_percent == cpu
    assert (observability.trail.lock_mode, observability.trail.retention_days) == (lock, retention)


def test_a_stack_without_the_section_still_gets_its_environments_defaults(shipped_settings):
    from infra.settings import validate_settings

    raw, region = shipped_settings("dev")
    del raw["observability"]
    observability = validate_settings(raw, region, DEV).observability
    assert observability.container_insights.log_retention_days == 30
    assert observability.database_audit.slow_statement_ms == 2000


def test_the_shipped_stacks_say_who_owns_the_accounts_singletons():
    assert shipped_stack("prod").observability.account_baseline.owner is True
    for environment in ("dev", "staging"):
        baseline = shipped_stack(environment).observability.account_baseline
        assert (baseline.owner, baseline.owner_stack) == (False, "organization/bulkhead/prod")


def test_prod_objective_for_the_api_replaces_the_default():
    slo = shipped_stack("prod").observability.slo
    assert (slo.objective("api").availability_percent, slo.objective("api").latency_p99_ms) == (99.95, 800)
    assert slo.objective("worker").availability_percent == 99.9


def test_prod_needs_someone_to_page_a_compliance_lock_and_a_year_of_retention(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["observability"]["alerts"]["subscriptions"] = []
    raw["observability"]["trail"].update(lock_mode="GOVERNANCE", retention_days=90)
    assert problems(raw, region) == [
        "stacks/Pulumi.prod.yaml: observability.alerts.subscriptions: must name at least one recipient of pages "
        "in prod (got [])",
        "stacks/Pulumi.prod.yaml: observability.trail.lock_mode: must be COMPLIANCE in prod (got 'GOVERNANCE')",
        "stacks/Pulumi.prod.yaml: observability.trail.retention_days: must be >= 365 in prod (got 90)",
    ]


def test_staging_runs_both_security_hub_standards(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["observability"]["threat_detection"] = {"security_hub_standards": ["fsbp"]}
    assert problems(raw, region, STAGING) == [
        "stacks/Pulumi.staging.yaml: observability.threat_detection.security_hub_standards: must include ['cis'] "
        "in staging (got ['fsbp'])"
    ]


def test_subscriptions_are_email_or_https_and_a_token_in_a_url_is_never_echoed(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["observability"]["alerts"]["subscriptions"] = [
        {"protocol": "http", "endpoint": "http://hooks.example.com/T0/B0/secret-token"},
        {"protocol": "https", "endpoint": "http://hooks.example.com/T0/B0/secret-token"},
        {"protocol": "email", "endpoint": "not-an-address"},
        {"protocol": "https"},
    ]
    found = problems(raw, region)
    assert found == [
        "stacks/Pulumi.prod.yaml: observability.alerts.subscriptions[0].protocol: must be one of 'email' or 'https' "
        "(got 'http')",
        "stacks/Pulumi.prod.yaml: observability.alerts.subscriptions[1].endpoint: must be an https:// URL "
        "(got 'http:...')",
        "stacks/Pulumi.prod.yaml: observability.alerts.subscriptions[2].endpoint: must be an e-mail address (got None)",
        "stacks/Pulumi.prod.yaml: observability.alerts.subscriptions[3].endpoint: set exactly one of endpoint and "
        "endpoint_secret_arn (got None)",
    ]
    assert not any("secret-token" in line for line in found)


def test_an_owner_or_an_owner_stack_not_both_nor_neither(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["observability"]["account_baseline"] = {"owner": False}
    assert problems(raw, region, STAGING) == [
        "stacks/Pulumi.staging.yaml: observability.account_baseline: set owner: true, or owner: false "
        "with owner_stack naming the stack that owns them (got {'owner': False})"
    ]


def test_per_service_objectives_name_exposed_services(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["observability"]["slo"]["services"]["worker"] = {"availability_percent": 99.9, "latency_p99_ms": 500}
    assert problems(raw, region) == [
        "stacks/Pulumi.prod.yaml: observability.slo.services.worker: must name a service with "
        "ingress.load_balancer ['api'] (got 'worker')"
    ]


def test_container_insights_needs_the_pod_identity_addon_and_the_log_floor(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["observability"]["container_insights"] = {"addon_version": "v2.6.0-eksbuild.1", "log_retention_days": 90}
    assert problems(raw, region) == [
        "stacks/Pulumi.prod.yaml: observability.container_insights.addon_version: must be >= v3.1.0 (the first "
        "version on EKS Pod Identity) (got 'v2.6.0-eksbuild.1')",
        "stacks/Pulumi.prod.yaml: observability.container_insights.log_retention_days: must be >= 365 in prod (got 90)",
    ]


def test_sensitive_tables_are_schema_qualified(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["observability"]["database_audit"]["sensitive_tables"] = ["payments.payment_methods", "users"]
    assert problems(raw, region) == [
        "stacks/Pulumi.prod.yaml: observability.database_audit.sensitive_tables[1]: must be a lowercase "
        "schema.table name (got 'users')"
    ]


def test_without_an_environment_the_section_has_the_strictest_defaults():
    observability = ObservabilitySettings()
    assert observability.trail.lock_mode == "COMPLIANCE"
    assert observability.slo.availability_percent == 99.9
