"""The `bulkhead` command: offline plan and its diff, policy checks and runbooks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bulkhead import diff_cli, new_cli, plan_cli, policy_cli, runbooks

# Each subcommand module exposes `register(subparsers)`; its parser sets `run(args) -> int`.
SUBCOMMANDS = (plan_cli, diff_cli, new_cli, policy_cli, runbooks)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bulkhead", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
