"""Command-line values checked where they are parsed: a bad one is a short argparse error, exit 2.

argparse echoes a rejected value in its message; `SafeArgumentParser` passes that message through the
same redaction as every other message (a secret pasted into the wrong option does not come back).
"""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

from infra.settings.redaction import preview, redact_text

# Pulumi stack names: letters, digits, `-`, `_`, `.`; the stack file is stacks/Pulumi.<stack>.yaml.
STACK_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}\Z")
MINUTES = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6})?\Z")  # ASCII digits only: no "١٢", "1_0", "nan"


class SafeArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        super().error(redact_text(message))


def stack_name_problem(name: str) -> str | None:
    """Why `name` cannot name a stack (and so a file under stacks/), or None."""
    if STACK_NAME.match(name):
        return None
    return "must be a Pulumi stack name: 1-100 letters, digits, '-', '_' or '.' (it names stacks/Pulumi.<stack>.yaml)"


def stack_name(text: str) -> str:
    """argparse type of `--stack`."""
    problem = stack_name_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def minutes(low: float, high: float):
    """argparse type of a number of minutes in (low, high], written with ASCII digits."""

    def parse(text: str) -> float:
        value = float(text) if MINUTES.match(text) else 0.0
        if not low < value <= high:
            raise argparse.ArgumentTypeError(
                f"must be a number of minutes in ({low:g}, {high:g}] (got {preview(text)})"
            )
        return value

    return parse
