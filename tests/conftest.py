"""Test-process settings that make the suite faster without changing what any test observes.

- SDK service packages load member by member (bulkhead/plan/lean_imports.py), as in `bulkhead plan`;
  tests/plan/test_lean_imports.py checks in fresh interpreters that this loads the very same classes.
- After collection, everything imported so far (the SDKs, the program, the pack) moves to the collector's
  permanent generation, and young objects are collected less often: each collection then scans the
  objects a test creates rather than the whole of the SDKs. The collector stays on, so unreachable
  cycles are still freed.
- The plan command reuses each shipped stack's program run (`shipped_stacks_run_once`).

Hypothesis profiles: the default run stays fast; `--hypothesis-profile=long` runs 2000 examples per
property (the input-surface fuzz tests in tests/fuzz/ scale up with it). The repository guard fails the
run when a test writes where the CLI writes by default: tests write into tmp_path only.
"""

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from bulkhead.plan import lean_imports

lean_imports.install()

# Allocations between young collections (CPython's default is 700; 10 and 10 for the older generations).
YOUNG_THRESHOLD = 50_000


def pytest_collection_finish(session) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, 10, 10)


@pytest.fixture(autouse=True)
def shipped_stacks_run_once(monkeypatch):
    """`bulkhead plan` in tests reuses each shipped stack's recorded program run (tests.support.shipped_plan);
    the program itself, and the command in its own process, are tested without it."""
    from bulkhead import plan_cli
    from tests.support import run_plan_once

    monkeypatch.setattr(plan_cli, "run_plan", run_plan_once)


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
