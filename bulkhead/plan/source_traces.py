"""Skips the source stack trace the Pulumi SDK captures for every resource registration.

A deployment sends the trace to the engine (for diagnostics pointing at the program's line); the offline
plan never reads it, and capturing it (`traceback.extract_stack`, which reads source lines) is a large
share of each registration's cost. The hook is a private SDK function, `pulumi.runtime.resource.
_get_stack_trace`, looked up at each registration: pulumi 3.x as requirements.txt allows.
tests/plan/test_source_traces.py fails when an SDK release renames it or stops calling it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from pulumi.runtime import resource as sdk_resource
from pulumi.runtime.proto import source_pb2

HOOK = "_get_stack_trace"


def _empty_stack_trace() -> source_pb2.StackTrace:
    # What the SDK itself sends when it cannot find the program's frame.
    return source_pb2.StackTrace()


@contextlib.contextmanager
def source_traces_skipped() -> Iterator[None]:
    """Within the block, registrations carry an empty stack trace (and so no source position)."""
    original = getattr(sdk_resource, HOOK, None)
    if original is None:  # an SDK without the hook: nothing to skip, the plan is only slower
        yield
        return
    setattr(sdk_resource, HOOK, _empty_stack_trace)
    try:
        yield
    finally:
        setattr(sdk_resource, HOOK, original)
