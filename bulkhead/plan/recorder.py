"""A mock monitor that records every registration with its full metadata.

The SDK's `MockMonitor` hands mocks only type, name and inputs; the plan also needs the parent,
dependencies, provider and protect flag, so this monitor keeps the whole request.
"""

from __future__ import annotations

import threading
from typing import Any

from pulumi.runtime import mocks, rpc

from bulkhead.plan.mock_outputs import INVOKES, MockContext, mock_resource_outputs
from bulkhead.plan.model import ResourceRecord

AWS_PROVIDER_TYPE = "pulumi:providers:aws"


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

    def call(self, args: mocks.MockCallArgs) -> dict[str, Any]:
        builder = INVOKES.get(args.token)
        if builder is None:
            raise NotImplementedError(f"the offline plan has no mock for the invoke {args.token}")
        return builder(args.args.get("region") or self._monitor.region_of_provider(_provider_urn(args.provider)))


class RecordingMonitor(mocks.MockMonitor):
    """Records each RegisterResource request as a `ResourceRecord`, in registration order."""

    def __init__(self, default_region: str):
        self._state = threading.local()
        self._default_region = default_region
        self._provider_regions: dict[str, str | None] = {}
        self.records: list[ResourceRecord] = []
        self._lock = threading.Lock()
        super().__init__(RecordingMocks(self))

    def current_record(self) -> ResourceRecord:
        """The record being registered on this thread (the SDK calls mocks on the registering thread)."""
        return self._state.record

    def region_of_provider(self, provider: str | None) -> str:
        return self._provider_regions.get(provider) or self._default_region

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
            region=self._region_of(request.type, bool(request.custom), inputs, provider),
            protect=bool(request.protect),
            inputs=_plain(inputs),
        )
        if request.type == AWS_PROVIDER_TYPE:
            self._provider_regions[urn] = record.region
        with self._lock:
            self.records.append(record)
        self._state.record = record
        return super().RegisterResource(request)

    def ReadResource(self, request):  # noqa: N802 - the gRPC method name
        """Reads (a stack reference, an existing resource by id) are part of the plan as well."""
        inputs = rpc.deserialize_properties(request.properties)
        provider = _provider_urn(request.provider)
        record = ResourceRecord(
            urn=self.make_urn(request.parent, request.type, request.name),
            type=request.type,
            name=request.name,
            custom=True,
            parent=request.parent or None,
            dependencies=sorted(set(request.dependencies)),
            provider=provider,
            region=self._region_of(request.type, True, inputs, provider),
            protect=False,
            inputs=_plain({key: value for key, value in inputs.items() if value is not None}),
        )
        with self._lock:
            self.records.append(record)
        self._state.record = record
        return super().ReadResource(request)

    def _region_of(self, resource_type: str, custom: bool, inputs: dict[str, Any], provider: str | None) -> str | None:
        if resource_type == AWS_PROVIDER_TYPE:
            return inputs.get("region")
        if not custom or not resource_type.startswith("aws:"):
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
