"""The offline runner skips the SDK's per-registration stack trace through the hook the SDK calls."""

import pulumi
import pytest
from pulumi.runtime import resource as sdk_resource

from bulkhead.plan import source_traces
from tests.support import provider, record


class Component(pulumi.ComponentResource):
    def __init__(self, name: str):
        super().__init__("bulkhead:test:Component", name)
        provider(name=f"{name}-provider")
        self.register_outputs({})


def test_the_sdk_still_has_the_hook():
    # Fails when a pulumi release renames or removes it: the plan would silently pay for the traces again.
    assert callable(getattr(sdk_resource, source_traces.HOOK, None))


def test_every_registration_goes_through_the_skipped_hook(monkeypatch):
    calls = []

    def counted():
        calls.append(1)
        return sdk_resource.source_pb2.StackTrace()

    monkeypatch.setattr(source_traces, "_empty_stack_trace", counted)
    recorded = record(lambda: Component("traced"))
    assert len(recorded.records) == 2  # the component and its provider
    assert len(calls) == 3  # theirs, and the root Stack's: every registration of the run


def test_the_hook_is_restored_after_the_run_even_when_it_fails():
    original = getattr(sdk_resource, source_traces.HOOK)
    with pytest.raises(RuntimeError), source_traces.source_traces_skipped():
        assert getattr(sdk_resource, source_traces.HOOK) is source_traces._empty_stack_trace
        raise RuntimeError("program failed")
    assert getattr(sdk_resource, source_traces.HOOK) is original
