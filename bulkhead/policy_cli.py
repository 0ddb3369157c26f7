"""`bulkhead policy list|check|selfcheck`: the catalog, a saved plan re-evaluated, the adversarial self-check."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bulkhead import selfcheck
from bulkhead.arguments import stack_name
from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.plan.plan_file import PlanFileError
from bulkhead.plan.policy_report import (
    evaluate_plan,
    load_plan,
    render_markdown,
    render_text,
    report_to_json,
)
from bulkhead.plan.runner import DEFAULT_STACKS_DIR, stack_file
from infra.settings import SettingsError, read_stack_config
from infra.settings.errors import SETTINGS_KEY
from infra.settings.redaction import preview, redact_text
from policies.catalog import render as render_catalog
from policies.config import ENVIRONMENTS, PolicyConfigError
from policies.engine import PolicyEvaluationError
from policies.registry import RULES

RENDERERS = {
    "text": render_text,
    "markdown": render_markdown,
    "json": lambda report: json.dumps(report_to_json(report), indent=2),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "policy",
        help="list the policy pack, check a saved plan against it, or attack it with the self-check",
        description="The CrossGuard policy pack in policies/, evaluated offline.",
    )
    commands = parser.add_subparsers(dest="policy_command", required=True, metavar="SUBCOMMAND")
    listing = commands.add_parser("list", help="print the policy catalog")
    listing.add_argument("--format", choices=("text", "markdown"), default="text")
    listing.set_defaults(run=run)
    check = commands.add_parser("check", help="re-evaluate a plan file written by `bulkhead plan --json`")
    check.add_argument("plan", type=Path, help="plan JSON file")
    _target_arguments(check)
    check.add_argument("--config", type=Path, help="policy config (default: the stack's, else the environment's)")
    check.add_argument("--format", choices=tuple(RENDERERS), default="text")
    check.set_defaults(run=run)
    attack = commands.add_parser(
        "selfcheck", help="mutate a plan adversarially and count what the pack catches (exit 1 on a miss)"
    )
    source = attack.add_mutually_exclusive_group()
    source.add_argument("--stack", default="prod", help="stack to plan offline first (default: prod)")
    source.add_argument("--plan", type=Path, help="plan JSON written by `bulkhead plan --json` instead")
    attack.add_argument("--environment", choices=ENVIRONMENTS, help="with --plan: the environment it belongs to")
    attack.add_argument("--config", type=Path, help="policy config (default: the stack's, else the environment's)")
    attack.add_argument("--limit", type=int, help="run only the first N mutations of each class (a quick sample)")
    attack.add_argument("--verbose", action="store_true", help="list every exempted mutation too")
    attack.set_defaults(run=run_selfcheck)


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--stack", type=stack_name, help="the stack the plan belongs to: its stack file gives the environment"
    )
    target.add_argument("--environment", choices=ENVIRONMENTS, help="the environment, when no stack file is at hand")
    parser.add_argument("--stacks-dir", type=Path, default=DEFAULT_STACKS_DIR, help="folder of the stack files")


class TargetError(ValueError):
    """The environment cannot be established, or the plan claims another one."""


def stack_environment(stack: str, stacks_dir: Path) -> str:
    config = read_stack_config(stack_file(stack, stacks_dir))
    environment = (config.get(SETTINGS_KEY) or {}).get("environment")
    if environment not in ENVIRONMENTS:
        raise TargetError(
            f"stack {stack}: environment must be one of {', '.join(ENVIRONMENTS)} (got {preview(environment)})"
        )
    return environment


def resolve_target(stack: str | None, environment: str | None, stacks_dir: Path, labels) -> tuple[str, str]:
    """(stack, environment) from the command line, never from the plan alone; the plan must agree."""
    if stack:
        environment = stack_environment(stack, stacks_dir)
        if labels.stack and labels.stack != stack:
            raise TargetError(f"the plan is of stack {preview(labels.stack)}, not {preview(stack)}")
    if environment is None:
        raise TargetError("give --stack or --environment")
    if labels.environment != environment:
        raise TargetError(
            f"the plan says environment {preview(labels.environment)}, but the target is {preview(environment)}"
        )
    return stack or "", environment


def _list(fmt: str) -> str:
    if fmt == "markdown":
        return render_catalog()
    width = max(len(rule.name) for rule in RULES)
    lines = [f"{'POLICY'.ljust(width)}  SEVERITY  CAT  KIND      CONTROLS"]
    lines += [
        f"{rule.name.ljust(width)}  {rule.severity.ljust(8)}  {rule.category.ljust(3)}  "
        f"{rule.kind.ljust(8)}  {', '.join(rule.controls)}"
        for rule in RULES
    ]
    return "\n".join(lines + [f"{len(RULES)} policies"])


def run(args: argparse.Namespace) -> int:
    if args.policy_command == "list":
        print(_list(args.format))
        return EXIT_OK
    try:
        labels, resources = load_plan(args.plan)
        stack, environment = resolve_target(args.stack, args.environment, args.stacks_dir, labels)
        report = evaluate_plan(resources, environment, args.config, stack=stack)
    except TargetError as error:  # about the plan's labels: name the file they are in
        print(f"bulkhead policy check: {_shown(f'{args.plan}: {error}')}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (PlanFileError, PolicyConfigError, SettingsError, PolicyEvaluationError) as error:
        print(f"bulkhead policy check: {_shown(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # a crash must never read as a violation (exit 1)
        print(f"bulkhead policy check: internal error: {redact_text(repr(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(RENDERERS[args.format](report))
    return EXIT_OK if report.passed else EXIT_FAILED


def run_selfcheck(args: argparse.Namespace) -> int:
    try:
        target = selfcheck.load_target(args.plan, args.stack, args.environment, args.config)
        outcomes = selfcheck.run(target, limit=args.limit)
    except (PlanFileError, PolicyConfigError, SettingsError, PolicyEvaluationError, ValueError) as error:
        print(f"bulkhead policy selfcheck: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(selfcheck.summary(outcomes, verbose=args.verbose))
    return EXIT_OK if all(o.verdict != "missed" for o in outcomes) else EXIT_FAILED


def _shown(message: str) -> str:
    """A multi-line problem report, each line bounded and redacted (it quotes the files' values)."""
    return "\n".join(redact_text(line, 600) for line in message.splitlines())
