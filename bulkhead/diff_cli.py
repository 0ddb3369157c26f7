"""`bulkhead diff OLD.json NEW.json`: what a change to a stack adds, removes and modifies, for review."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bulkhead.diagram.files import write_diagram
from bulkhead.diff.render_json import diff_to_json
from bulkhead.diff.render_markdown import DEFAULT_MAX_CHARS, MIN_MAX_CHARS, render_markdown
from bulkhead.diff.render_text import render_text
from bulkhead.diff.report import compare_plans, load_pair
from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.plan.plan_file import PlanFileError

FAIL_ON_NEW_FINDINGS = "new-findings"


def _max_chars(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})") from None
    if value < MIN_MAX_CHARS:
        raise argparse.ArgumentTypeError(f"must be >= {MIN_MAX_CHARS} (got {value})")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="compare two plan files: resources, policy findings, DR posture, architecture diagram",
        description="Compares two plan files written by `bulkhead plan --json` (the base and the head of a "
        "pull request): resources added, removed, changed and replaced with the inputs that changed, "
        "policy findings introduced and resolved, the DR posture per data store, and a Mermaid diagram "
        "with the changed parts marked. Exit 0 when the diff is produced, 1 with --fail-on new-findings "
        "when NEW has a blocking finding OLD did not, 2 on bad input.",
    )
    parser.add_argument("old", type=Path, metavar="OLD.json", help="plan before the change")
    parser.add_argument("new", type=Path, metavar="NEW.json", help="plan after the change")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text for a terminal, markdown for a pull-request comment, json for tools",
    )
    parser.add_argument(
        "--fail-on",
        choices=(FAIL_ON_NEW_FINDINGS,),
        help="exit 1 when NEW has a mandatory, unexempted finding that did not block in OLD",
    )
    parser.add_argument(
        "--max-chars",
        type=_max_chars,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help=f"markdown: stay under N characters, the rest summarised (default {DEFAULT_MAX_CHARS}, "
        "under GitHub's comment limit)",
    )
    parser.add_argument("--diagram", type=Path, metavar="FILE", help="also write the Mermaid diagram to FILE")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        old, new = load_pair(args.old, args.new)
    except PlanFileError as error:
        print(f"bulkhead diff: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    diff = compare_plans(old, new, str(args.old), str(args.new))
    if args.fail_on == FAIL_ON_NEW_FINDINGS and not diff.findings.available:
        sides = " and ".join(diff.findings.missing)
        print(
            f"bulkhead diff: --fail-on {FAIL_ON_NEW_FINDINGS} needs policy verdicts in both plans; the {sides} "
            "plan has none (write plans with `bulkhead plan --json`)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if args.diagram is not None:
        try:
            notes = write_diagram(diff.diagram, args.diagram)
        except OSError as error:
            print(f"bulkhead diff: cannot write {args.diagram}: {error.strerror}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print("\n".join(f"bulkhead diff: {note}" for note in notes), file=sys.stderr)
    if args.format == "markdown":
        print(render_markdown(diff, args.max_chars))
    elif args.format == "json":
        print(json.dumps(diff_to_json(diff), indent=2, ensure_ascii=False))
    else:
        print(render_text(diff))
    blocking = args.fail_on == FAIL_ON_NEW_FINDINGS and diff.findings.new_blocking
    return EXIT_FAILED if blocking else EXIT_OK
