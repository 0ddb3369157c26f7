"""The generated parts of docs/verify.md: every check, and the IAM actions verify needs.

`python -m bulkhead.verify.catalog --write docs/verify.md` rewrites the sections between the markers
`<!-- generated: NAME -->` and `<!-- end: NAME -->`; a test fails when the file is not current.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from bulkhead.verify.registry import CHECKS


def iam_actions() -> list[str]:
    """Every IAM action any check calls, sorted (the read-only role needs exactly these)."""
    return sorted({action for check in CHECKS for action in check.calls})


def _controls(policy_names: Sequence[str]) -> str:
    from policies.registry import by_name  # the pack, for the public control IDs of each policy

    rules = by_name()
    return "<br>".join(f"`{name}` ({', '.join(rules[name].controls)})" for name in policy_names)


def checks_table() -> str:
    lines = ["| check | what PASS proves | AWS calls | pack policies (controls) |", "|---|---|---|---|"]
    for check in CHECKS:
        calls = "<br>".join(f"`{call}`" for call in check.calls)
        lines.append(f"| `{check.id}` | {check.title} | {calls} | {_controls(check.policies)} |")
    return "\n".join(lines)


def iam_policy() -> str:
    """A read-only identity policy with exactly verify's actions (describe/list calls take no narrower resource
    in most of these services, so the statement names `*`; scope it with account or tag conditions)."""
    statement = {"Sid": "BulkheadVerifyReadOnly", "Effect": "Allow", "Action": iam_actions(), "Resource": "*"}
    return "```json\n" + json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2) + "\n```"


SECTIONS = {"checks": checks_table, "iam-policy": iam_policy}


def updated(text: str) -> str:
    """`text` with every generated section rewritten from the registry."""
    for name, render in SECTIONS.items():
        pattern = re.compile(rf"(<!-- generated: {name} -->\n).*?(\n<!-- end: {name} -->)", re.DOTALL)
        match = pattern.search(text)
        if match is None:
            raise ValueError(f"missing the markers of section {name!r}")
        text = text[: match.end(1)] + render() + text[match.start(2) :]
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bulkhead.verify.catalog", description=__doc__)
    parser.add_argument("--write", metavar="FILE", required=True, help="the Markdown file to update in place")
    args = parser.parse_args(argv)
    path = Path(args.write)
    path.write_text(updated(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
