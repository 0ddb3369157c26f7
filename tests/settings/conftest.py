import copy
from pathlib import Path

import pytest
import yaml

STACKS = Path(__file__).resolve().parents[2] / "stacks"


@pytest.fixture
def shipped_settings():
    """A deep copy of a shipped stack's raw settings and region, to break in one place per test."""
    def load(environment: str) -> tuple[dict, str]:
        config = yaml.safe_load((STACKS / f"Pulumi.{environment}.yaml").read_text())["config"]
        return copy.deepcopy(config["bulkhead:settings"]), config["aws:region"]
    return load
