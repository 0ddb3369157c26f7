"""Runs the real Pulumi program of a stack under the SDK's mock runtime and returns the recorded plan."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import mocks
from pulumi.runtime import settings as runtime_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from bulkhead.arguments import stack_name_problem
from bulkhead.plan.model import Plan, ResourceRecord
from bulkhead.plan.recorder import RecordingMonitor
from infra.settings import SettingsError, read_stack_config, validate_settings
from infra.settings.errors import SETTINGS_KEY
from infra.settings.loader import REGION_KEY
from infra.settings.redaction import redact_text

PROJECT = "bulkhead"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STACKS_DIR = REPO_ROOT / "stacks"


class PlanError(Exception):
    """The plan could not be produced; the message says why, in one or a few lines."""


def stack_file(stack: str, stacks_dir: Path = DEFAULT_STACKS_DIR) -> Path:
    problem = stack_name_problem(stack)
    if problem:
        raise SettingsError([f"stack {redact_text(repr(stack), 120)}: {problem}"])
    path = stacks_dir / f"Pulumi.{stack}.yaml"
    try:
        found = path.is_file()
        known = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in stacks_dir.glob("Pulumi.*.yaml"))
    except (OSError, ValueError):  # a --stacks-dir that is no usable folder name
        found, known = False, []
    if not found:
        message = f"unknown stack '{stack}': no {path} (stacks here: {', '.join(known) or 'none'})"
        raise SettingsError([redact_text(message, 600)])
    return path


def run_plan(stack: str, stacks_dir: Path = DEFAULT_STACKS_DIR) -> Plan:
    """Validates the stack file, runs the program under mocks and records every resource.

    Raises SettingsError for a missing or invalid stack file, PlanError if the program fails.
    """
    path = stack_file(stack, stacks_dir)
    config = read_stack_config(path)
    try:
        display_path = path.relative_to(REPO_ROOT)
    except ValueError:
        display_path = path
    settings = validate_settings(config[SETTINGS_KEY], config[REGION_KEY], str(display_path))
    from infra import program  # the real program, imported lazily so the CLI starts fast

    records, outputs = run_under_mocks(program.main, stack=stack, config=config, default_region=settings.region)
    return Plan(
        project=PROJECT,
        stack=stack,
        environment=settings.environment,
        region=settings.region,
        dr_region=settings.dr.region,
        resources=records,
        outputs=outputs,
    )


def run_under_mocks(
    program: Callable[[], None], *, stack: str, config: dict[str, Any], default_region: str
) -> tuple[list[ResourceRecord], dict[str, Any]]:
    """Runs `program` under the recording mock runtime; returns the records (by URN) and stack outputs.

    Tests use this directly to record one component at a time.
    """
    monitor = RecordingMonitor(default_region=default_region)
    runtime_settings.ROOT.set(None)  # a fresh root Stack resource for every run in this process
    mocks.set_mocks(monitor.mocks, project=PROJECT, stack=stack, preview=False, monitor=monitor)
    set_all_config({key: _config_value(value) for key, value in config.items()})
    runtime_settings.SETTINGS.rpc_manager.clear()
    try:
        _sync_await(run_pulumi_func(program))
    except pulumi.RunError as error:
        raise PlanError(redact_text(str(error), 2000)) from None
    except ValueError as error:  # a component's own validation: the settings should have refused it first
        raise PlanError(f"a component refused a value: {redact_text(str(error), 2000)}") from None
    root = runtime_settings.get_root_resource()
    outputs = {name: _resolve(value) for name, value in sorted(root.outputs.items())}
    return sorted(monitor.records, key=lambda record: record.urn), outputs


def _config_value(value: Any) -> str:
    """Pulumi passes structured config to programs as JSON strings."""
    return value if isinstance(value, str) else json.dumps(value)


def _resolve(value: Any) -> Any:
    return _sync_await(pulumi.Output.from_input(value).future())
