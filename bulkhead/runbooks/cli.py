"""Command-line entry of the runbooks: `bulkhead dr status|failover` and `bulkhead backup verify`.

Exit status: 0 all good, 1 the runbook found a problem (unhealthy store, failed step, backup gap),
2 the runbook could not run (bad outputs file, bad option, AWS credentials/profile problem).
"""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any

from botocore.exceptions import BotoCoreError

from bulkhead.arguments import SafeArgumentParser, minutes
from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.runbooks.aws import Boto3Clients, ClientFactory, Clock, SystemClock
from bulkhead.runbooks.backup_verify import backup_verify
from bulkhead.runbooks.dr_failover import UsageError, dr_failover
from bulkhead.runbooks.dr_status import dr_status
from bulkhead.runbooks.outputs import OutputsError, load_outputs
from bulkhead.runbooks.report import render


def _add_common(parser: argparse.ArgumentParser, runbook: str) -> None:
    parser.add_argument(
        "--outputs",
        required=True,
        metavar="FILE",
        help="JSON of `pulumi stack output --json` for the stack; `-` reads stdin",
    )
    parser.add_argument(
        "--endpoint-url",
        metavar="URL",
        help="send every AWS call to this endpoint (a local emulator such as moto server)",
    )
    parser.add_argument("--profile", help="AWS profile to use. Default: - the standard credential chain")
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
    failover.add_argument("--dry-run", action="store_true", help="print the plan of steps; call no mutating API")
    failover.add_argument(
        "--wait-minutes",
        type=minutes(0, 24 * 60),
        metavar="MINUTES",
        help="how long to wait for each step to converge. Default: - the environment's RTO",
    )

    backup = subparsers.add_parser("backup", help="backup runbooks (boto3, live AWS)")
    backup_commands = backup.add_subparsers(dest="backup_command", required=True, metavar="{verify}")
    _add_common(
        backup_commands.add_parser(
            "verify", help="a fresh recovery point, a DR copy and vault lock for every protected resource"
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
        if args.runbook == "dr-status":
            report = dr_status(outputs, clients, clock)
        elif args.runbook == "dr-failover":
            report = dr_failover(
                outputs,
                clients,
                clock,
                target=args.target,
                dry_run=args.dry_run,
                log=log,
                wait_minutes=args.wait_minutes,
            )
        else:
            report = backup_verify(outputs, clients, clock)
    except (OutputsError, UsageError) as exc:
        print(f"error: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    except BotoCoreError as exc:  # e.g. an unknown --profile, raised before any API call
        print(f"error: AWS configuration: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    print(render(report, args.as_json), file=stdout)
    return EXIT_OK if report.ok else EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    """A stand-alone parser with only the runbooks (`python -m bulkhead.runbooks`)."""
    parser = SafeArgumentParser(prog="bulkhead")
    register(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return parser
