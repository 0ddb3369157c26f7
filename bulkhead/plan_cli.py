"""`bulkhead plan --stack <env>`: the offline preview of a stack."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bulkhead.plan.k8s_export import export_k8s_objects
from bulkhead.plan.render import render_text
from bulkhead.plan.runner import DEFAULT_STACKS_DIR, PlanError, run_plan
from infra.settings import SettingsError

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plan", help="run a stack's program offline and preview its resources",
        description="Runs the real Pulumi program of a stack under the SDK's mock runtime (no cloud, no "
                    "Pulumi CLI) and prints every resource it would create.",
    )
    parser.add_argument("--stack", required=True, help="stack name: dev, staging, prod, or any stacks/Pulumi.<name>.yaml")
    parser.add_argument("--stacks-dir", type=Path, default=DEFAULT_STACKS_DIR, help="folder of the stack files")
    parser.add_argument("--json", dest="json_path", type=Path, metavar="FILE",
                        help="also write the plan file (docs/plan-format.md); '-' for stdout")
    parser.add_argument("--k8s-out", type=Path, metavar="DIR",
                        help="also write each Kubernetes object to DIR/<namespace>/<Kind>-<name>.yaml")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        plan = run_plan(args.stack, args.stacks_dir)
    except SettingsError as error:
        print(f"bulkhead plan: invalid configuration:\n{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PlanError as error:
        print(f"bulkhead plan: the program failed: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.k8s_out is not None:
        export_k8s_objects(plan.resources, args.k8s_out)
    if args.json_path is not None:
        document = json.dumps(plan.to_json(), indent=2, sort_keys=False)
        if str(args.json_path) == "-":
            print(document)
            return EXIT_OK
        args.json_path.write_text(document + "\n", encoding="utf-8")
    print(render_text(plan))
    return EXIT_OK
