"""Test-process settings that make the suite faster without changing what any test observes.

- SDK service packages load member by member (bulkhead/plan/lean_imports.py), as in `bulkhead plan`;
  tests/plan/test_lean_imports.py checks in fresh interpreters that this loads the very same classes.
- After collection, everything imported so far (the SDKs, the program, the pack) moves to the collector's
  permanent generation, and young objects are collected less often: each collection then scans the
  objects a test creates rather than the whole of the SDKs. The collector stays on, so unreachable
  cycles are still freed.
- The plan command reuses each shipped stack's program run (`shipped_stacks_run_once`).
"""

import gc

import pytest

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
