"""What the settings tests share: the shipped stack files' names and the problems a bad stack gives."""

import pytest

from bulkhead.plan.runner import DEFAULT_STACKS_DIR
from infra.settings import SettingsError, StackSettings, load_stack_file, validate_settings

PROD = "stacks/Pulumi.prod.yaml"
STAGING = "stacks/Pulumi.staging.yaml"
DEV = "stacks/Pulumi.dev.yaml"


def shipped_stack(environment: str) -> StackSettings:
    """The shipped stack file of `environment`, loaded and validated."""
    return load_stack_file(DEFAULT_STACKS_DIR / f"Pulumi.{environment}.yaml")


def problems(raw: dict, region: str, source: str) -> list[str]:
    """The one-line problems `validate_settings` reports for `raw` (it must refuse it)."""
    with pytest.raises(SettingsError) as caught:
        validate_settings(raw, region, source)
    return caught.value.problems
