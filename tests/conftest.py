"""Hypothesis profiles: the default run stays fast; `--hypothesis-profile=long` runs 2000 examples per
property (the input-surface fuzz tests in tests/fuzz/ scale up with it).

The repository guard fails the run when a test writes where the CLI writes by default (a command
called without its folder arguments): tests write into tmp_path only."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("long", max_examples=2000, deadline=None)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT_FOLDERS = (REPO / "policies" / "config", REPO / "stacks")


def _files_in_default_output_folders() -> set[Path]:
    return {path for folder in DEFAULT_OUTPUT_FOLDERS for path in folder.iterdir()}


@pytest.fixture(autouse=True, scope="session")
def repository_left_untouched() -> Iterator[None]:
    before = _files_in_default_output_folders()
    yield
    written = sorted(str(path.relative_to(REPO)) for path in _files_in_default_output_folders() - before)
    assert not written, f"tests wrote into the repository (use tmp_path): {written}"
