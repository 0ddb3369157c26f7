"""Shared test helpers: record components under the mock runtime, plan shipped stacks once."""

from __future__ import annotations

import copy
import functools
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import yaml

from bulkhead.plan.mock_outputs import ACCOUNT_ID
from bulkhead.plan.model import Plan, ResourceRecord
from bulkhead.plan.runner import DEFAULT_STACKS_DIR, run_plan, run_under_mocks
from infra.layers import KUBERNETES_OUTPUT, KUBERNETES_PROJECTS, ClusterFacts, ClusterRole
from infra.settings import StackSettings

PRIMARY_REGION = "us-east-1"
DR_REGION = "us-west-2"


class Recorded:
    """The resources one test program registered."""

    def __init__(self, records: list[ResourceRecord]):
        self.records = records

    def of_type(self, resource_type: str) -> list[ResourceRecord]:
        return [record for record in self.records if record.type == resource_type]

    def one(self, resource_type: str, name_suffix: str = "") -> ResourceRecord:
        matches = [r for r in self.of_type(resource_type) if r.name.endswith(name_suffix)]
        assert len(matches) == 1, f"expected one {resource_type} named *{name_suffix}, got {[r.name for r in matches]}"
        return matches[0]


def record(build: Callable[[], Any], *, region: str = PRIMARY_REGION) -> Recorded:
    """Runs `build` (which creates components) under recording mocks, inside an explicit provider."""
    records, _ = run_under_mocks(build, stack="test", config={"aws:region": region}, default_region=region)
    return Recorded(records)


def record_kubernetes_layer(settings: StackSettings, role: ClusterRole = "primary") -> Recorded:
    """The `role` cluster's Kubernetes layer for `settings`, fed by what the AWS layer for them exports
    (both recorded under mocks, the AWS layer first, as a real deployment applies them)."""
    from infra import aws_layer  # the program modules, imported when a test needs them
    from infra.wiring.workloads import build_workloads

    region = settings.region
    _, outputs = run_under_mocks(lambda: aws_layer.build(settings), stack="test", config={}, default_region=region)
    facts = ClusterFacts.from_output(pulumi.Output.from_input(outputs[KUBERNETES_OUTPUT]["clusters"][role]))
    records, _ = run_under_mocks(
        lambda: build_workloads(settings, role=role, facts=facts, aws_stack="organization/bulkhead/test"),
        stack="test",
        config={},
        default_region=region,
        project=KUBERNETES_PROJECTS[role],
        layer="kubernetes",
    )
    return Recorded(records)


def provider(region: str = PRIMARY_REGION, name: str = "test-aws") -> aws.Provider:
    return aws.Provider(name, region=region)


def in_provider(provider_resource: aws.Provider) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions(provider=provider_resource)


@functools.cache
def shipped_plan(stack: str) -> Plan:
    """The offline plan of a shipped stack, computed once per test process."""
    return run_plan(stack)


def run_plan_once(stack: str, stacks_dir: Path = DEFAULT_STACKS_DIR) -> Plan:
    """`run_plan` with each shipped stack's program run once per test process: the same (deterministic)
    records, in a copy, since the plan command attaches its verdicts to the plan it is given."""
    if stacks_dir != DEFAULT_STACKS_DIR:
        return run_plan(stack, stacks_dir)
    return copy.deepcopy(shipped_plan(stack))


def plan_modified(tmp_path: Path, stack: str, change: Callable[[dict], None]) -> Plan:
    """The plan of a shipped stack after `change(settings)` edits its settings in a copy of the stacks."""
    shutil.copytree(DEFAULT_STACKS_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / f"Pulumi.{stack}.yaml"
    document = yaml.safe_load(path.read_text())
    change(document["config"]["bulkhead:settings"])
    path.write_text(yaml.safe_dump(document))
    return run_plan(stack, tmp_path)


def policy_document(record_: ResourceRecord, key: str = "policy") -> dict[str, Any]:
    value = record_.inputs[key]
    return json.loads(value) if isinstance(value, str) else value


def ignored_changes(monkeypatch, build: Callable[[], Any]) -> dict[str, list[str]]:
    """Runs `build` and returns each registered resource's `ignore_changes` by resource name (the
    recorded plan does not keep resource options, so this spies on the registration request)."""
    from bulkhead.plan import recorder

    ignored: dict[str, list[str]] = {}
    original = recorder.RecordingMonitor.RegisterResource

    def spy(self, request):
        ignored[request.name] = list(request.ignoreChanges)
        return original(self, request)

    monkeypatch.setattr(recorder.RecordingMonitor, "RegisterResource", spy)
    build()
    return ignored


__all__ = [
    "ACCOUNT_ID",
    "DR_REGION",
    "PRIMARY_REGION",
    "Recorded",
    "ignored_changes",
    "in_provider",
    "plan_modified",
    "policy_document",
    "provider",
    "record",
    "run_plan_once",
    "record_kubernetes_layer",
    "shipped_plan",
]
