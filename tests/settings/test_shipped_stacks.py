from pathlib import Path

import pytest

from infra.settings import load_stack_file

STACKS = Path(__file__).resolve().parents[2] / "stacks"


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_shipped_stack_validates(environment):
    settings = load_stack_file(STACKS / f"Pulumi.{environment}.yaml")
    assert settings.environment == environment
    assert settings.prefix == f"mobile-{environment}"


def test_prod_names_a_dr_region_different_from_the_primary():
    settings = load_stack_file(STACKS / "Pulumi.prod.yaml")
    assert settings.dr.region is not None
    assert settings.dr.region != settings.region
    assert settings.dr.strategy == "warm-standby"
