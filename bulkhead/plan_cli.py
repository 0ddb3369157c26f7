"""`bulkhead plan --stack <env>`: the offline preview of a stack, with policy verdicts and DR posture."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bulkhead.arguments import stack_name
from bulkhead.diagram.files import write_diagram
from bulkhead.diagram.graph import build_architecture
from bulkhead.diagram.mermaid import render_mermaid
from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.plan import policy_report
from bulkhead.plan import posture as dr_posture
from bulkhead.plan.k8s_export import export_k8s_objects
from bulkhead.plan.model import Plan
from bulkhead.plan.render import render_markdown, render_text
from bulkhead.plan.runner import DEFAULT_STACKS_DIR, PlanError, run_plan
from infra.settings import SettingsError
from infra.settings.redaction import redact_text
from policies.config import PolicyConfigError
from policies.engine import PolicyEvaluationError, PolicyReport


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="run a stack's program offline: resources, policy verdicts, DR posture",
        description="Runs the real Pulumi program of a stack under the SDK's mock runtime (no cloud, no "
        "Pulumi CLI), evaluates the policy pack on every recorded resource and computes the "
        "DR posture. Exit 1 on a mandatory policy violation or a missed RPO/RTO target.",
    )
    parser.add_argument(
        "--stack",
        required=True,
        type=stack_name,
        help="stack name: dev, staging, prod, or any stacks/Pulumi.<name>.yaml",
    )
    parser.add_argument("--stacks-dir", type=Path, default=DEFAULT_STACKS_DIR, help="folder of the stack files")
    parser.add_argument(
        "--policy-config",
        type=Path,
        metavar="FILE",
        help="policy pack config (default: policies/config/<stack>.json, else policies/config/<environment>.json)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text for a terminal, markdown for a pull-request comment",
    )
    parser.add_argument(
        "--json", dest="json_path", type=Path, metavar="FILE", help="also write the plan file (docs/plan-format.md)"
    )
    parser.add_argument(
        "--diagram",
        type=Path,
        metavar="FILE",
        help="also write the architecture as a Mermaid diagram (and an image when mmdc is on PATH)",
    )
    parser.add_argument(
        "--k8s-out",
        type=Path,
        metavar="DIR",
        help="also write each Kubernetes object to DIR/<namespace>/<Kind>-<name>.yaml",
    )
    parser.set_defaults(run=run)


@dataclass(frozen=True)
class Verdicts:
    policy: PolicyReport
    posture: dr_posture.Posture
    posture_failures: list[str]

    @property
    def passed(self) -> bool:
        return self.policy.passed and not self.posture_failures


def run(args: argparse.Namespace) -> int:
    outputs = ((args.json_path, "--json"), (args.diagram, "--diagram"), (args.k8s_out, "--k8s-out"))
    unwritable = [problem for path, option in outputs if (problem := _output_problem(path, option))]
    if unwritable:
        print("\n".join(f"bulkhead plan: {problem}" for problem in unwritable), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        plan = run_plan(args.stack, args.stacks_dir)
        verdicts = evaluate(plan, args.policy_config)
    except SettingsError as error:
        print(f"bulkhead plan: invalid configuration:\n{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PolicyConfigError as error:
        print(f"bulkhead plan: invalid policy config: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PlanError as error:
        print(f"bulkhead plan: the program failed: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PolicyEvaluationError as error:
        print(f"bulkhead plan: the policy pack could not evaluate the plan: {redact_text(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    wants_diagram = args.format == "markdown" or args.diagram is not None
    diagram = render_mermaid(build_architecture(plan.to_json())) if wants_diagram else ""
    try:
        notes = write_diagram(diagram, args.diagram) if args.diagram is not None else []
        if args.k8s_out is not None:
            export_k8s_objects(plan.resources, args.k8s_out)
        if args.json_path is not None:
            args.json_path.write_text(json.dumps(plan.to_json(), indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        print(f"bulkhead plan: cannot write {redact_text(str(error.filename))}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if notes:
        print("\n".join(f"bulkhead plan: {note}" for note in notes), file=sys.stderr)
    print(render(plan, verdicts, args.format, diagram))
    return EXIT_OK if verdicts.passed else EXIT_FAILED


def _output_problem(path: Path | None, option: str) -> str | None:
    """Why the plan could not be written to `path` (checked before the plan runs), or None."""
    if path is None:
        return None
    try:
        parent_ok = path.parent.is_dir()
        is_file = path.is_file() if option == "--k8s-out" else path.is_dir()
    except (OSError, ValueError):
        parent_ok, is_file = False, False
    shown = redact_text(str(path), 200)
    if not parent_ok:
        return f"{option} {shown}: its folder does not exist"
    if is_file:
        return f"{option} {shown}: is a {'file' if option == '--k8s-out' else 'folder'}"
    return None


def evaluate(plan: Plan, policy_config: Path | None) -> Verdicts:
    """Policy verdicts and DR posture of a plan; both are also attached to the plan file."""
    resources = plan.to_json()["resources"]
    report = policy_report.evaluate_plan(resources, plan.environment, policy_config, stack=plan.stack)
    posture = dr_posture.compute_posture(plan)
    plan.sections["policy"] = policy_report.report_to_json(report)
    plan.sections["dr_posture"] = dr_posture.posture_to_json(posture)
    return Verdicts(policy=report, posture=posture, posture_failures=plan.sections["dr_posture"]["failures"])


def render(plan: Plan, verdicts: Verdicts, output_format: str, diagram: str) -> str:
    if output_format == "markdown":
        parts = [
            render_markdown(plan),
            f"### Architecture\n\n```mermaid\n{diagram}```",
            policy_report.render_markdown(verdicts.policy),
            "## DR posture\n\n```\n" + dr_posture.render_text(verdicts.posture) + "\n```",
        ]
    else:
        parts = [
            render_text(plan),
            policy_report.render_text(verdicts.policy),
            dr_posture.render_text(verdicts.posture),
        ]
    if verdicts.posture_failures:
        missed = "\n".join(f"  - {line}" for line in verdicts.posture_failures)
        parts.append(f"DR posture misses its targets:\n{missed}")
    return "\n\n".join(parts)
