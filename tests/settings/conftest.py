import copy

import pytest

from infra.settings import read_stack_config
from tests.settings.support import DEFAULT_STACKS_DIR


@pytest.fixture
def shipped_settings():
    """A deep copy of a shipped stack's raw settings and region, to break in one place per test."""

    def load(environment: str) -> tuple[dict, str]:
        config = read_stack_config(DEFAULT_STACKS_DIR / f"Pulumi.{environment}.yaml")
        return copy.deepcopy(config["bulkhead:settings"]), config["aws:region"]

    return load
