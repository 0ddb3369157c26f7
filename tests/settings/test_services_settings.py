"""The `services:` section: images, replicas, resources, needs, and the environment floors."""

from decimal import Decimal

import pytest

from infra.settings import validate_settings
from infra.settings.services import cpu_cores, memory_bytes
from tests.settings.support import DEV, PROD, problems


def test_shipped_stacks_define_an_api_and_a_worker(shipped_settings):
    for environment in ("dev", "staging", "prod"):
        raw, region = shipped_settings(environment)
        settings = validate_settings(raw, region, environment)
        assert [service.name for service in settings.services] == ["api", "worker"]
        api = settings.services[0]
        assert api.ingress.load_balancer is not None and api.ingress.load_balancer.node_port == 30080
        assert settings.services[1].ingress.load_balancer is None
        assert api.needs.database_user == "api" and api.needs.cache is True


def test_min_replicas_above_max_is_refused(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["services"][0]["replicas"] = {"min": 5, "max": 2}
    assert problems(raw, region, DEV) == [
        f"{DEV}: services[0].replicas: min (5) must be <= max (2) (got {{'min': 5, 'max': 2}})"
    ]


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("latest", "must name a version; 'latest' is not allowed (got 'latest')"),
        ("LATEST", "must name a version; 'latest' is not allowed (got 'LATEST')"),
        ("v1 beta", "must match ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\\Z (got 'v1 beta')"),
    ],
)
def test_image_tag_must_name_a_version(shipped_settings, tag, message):
    raw, region = shipped_settings("dev")
    raw["services"][1]["image"]["tag"] = tag
    assert problems(raw, region, DEV) == [f"{DEV}: services[1].image.tag: {message}"]


def test_image_without_a_tag_is_refused(shipped_settings):
    raw, region = shipped_settings("dev")
    del raw["services"][0]["image"]["tag"]
    assert problems(raw, region, DEV) == [f"{DEV}: services[0].image.tag: is required"]


def test_prod_pins_images_by_digest(shipped_settings):
    raw, region = shipped_settings("prod")
    del raw["services"][1]["image"]["digest"]
    assert problems(raw, region, PROD) == [
        f"{PROD}: services[1].image.digest: is required in prod (pin the image by sha256 digest) (got None)"
    ]


def test_digest_must_be_a_sha256(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["services"][0]["image"]["digest"] = "sha256:abc"
    assert problems(raw, region, PROD) == [
        f"{PROD}: services[0].image.digest: must match ^sha256:[0-9a-f]{{64}}\\Z (got 'sha256:abc')"
    ]


def test_limits_below_requests_are_refused_with_every_problem(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["services"][0]["resources"] = {
        "requests": {"cpu": "1", "memory": "1Gi"},
        "limits": {"cpu": "500m", "memory": "512Mi"},
    }
    assert problems(raw, region, PROD) == [
        f"{PROD}: services[0].resources.limits.cpu: must be >= requests.cpu (1) (got '500m')",
        f"{PROD}: services[0].resources.limits.memory: must be >= requests.memory (1Gi) (got '512Mi')",
    ]


def test_quantities_must_be_kubernetes_quantities(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["services"][0]["resources"]["requests"]["memory"] = "lots"
    assert problems(raw, region, DEV) == [
        f"{DEV}: services[0].resources.requests.memory: must be a memory quantity such as 256Mi or 1Gi (got 'lots')"
    ]


def test_unknown_needs_are_refused(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["services"][0]["needs"]["s3_buckets"] = ["uploads"]
    assert problems(raw, region, DEV) == [
        f"{DEV}: services[0].needs.s3_buckets: unknown key (check the spelling; allowed keys are listed in "
        "docs/settings.md)"
    ]


def test_replica_floors_per_environment(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["services"][0]["replicas"]["min"] = 2
    assert problems(raw, region, PROD) == [f"{PROD}: services[0].replicas.min: must be >= 3 in prod (got 2)"]


def test_names_are_unique_and_callers_exist(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["services"][1]["name"] = "api"
    raw["services"][0]["ingress"]["from_services"] = ["billing"]
    assert problems(raw, region, DEV) == [
        f"{DEV}: services[0].ingress.from_services: must name other services ['api', 'api'] (got 'billing')",
        f"{DEV}: services[1].name: must be unique among services (got 'api')",
    ]


def test_privileged_ports_are_refused(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["services"][0]["port"] = 80
    assert problems(raw, region, DEV) == [f"{DEV}: services[0].port: must be >= 1024 (got 80)"]


def test_services_need_a_cluster(shipped_settings):
    raw, region = shipped_settings("dev")
    del raw["cluster"]
    assert problems(raw, region, DEV) == [
        f"{DEV}: services: need a `cluster:` section to run on (got ['api', 'worker'])"
    ]


@pytest.mark.parametrize(("quantity", "cores"), [("250m", "0.25"), ("1", "1"), ("1.5", "1.5"), ("2000m", "2")])
def test_cpu_quantities(quantity, cores):
    assert cpu_cores(quantity) == Decimal(cores)


@pytest.mark.parametrize(
    ("quantity", "size"), [("256Mi", 256 * 2**20), ("1Gi", 2**30), ("512M", 512 * 10**6), ("1024", 1024)]
)
def test_memory_quantities(quantity, size):
    assert memory_bytes(quantity) == size
