"""The `runner:` section and `account_id`: what the in-VPC runner needs, checked before anything runs."""

import pytest

from infra.settings import validate_settings
from tests.settings.support import problems

SOURCE = "stacks/Pulumi.test.yaml"


def problems_of(raw: dict, region: str) -> list[str]:
    return problems(raw, region, SOURCE)


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_every_shipped_stack_with_a_cluster_has_a_runner_that_pins_the_cli(shipped_settings, environment):
    settings = validate_settings(*shipped_settings(environment), SOURCE)
    assert settings.cluster is not None and settings.runner is not None
    assert settings.runner.pulumi_version.startswith("3.")
    assert settings.runner.state_backend_url.startswith("s3://") and "region=" in settings.runner.state_backend_url


def test_a_cluster_needs_a_runner(shipped_settings):
    raw, region = shipped_settings("dev")
    del raw["runner"]
    assert problems_of(raw, region) == [
        f"{SOURCE}: runner: is required with a `cluster:` section: the cluster endpoint is private, so the "
        "in-VPC runner applies the Kubernetes layer (docs/layers.md) (got None)"
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "state_backend_url",
            "s3://mobile-pulumi-state",
            "must name the bucket's region, as in s3://my-state-bucket/prod?region=us-east-1",
        ),
        ("state_backend_url", "https://app.pulumi.com", "must be an S3 state backend URL such as"),
        ("state_backend_url", "s3://Bad_Bucket?region=us-east-1", "names an invalid S3 bucket (3-63 lowercase letters"),
        (
            "state_backend_url",
            "s3://state?region=us-east-1&profile=x",
            "has unknown query parameters; allowed: ['awssdk', 'region']",
        ),
        ("secrets_provider_key_arn", "alias/pulumi-secrets", "must be a KMS key ARN such as"),
        ("pulumi_version", "latest", "must match"),
        ("compute_type", "BUILD_LAMBDA_1GB", "must be one of"),
        ("build_timeout_minutes", 3000, "must be <= 2160"),
    ],
)
def test_bad_runner_values_are_named_with_the_problem(shipped_settings, field, value, message):
    raw, region = shipped_settings("prod")
    raw["runner"][field] = value
    [line] = problems_of(raw, region)
    assert line.startswith(f"{SOURCE}: runner.{field}: ") and message in line


def test_runner_logs_meet_the_environment_floor(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["runner"]["log_retention_days"] = 30
    assert problems_of(raw, region) == [f"{SOURCE}: runner.log_retention_days: must be >= 365 in prod (got 30)"]


def test_a_source_location_must_match_its_type(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["runner"]["source"] = {"type": "S3", "location": "https://github.com/example-org/mobile-backend.git"}
    [line] = problems_of(raw, region)
    assert line.startswith(f"{SOURCE}: runner.source.location: ") and "is not a S3 location such as" in line


def test_the_account_is_twelve_digits(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["account_id"] = "1111-2222-3333"
    assert problems_of(raw, region) == [f"{SOURCE}: account_id: must match ^[0-9]{{12}}\\Z (got '1111-2222-3333')"]


def test_a_source_location_carrying_a_token_is_refused_without_echoing_it(shipped_settings):
    raw, region = shipped_settings("dev")
    token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0" * 2
    raw["runner"]["source"]["location"] = f"https://{token}@github.com/example-org/mobile-backend.git"
    [line] = problems_of(raw, region)
    assert line.startswith(f"{SOURCE}: runner.source.location: is not a GITHUB location") and token not in line
