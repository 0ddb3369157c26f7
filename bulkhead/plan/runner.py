"""Runs the real Pulumi programs of a stack under the SDK's mock runtime and returns the recorded plan.

Both layers, as `pulumi up` would apply them: the AWS layer first, then the Kubernetes layer of each
cluster the stack has, whose StackReference to the AWS layer gets the AWS layer's recorded outputs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi

from bulkhead.arguments import stack_name_problem
from bulkhead.plan.model import LayerRun, Plan, ResourceRecord
from bulkhead.plan.recorder import record_program
from bulkhead.plan.source_traces import source_traces_skipped
from infra.layers import KUBERNETES_PROJECTS, ClusterRole, aws_project_name
from infra.settings import SettingsError, StackSettings, read_stack_config, validate_settings
from infra.settings.errors import SETTINGS_KEY
from infra.settings.loader import REGION_KEY
from infra.settings.redaction import redact_text

# The offline plan, like a DIY backend, runs every stack in the organization `organization`.
ORGANIZATION = "organization"
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
    """Validates the stack file, runs both layers under mocks and records every resource.

    Raises SettingsError for a missing or invalid stack file, PlanError if a program fails.
    """
    path = stack_file(stack, stacks_dir)
    config = read_stack_config(path)
    try:
        display_path = path.relative_to(REPO_ROOT)
    except ValueError:
        display_path = path
    settings = validate_settings(config[SETTINGS_KEY], config[REGION_KEY], str(display_path))
    # The real programs, imported lazily so the CLI starts fast.
    from infra import aws_layer, kubernetes_layer

    project = aws_project_name()
    records, outputs = run_under_mocks(
        aws_layer.main, project=project, stack=stack, config=config, default_region=settings.region, layer="aws"
    )
    layers = [LayerRun(layer="aws", project=project)]
    references = {f"{ORGANIZATION}/{project}/{stack}": outputs}
    for role in kubernetes_clusters(settings):
        layer_records, _ = run_under_mocks(
            kubernetes_layer.main,
            project=KUBERNETES_PROJECTS[role],
            stack=stack,
            config=config,
            default_region=settings.region,
            layer="kubernetes",
            stack_outputs=references,
        )
        records += layer_records
        layers.append(LayerRun(layer="kubernetes", project=KUBERNETES_PROJECTS[role], cluster=role))
    return Plan(
        project=project,
        stack=stack,
        environment=settings.environment,
        region=settings.region,
        dr_region=settings.dr.region,
        resources=records,
        outputs=outputs,
        layers=layers,
    )


def kubernetes_clusters(settings: StackSettings) -> list[ClusterRole]:
    """The clusters whose Kubernetes layer the stack has: the primary's, and the warm standby's."""
    if settings.cluster is None:
        return []
    return ["primary", "standby"] if settings.dr.standby is not None else ["primary"]


def run_under_mocks(
    program: Callable[[], None],
    *,
    stack: str,
    config: dict[str, Any],
    default_region: str,
    project: str = "bulkhead",
    layer: str = "aws",
    stack_outputs: dict[str, dict[str, Any]] | None = None,
) -> tuple[list[ResourceRecord], dict[str, Any]]:
    """Runs `program` under the recording mock runtime; returns the records (by URN) and stack outputs.

    `stack_outputs` are the outputs of the stacks a StackReference may name (by fully qualified name).
    Tests use this directly to record one component at a time. Raises PlanError if the program fails.
    """
    try:
        with source_traces_skipped():
            return record_program(
                program,
                project=project,
                stack=stack,
                organization=ORGANIZATION,
                config=config,
                default_region=default_region,
                layer=layer,
                stack_outputs=stack_outputs,
            )
    except pulumi.RunError as error:
        raise PlanError(redact_text(str(error), 2000)) from None
    except ValueError as error:  # a component's own validation: the settings should have refused it first
        raise PlanError(f"a component refused a value: {redact_text(_innermost(error), 2000)}") from None


def _innermost(error: BaseException) -> str:
    """The reason at the bottom of the SDK's chain ("While processing resource ... ValueError has risen: ..."):
    the wrapping grows with the resource tree, and a cut text would lose the one line that says what to do."""
    seen = {id(error)}
    while error.__cause__ is not None and id(error.__cause__) not in seen:  # a chain may loop back
        error = error.__cause__
        seen.add(id(error))
    return str(error).rsplit(" has risen: ", 1)[-1]
