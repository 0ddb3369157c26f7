"""Outputs files (`pulumi stack output --json`), broken every way, read by the runbooks: the contract
or one located line per problem (exit 2 from the CLI), never a traceback, never a secret echoed back.

Inputs start from the prod outputs of the runbook tests (with a front door in both regions), mutated
by `mutated_json`. The CLI is run
only for inputs the reader refuses, so no input ever reaches an AWS call.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given

from bulkhead.runbooks.outputs import OutputsError, load_outputs
from tests.fuzz.support import fuzz_settings, judge_exit, leaks, mutated_json, run_cli
from tests.runbooks.support import ACCOUNT, EAST, PROD_OUTPUTS, WEST, front_door

COMMANDS = (["dr", "status"], ["dr", "failover", "--to", "us-west-2", "--dry-run"], ["backup", "verify"])


TARGET_GROUPS = {
    region: f"arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:targetgroup/api-tg/0123456789abcdef"
    for region in (EAST, WEST)
}
BASE = {**PROD_OUTPUTS, "front_door": front_door("hc-1", TARGET_GROUPS)}


def outputs_files():
    return mutated_json(BASE, anchor='"rpo_minutes": 1')


def examine(data: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "outputs.json"
        path.write_bytes(data)
        try:
            load_outputs(str(path))
            return []
        except OutputsError as error:
            problems = str(error).splitlines()
        except Exception as error:  # noqa: BLE001 - a traceback is exactly what is being looked for
            return [f"traceback: {type(error).__name__}"]
        findings = [f"leaked {name}" for name in leaks("\n".join(problems))]
        findings += [f"unlocated: {line[:80]!r}" for line in problems if not line.startswith(f"{path}: ")]
        command = COMMANDS[len(data) % len(COMMANDS)]
        code, out, err = run_cli([*command, "--outputs", str(path)])
        return findings + judge_exit(code, out, err, allowed=(2,))


@fuzz_settings(75)
@given(outputs_files())
def test_any_outputs_file_gives_the_contract_or_located_problems_without_leaks(data):
    assert examine(data) == []
