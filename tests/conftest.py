"""Hypothesis profiles: the default run stays fast; `--hypothesis-profile=long` runs 2000 examples per
property (the input-surface fuzz tests in tests/fuzz/ scale up with it)."""

from hypothesis import settings

settings.register_profile("long", max_examples=2000, deadline=None)
