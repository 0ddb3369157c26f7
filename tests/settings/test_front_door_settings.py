"""The `front_door:` section and `services[].ingress.load_balancer`: every bad input gives its exact message."""

import typing

import pytest

from components.reference.edge import WAF_EVALUATION_WINDOWS_SECONDS
from infra.settings import validate_settings
from infra.settings.front_door import WafSettings
from tests.settings.support import DEV, PROD, STAGING, problems


def test_shipped_stacks_expose_the_api_at_api_dot_domain(shipped_settings):
    for environment, name in (
        ("dev", "api.dev.mobile.example.com"),
        ("staging", "api.staging.mobile.example.com"),
        ("prod", "api.mobile.example.com"),
    ):
        raw, region = shipped_settings(environment)
        settings = validate_settings(raw, region, environment)
        assert settings.front_door is not None and settings.front_door.api_name == name
        assert [s.name for s in settings.services if s.ingress.load_balancer is not None] == ["api"]


def test_prod_needs_a_real_hosted_zone_and_a_public_domain(shipped_settings):
    raw, region = shipped_settings("prod")
    del raw["front_door"]["hosted_zone_id"]
    raw["front_door"]["domain"] = "mobile.internal"
    assert problems(raw, region, PROD) == [
        f"{PROD}: front_door.hosted_zone_id: is required in prod (an existing public hosted zone; only dev may let "
        "the stack create one) (got None)",
        f"{PROD}: front_door.domain: must be a public domain in prod, not under "
        "['.test', '.example', '.invalid', '.localhost', '.local', '.internal'] (got 'mobile.internal')",
    ]


def test_staging_needs_a_hosted_zone_but_dev_may_create_one(shipped_settings):
    raw, region = shipped_settings("staging")
    del raw["front_door"]["hosted_zone_id"]
    assert problems(raw, region, STAGING)[0].startswith(f"{STAGING}: front_door.hosted_zone_id: is required in staging")
    raw, region = shipped_settings("dev")
    assert "hosted_zone_id" not in raw["front_door"]
    assert validate_settings(raw, region, DEV).front_door.hosted_zone_id is None


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("tls_policy",), "ELBSecurityPolicy-TLS-1-2-2017-01", "must be one of the TLS 1.3 policies"),
        (("waf", "rate_limit"), 5, "must be >= 10 (got 5)"),
        (("waf", "rate_window_seconds"), 30, "must be one of 60, 120, 300 or 600 (got 30)"),
        (("waf", "max_body_bytes"), 65536, "must be <= 8192 (got 65536)"),
        (("health_check", "regions"), ["us-east-1", "us-west-2"], "must name at least 3 distinct regions"),
        (("health_check", "regions"), ["us-east-1", "us-west-2", "eu-central-1"], "must be Route 53 health-checker"),
        (("health_check", "interval_seconds"), 15, "must be one of 10 or 30 (got 15)"),
        (("health_check", "failure_threshold"), 11, "must be <= 10 (got 11)"),
        (("access_log_retention_days",), 90, "must be >= 365 in prod (got 90)"),
        (("domain",), "Mobile.Example.com", "must match"),
        (("hosted_zone_id",), "z123", "must match"),
    ],
)
def test_bad_front_door_values_are_refused_with_the_field_named(shipped_settings, path, value, message):
    raw, region = shipped_settings("prod")
    section = raw["front_door"]
    for key in path[:-1]:
        section = section.setdefault(key, {})
    section[path[-1]] = value
    [problem] = problems(raw, region, PROD)
    assert problem.startswith(f"{PROD}: front_door.{'.'.join(path)}: ") and message in problem, problem


def test_exposure_without_a_front_door_is_refused(shipped_settings):
    raw, region = shipped_settings("staging")
    del raw["front_door"], raw["identity"]
    for service in raw["services"]:
        service.get("needs", {}).pop("user_tokens", None)  # the pool's checks are in the identity tests
    assert problems(raw, region, STAGING) == [
        f"{STAGING}: services[0].ingress.load_balancer: needs a `front_door:` section (got True)"
    ]


def test_a_front_door_that_exposes_nothing_is_refused(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["services"][0]["ingress"] = {}
    assert problems(raw, region, STAGING) == [
        f"{STAGING}: front_door: exposes nothing: set ingress.load_balancer on at least one service (got None)"
    ]


def test_two_services_on_one_node_port_or_one_route_are_refused(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["services"][1]["ingress"] = {"load_balancer": {"paths": ["/*"], "node_port": 30080}}
    assert problems(raw, region, STAGING) == [
        f"{STAGING}: services[1].ingress.load_balancer.node_port: must be unique; service api uses it (got 30080)",
        f"{STAGING}: services[1].ingress.load_balancer.paths: must differ from service api's host and paths "
        "(got ['/*'])",
    ]


def test_the_health_checked_service_must_be_exposed_and_routed_by_path_only(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["front_door"]["health_checked_service"] = "worker"
    assert problems(raw, region, PROD) == [
        f"{PROD}: front_door.health_checked_service: must name an exposed service ['api'] (got 'worker')"
    ]
    raw["front_door"]["health_checked_service"] = "api"
    raw["services"][0]["ingress"]["load_balancer"]["host"] = "api.mobile.example.com"
    assert problems(raw, region, PROD) == [
        f"{PROD}: front_door.health_checked_service: must be routed by path only: Route 53 sends the load "
        "balancer's own name as Host (got 'api')"
    ]


@pytest.mark.parametrize(
    ("exposure", "message"),
    [
        ({"node_port": 8080}, "node_port: must be >= 30000 (got 8080)"),
        ({"paths": ["api/*"]}, "paths: must be ALB path patterns starting with / of at most 128 characters"),
        ({"paths": []}, "paths: must have at least 1 item(s) (got [])"),
        ({"host": "-bad-.example.com"}, "host: must match"),
    ],
)
def test_bad_exposures_are_refused(shipped_settings, exposure, message):
    raw, region = shipped_settings("staging")
    raw["services"][0]["ingress"]["load_balancer"] = exposure
    [problem] = problems(raw, region, STAGING)
    assert problem.startswith(f"{STAGING}: services[0].ingress.load_balancer.{message}"), problem


def test_true_and_false_mean_the_defaults_and_not_exposed(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["services"][0]["ingress"]["load_balancer"] = True
    raw["services"][1]["ingress"] = {"load_balancer": False}
    settings = validate_settings(raw, region, STAGING)
    api, worker = settings.services
    assert api.ingress.load_balancer.paths == ("/*",) and api.ingress.load_balancer.node_port == 30080
    assert worker.ingress.load_balancer is None


def test_waf_window_choices_are_the_ones_aws_accepts():
    hint = typing.get_type_hints(WafSettings)["rate_window_seconds"]
    assert typing.get_args(hint) == WAF_EVALUATION_WINDOWS_SECONDS
