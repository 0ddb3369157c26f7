"""A mock monitor that records every registration with its full metadata, and `record_program`, which
runs one Pulumi program under it.

The SDK's `MockMonitor` hands mocks only type, name and inputs; the plan also needs the parent,
dependencies, provider and protect flag, so this monitor keeps the whole request, and the layer the
program belongs to. A `pulumi:pulumi:StackReference` (a read, not a registration) gets the recorded
outputs of the stack it names, as the engine would give it the referenced stack's outputs (or, for a
stack outside the plan, its mocked outputs).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

import pulumi
from pulumi.runtime import mocks, rpc
from pulumi.runtime import settings as runtime_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.stack import Stack, run_pulumi_func
from pulumi.runtime.sync_await import _ensure_event_loop, _sync_await

from bulkhead.plan.mock_outputs import INVOKES, MockContext, mock_resource_outputs
from bulkhead.plan.model import ResourceRecord

AWS_PROVIDER_TYPE = "pulumi:providers:aws"
STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference"


def _provider_urn(reference: str) -> str | None:
    """Provider references are `<urn>::<id>`; the URN itself contains `::`."""
    return reference.rsplit("::", 1)[0] if reference else None


class RecordingMocks(mocks.Mocks):
    """Realistic outputs for every resource, computed in the resource's own region."""

    def __init__(self, monitor: RecordingMonitor):
        self._monitor = monitor

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        record: ResourceRecord = self._monitor.current_record()
        if not record.custom:
            return "", {}
        if record.type.startswith("pulumi:providers:"):
            return f"{record.name}-provider-id", dict(args.inputs)
        # Non-AWS reads (a stack reference to the same account's owner stack) take the stack's region.
        context = MockContext(
            type=record.type,
            logical_name=record.name,
            urn=record.urn,
            region=record.region or self._monitor.region_of_provider(None),
            inputs=dict(args.inputs),
        )
        resource_id, state = mock_resource_outputs(context)
        record.outputs = {"id": resource_id, **{k: v for k, v in state.items() if k not in args.inputs}}
        return resource_id, state

    def call(self, args: mocks.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        builder = INVOKES.get(args.token)
        if builder is None:
            raise NotImplementedError(f"the offline plan has no mock for the invoke {args.token}")
        region = args.args.get("region") or self._monitor.region_of_provider(_provider_urn(args.provider))
        return builder(region), []  # (outputs, check failures): the runtime iterates the list, never None


class RecordingMonitor(mocks.MockMonitor):
    """Records each RegisterResource request as a `ResourceRecord`, in registration order."""

    def __init__(
        self,
        default_region: str,
        *,
        layer: str,
        stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
    ):
        self._state = threading.local()
        self._default_region = default_region
        self._layer = layer
        self._stack_outputs = dict(stack_outputs or {})
        self._provider_regions: dict[str, str | None] = {}
        self.records: list[ResourceRecord] = []
        self._lock = threading.Lock()
        super().__init__(RecordingMocks(self))

    def current_record(self) -> ResourceRecord:
        """The record being registered on this thread (the SDK calls mocks on the registering thread)."""
        return self._state.record

    def region_of_provider(self, provider: str | None) -> str:
        return (self._provider_regions.get(provider) if provider else None) or self._default_region

    def RegisterResource(self, request):  # noqa: N802 - the gRPC method name
        urn = self.make_urn(request.parent, request.type, request.name)
        if request.type == "pulumi:pulumi:Stack":
            return super().RegisterResource(request)
        inputs = rpc.deserialize_properties(request.object)
        provider = _provider_urn(request.provider)
        record = ResourceRecord(
            urn=urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            parent=request.parent or None,
            dependencies=sorted(set(request.dependencies)),
            provider=provider,
            region=self._region_of(request, inputs, provider),
            protect=bool(request.protect),
            inputs=_plain(inputs),
            layer=self._layer,
        )
        if request.type == AWS_PROVIDER_TYPE:
            self._provider_regions[urn] = record.region
        with self._lock:
            self.records.append(record)
        self._state.record = record
        return super().RegisterResource(request)

    def ReadResource(self, request):  # noqa: N802 - the gRPC method name
        """Only stack references are read here. One naming a stack this plan ran gets that stack's recorded
        outputs, as the engine would give it; one naming another stack (the owner of the account's
        baseline) gets that stack's outputs as the mocks make them (bulkhead/plan/mock_outputs.py)."""
        if request.type != STACK_REFERENCE_TYPE:
            raise NotImplementedError(f"the offline plan reads no {request.type} (only stack references)")
        _ensure_event_loop()  # serializing the state needs an event loop on this gRPC thread
        urn = self.make_urn(request.parent, request.type, request.name)
        recorded: dict[str, Any] = {"id": request.id}
        if request.id in self._stack_outputs:
            state = {"name": request.id, "outputs": dict(self._stack_outputs[request.id]), "secretOutputNames": []}
        else:
            context = MockContext(
                type=request.type,
                logical_name=request.name,
                urn=urn,
                region=self._default_region,
                inputs={"name": request.id},
            )
            _, state = mock_resource_outputs(context)
            recorded.update(state)  # what it read is part of the plan: the pack judges the declared owner by it
        with self._lock:
            self.records.append(
                ResourceRecord(
                    urn=urn,
                    type=request.type,
                    name=request.name,
                    custom=True,
                    parent=request.parent or None,
                    dependencies=sorted(set(request.dependencies)),
                    provider=None,
                    region=None,
                    protect=False,
                    inputs={"name": request.id},
                    outputs=recorded,
                    layer=self._layer,
                )
            )
        self.resources[urn] = mocks.MockMonitor.ResourceRegistration(urn, request.id, state)
        return resource_pb2.ReadResourceResponse(urn=urn, properties=_sync_await(rpc.serialize_properties(state, {})))

    def _region_of(self, request, inputs: dict[str, Any], provider: str | None) -> str | None:
        if request.type == AWS_PROVIDER_TYPE:
            return inputs.get("region")
        if not request.custom or not request.type.startswith("aws:"):
            return None
        if inputs.get("region"):
            return inputs["region"]
        return self.region_of_provider(provider)


SECRET_PLACEHOLDER = "[secret]"


def _plain(value: Any) -> Any:
    """Inputs as JSON-ready values; Pulumi secrets are replaced so that no plan file carries one."""
    if isinstance(value, dict) and value.get(rpc._special_sig_key) == rpc._special_secret_sig:
        return SECRET_PLACEHOLDER
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # the wire carries every number as a double
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def record_program(
    program: Callable[[], None],
    *,
    project: str,
    stack: str,
    organization: str,
    config: Mapping[str, Any],
    default_region: str,
    layer: str,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[list[ResourceRecord], dict[str, Any]]:
    """Runs `program` under the recording mock runtime, as the engine would run it for `project`/`stack`
    with `config`; returns the records (by URN) and the resolved stack outputs. A failing program raises
    (pulumi.RunError for a reported error).

    It needs only the Pulumi SDK: the Pulumi-install test runs programs with it from a virtualenv built
    from nothing but the program's requirements."""
    monitor = RecordingMonitor(default_region=default_region, layer=layer, stack_outputs=stack_outputs)
    runtime_settings.ROOT.set(None)  # a fresh root Stack resource for every run in this process
    mocks.set_mocks(
        monitor.mocks, project=project, stack=stack, preview=False, monitor=monitor, organization=organization
    )
    set_all_config({key: _config_value(value) for key, value in config.items()})
    runtime_settings.SETTINGS.rpc_manager.clear()
    try:
        _sync_await(run_pulumi_func(program))
    except BaseException:
        _forget_failed_run()
        raise
    root = runtime_settings.get_root_resource()
    if not isinstance(root, Stack):
        raise pulumi.RunError("the program ran without a root stack resource")
    outputs = {name: _resolve(value) for name, value in sorted(root.outputs.items())}
    return sorted(monitor.records, key=lambda record: record.urn), outputs


def _forget_failed_run() -> None:
    """A failed program leaves work behind: pending tasks in the shared event loop, and finished ones (with
    their errors) in the SDK's outstanding outputs, which the next run in this process would await and
    re-raise. Both are dropped, so each run reports only its own errors."""
    loop = asyncio.get_event_loop()
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    with runtime_settings.SETTINGS.lock:
        for task in runtime_settings.SETTINGS.outputs:
            if task.done() and not task.cancelled():
                task.exception()  # retrieved: no "exception was never retrieved" noise at exit
        runtime_settings.SETTINGS.outputs.clear()


def _config_value(value: Any) -> str:
    """Pulumi passes structured config to programs as JSON strings."""
    return value if isinstance(value, str) else json.dumps(value)


def _resolve(value: Any) -> Any:
    return _sync_await(pulumi.Output.from_input(value).future())
