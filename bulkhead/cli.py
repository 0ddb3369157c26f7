"""The `bulkhead` command: offline plan and its diff, policy checks, runbooks and post-deploy verification."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from bulkhead.arguments import SafeArgumentParser

# Each subcommand module exposes `register(subparsers)`; its parser sets `run(args) -> int`. Modules are
# imported only when needed: `bulkhead plan` never loads the boto3 runbooks, the diff or the scaffolder.
SUBCOMMAND_MODULES = {
    "plan": "bulkhead.plan_cli",
    "diff": "bulkhead.diff_cli",
    "new": "bulkhead.new_cli",
    "policy": "bulkhead.policy_cli",
    "dr": "bulkhead.runbooks",
    "backup": "bulkhead.runbooks",
    "verify": "bulkhead.verify",
    "smoke": "bulkhead.smoke",
}

# Commands that run the Pulumi program once in a short-lived process. The program builds a large object
# graph that stays alive until exit, so the cyclic collector would only re-scan live objects; and the SDK
# resource modules are loaded one by one (bulkhead/plan/lean_imports.py).
PROGRAM_COMMANDS = frozenset({"plan"})


def _modules(names: Sequence[str]) -> list[ModuleType]:
    return [importlib.import_module(name) for name in dict.fromkeys(names)]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or only of `command` when it is a known one."""
    parser = SafeArgumentParser(prog="bulkhead", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = [SUBCOMMAND_MODULES[command]] if command in SUBCOMMAND_MODULES else SUBCOMMAND_MODULES.values()
    for module in _modules(list(wanted)):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command. Called without `argv` it owns the process (the console script, `python -m`)."""
    owns_process = argv is None
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = arguments[0] if arguments else None
    runs_program = owns_process and command in PROGRAM_COMMANDS
    if runs_program:
        gc.disable()
        from bulkhead.plan import lean_imports  # before the SDKs: plan_cli imports them

        lean_imports.install()
    args = build_parser(command).parse_args(arguments)
    status = args.run(args)
    if runs_program:
        # Everything still alive is needed until exit: moving it to the permanent generation spares the
        # interpreter's final collection from traversing it. The process then exits normally (buffers flushed).
        gc.freeze()
    return status


if __name__ == "__main__":
    sys.exit(main())
