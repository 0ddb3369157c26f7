import pytest

from tests.settings.support import shipped_stack


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_shipped_stack_validates(environment):
    settings = shipped_stack(environment)
    assert settings.environment == environment
    assert settings.prefix == f"mobile-{environment}"


def test_prod_names_a_dr_region_different_from_the_primary():
    settings = shipped_stack("prod")
    assert settings.dr.region is not None
    assert settings.dr.region != settings.region
    assert settings.dr.strategy == "warm-standby"
