"""`bulkhead verify`: check the live account against the promises of the plan (read-only boto3).

Exit status: 0 every check passed or was skipped, 1 a check failed, 2 verify could not run (bad
outputs file or option, AWS credentials or profile problem).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.runbooks.aws import Boto3Clients, ClientFactory, CredentialsProblem, one_line
from bulkhead.runbooks.cli import add_aws_target_arguments
from bulkhead.runbooks.clock import Clock, SystemClock
from bulkhead.runbooks.outputs import OutputsError
from bulkhead.runbooks.report import Report, render_text
from bulkhead.verify.model import Check
from bulkhead.verify.outputs import load_verify_outputs
from bulkhead.verify.registry import CHECKS
from bulkhead.verify.render_markdown import render_markdown
from bulkhead.verify.runner import verify

FORMATS = ("text", "json", "markdown")
CREDENTIALS_HINT = (
    "verify stopped because AWS did not accept its credentials: nothing was checked, and this says "
    "nothing about the environment. Fix the credentials (aws sso login, --profile, the environment) "
    "and run it again."
)


def register(subparsers: Any) -> None:
    """Add `verify` to the `bulkhead` CLI."""
    parser = subparsers.add_parser(
        "verify", help="check the live account against what the plan promised (read-only boto3)"
    )
    add_aws_target_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format. Default: text")
    parser.add_argument(
        "--only",
        action="append",
        metavar="CHECK",
        help="run only the checks with this id or id prefix (`database`, `cluster.endpoint`); repeatable. "
        "Default: - every check",
    )
    parser.set_defaults(run=run)


class UnknownCheck(ValueError):
    """An `--only` value that names no check."""


def select(only: list[str] | None) -> tuple[Check, ...]:
    """The checks `--only` names (each value an id or a prefix ending at a dot); all without it."""
    if not only:
        return CHECKS
    unknown = [p for p in only if not any(c.id == p or c.id.startswith(f"{p}.") for c in CHECKS)]
    if unknown:
        known = sorted({c.id.split(".")[0] for c in CHECKS} | {c.id for c in CHECKS})
        raise UnknownCheck(f"--only: no check named {unknown}; known: {', '.join(known)}")
    return tuple(c for c in CHECKS if any(c.id == p or c.id.startswith(f"{p}.") for p in only))


def render(report: Report, form: str) -> str:
    if form == "json":
        return json.dumps(report.to_dict(), indent=2, default=str)
    return render_markdown(report) if form == "markdown" else render_text(report)


def run(
    args: argparse.Namespace,
    *,
    clients: ClientFactory | None = None,
    clock: Clock | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run verify as the command line asks; clients and clock are injectable for tests."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    clients = clients or Boto3Clients(profile=args.profile, endpoint_url=args.endpoint_url)
    try:
        checks = select(args.only)
        outputs = load_verify_outputs(args.outputs, stdin)
        clients.check_credentials()
        report = verify(outputs, clients, clock or SystemClock(), checks)
    except (OutputsError, UnknownCheck) as exc:
        print(f"error: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    except CredentialsProblem as exc:
        print(f"error: AWS credentials: {one_line(exc)}\n{CREDENTIALS_HINT}", file=stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted; verify changes nothing, run it again", file=stderr)
        return EXIT_FAILED
    print(render(report, args.format), file=stdout)
    return EXIT_OK if report.ok else EXIT_FAILED
