"""Command-line entry of the runbooks: `bulkhead dr status|failover` and `bulkhead backup verify`.

Exit status: 0 all good, 1 the runbook found a problem (unhealthy store, failed or blocked step, backup
gap, an interrupted run), 2 the runbook could not run (bad outputs file, bad option, AWS credentials or
profile problem: those say nothing about the data stores).
"""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any
from urllib.parse import urlsplit

from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url

from bulkhead.arguments import SafeArgumentParser, minutes
from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.runbooks.aws import Boto3Clients, ClientFactory, CredentialsProblem, one_line
from bulkhead.runbooks.backup_verify import backup_verify
from bulkhead.runbooks.clock import Clock, SystemClock
from bulkhead.runbooks.dr_failover import dr_failover
from bulkhead.runbooks.dr_status import dr_status
from bulkhead.runbooks.fencing import FENCING_METHODS
from bulkhead.runbooks.outputs import OutputsError, load_outputs
from bulkhead.runbooks.queues import log_in_flight
from bulkhead.runbooks.report import render
from bulkhead.runbooks.steps import FailoverOptions, UsageError
from infra.settings.redaction import preview

CREDENTIALS_HINT = (
    "The runbook stopped because AWS did not accept its credentials: this says nothing about the data "
    "stores and is not a DR finding. Steps logged above, if any, ran before it stopped. Fix the "
    "credentials (aws sso login, --profile, the environment) and run the same command again."
)
INTERRUPTED_HINT = (
    "interrupted. Steps logged above ran before the interruption. Run the same command again: stores "
    "already in place are skipped and a move in flight is waited for, never requested twice."
)


def _endpoint_url(text: str) -> str:
    # botocore's own test (so every client accepts the URL), plus the schemes its HTTP layer speaks.
    valid = is_valid_endpoint_url(text) or is_valid_ipv6_endpoint_url(text)
    if not valid or urlsplit(text).scheme not in ("http", "https"):
        raise argparse.ArgumentTypeError(f"must be an http(s) URL such as http://127.0.0.1:5000 (got {preview(text)})")
    return text


def add_aws_target_arguments(parser: argparse.ArgumentParser) -> None:
    """The stack's outputs file and how to reach its account: shared by the runbooks and `verify`."""
    parser.add_argument(
        "--outputs",
        required=True,
        metavar="FILE",
        help="JSON of `pulumi stack output --json` for the stack; `-` reads stdin",
    )
    parser.add_argument(
        "--endpoint-url",
        type=_endpoint_url,
        metavar="URL",
        help="send every AWS call to this endpoint (a local emulator such as moto server)",
    )
    parser.add_argument("--profile", help="AWS profile to use. Default: - the standard credential chain")


def _add_common(parser: argparse.ArgumentParser, runbook: str) -> None:
    add_aws_target_arguments(parser)
    parser.add_argument("--json", action="store_true", dest="as_json", help="print the report as JSON instead of text")
    parser.set_defaults(run=run, runbook=runbook)


def register(subparsers: Any) -> None:
    """Add the `dr` and `backup` command groups to the `bulkhead` CLI."""
    dr = subparsers.add_parser("dr", help="disaster-recovery runbooks (boto3, live AWS)")
    dr_commands = dr.add_subparsers(dest="dr_command", required=True, metavar="{status,failover}")
    _add_common(
        dr_commands.add_parser("status", help="replication health and lag of every data store, compared with the RPO"),
        "dr-status",
    )
    failover = dr_commands.add_parser(
        "failover", help="move every global data store's writer to a region (databases first, then caches)"
    )
    _add_common(failover, "dr-failover")
    failover.add_argument(
        "--to",
        required=True,
        metavar="REGION",
        dest="target",
        help="region that must hold the writers afterwards (the primary or the DR region)",
    )
    failover.add_argument(
        "--dry-run", action="store_true", help="print the steps and the mode each would use; call no mutating API"
    )
    failover.add_argument(
        "--writes-stopped",
        choices=sorted(FENCING_METHODS),
        metavar="HOW",
        help="how writes to the old primary were stopped: "
        + ", ".join(sorted(FENCING_METHODS))
        + ". Default: - not confirmed, so no writer moves",
    )
    failover.add_argument(
        "--allow-data-loss",
        action="store_true",
        help="allow an Aurora failover that loses the writes not yet replicated, when the primary is shown down",
    )
    failover.add_argument(
        "--force-failover",
        action="store_true",
        help="use that failover even when the primary's region says it is available (needs --allow-data-loss)",
    )
    failover.add_argument(
        "--deadline-minutes",
        type=minutes(0, 24 * 60),
        metavar="MINUTES",
        help="deadline of the whole run. Default: - the environment's RTO (60 without one)",
    )

    backup = subparsers.add_parser("backup", help="backup runbooks (boto3, live AWS)")
    backup_commands = backup.add_subparsers(dest="backup_command", required=True, metavar="{verify}")
    _add_common(
        backup_commands.add_parser(
            "verify", help="vault locks, fresh recovery points and DR copies, and the caches' own snapshots"
        ),
        "backup-verify",
    )


def run(
    args: argparse.Namespace,
    *,
    clients: ClientFactory | None = None,
    clock: Clock | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the runbook chosen on the command line; clients and clock are injectable for tests."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    clock = clock or SystemClock()
    clients = clients or Boto3Clients(profile=args.profile, endpoint_url=args.endpoint_url)

    def log(message: str) -> None:
        print(f"{clock.now().isoformat()} {message}", file=stderr, flush=True)

    try:
        outputs = load_outputs(args.outputs, stdin)
        options = _failover_options(args) if args.runbook == "dr-failover" else None
        clients.check_credentials()
        if options is not None:
            report = dr_failover(outputs, clients, clock, options, log)
            log_in_flight(outputs.queues, outputs.primary_region, options.target, log)
        elif args.runbook == "dr-status":
            report = dr_status(outputs, clients, clock)
        else:
            report = backup_verify(outputs, clients, clock)
    except (OutputsError, UsageError) as exc:
        print(f"error: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    except CredentialsProblem as exc:
        print(f"error: AWS credentials: {one_line(exc)}\n{CREDENTIALS_HINT}", file=stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"error: {INTERRUPTED_HINT}", file=stderr)
        return EXIT_FAILED
    print(render(report, args.as_json), file=stdout)
    return EXIT_OK if report.ok else EXIT_FAILED


def _failover_options(args: argparse.Namespace) -> FailoverOptions:
    return FailoverOptions(
        target=args.target,
        dry_run=args.dry_run,
        allow_data_loss=args.allow_data_loss,
        force_failover=args.force_failover,
        writes_stopped=args.writes_stopped,
        deadline_minutes=args.deadline_minutes,
    )


def build_parser() -> argparse.ArgumentParser:
    """A stand-alone parser with only the runbooks (`python -m bulkhead.runbooks`)."""
    parser = SafeArgumentParser(prog="bulkhead")
    register(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return parser
