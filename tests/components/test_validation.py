"""The shared checks of the args dataclasses (components/support/validation.py)."""

import pytest

from components.support.validation import require_between, require_other_region


@pytest.mark.parametrize(("value", "accepted"), [(0, False), (1, True), (35, True), (36, False)])
def test_require_between_is_inclusive_and_names_field_range_and_value(value, accepted):
    if accepted:
        require_between("Args.days", value, 1, 35)
    else:
        with pytest.raises(ValueError, match=rf"^Args.days: must be between 1 and 35 \(got {value}\)$"):
            require_between("Args.days", value, 1, 35)


@pytest.mark.parametrize("other", ["us-west-2", None])
def test_require_other_region_accepts_another_region_or_none(other):
    require_other_region("Args.replica_region", other, "us-east-1")


def test_require_other_region_refuses_the_primary_region_and_names_field_and_value():
    with pytest.raises(ValueError, match=r"^Args.replica_region: must differ from region \(got us-east-1\)$"):
        require_other_region("Args.replica_region", "us-east-1", "us-east-1")
