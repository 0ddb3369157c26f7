"""`bulkhead policy list|check`: the policy catalog, and a saved plan file re-evaluated."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.plan.policy_report import (
    PlanFileError,
    evaluate_plan,
    load_plan,
    render_markdown,
    render_text,
    report_to_json,
)
from infra.settings.redaction import redact_text
from policies.catalog import render as render_catalog
from policies.config import PolicyConfigError
from policies.engine import RuleCrashed
from policies.registry import RULES

RENDERERS = {
    "text": render_text,
    "markdown": render_markdown,
    "json": lambda report: json.dumps(report_to_json(report), indent=2),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "policy",
        help="list the policy pack or check a saved plan against it",
        description="The CrossGuard policy pack in policies/, evaluated offline.",
    )
    commands = parser.add_subparsers(dest="policy_command", required=True, metavar="SUBCOMMAND")
    listing = commands.add_parser("list", help="print the policy catalog")
    listing.add_argument("--format", choices=("text", "markdown"), default="text")
    listing.set_defaults(run=run)
    check = commands.add_parser("check", help="re-evaluate a plan file written by `bulkhead plan --json`")
    check.add_argument("plan", type=Path, help="plan JSON file")
    check.add_argument("--config", type=Path, help="policy config (default: policies/config/<environment>.json)")
    check.add_argument("--format", choices=tuple(RENDERERS), default="text")
    check.set_defaults(run=run)


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
        environment, resources = load_plan(args.plan)
        report = evaluate_plan(resources, environment, args.config)
    except (PlanFileError, PolicyConfigError) as error:
        print(f"bulkhead policy check: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RuleCrashed as error:  # the plan holds props no provider writes (`bulkhead plan` never does)
        print(
            f"bulkhead policy check: {args.plan}: a resource's props are not shaped as the provider writes them; "
            f"{redact_text(str(error))}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    print(RENDERERS[args.format](report))
    return EXIT_OK if report.passed else EXIT_FAILED
