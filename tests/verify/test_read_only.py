"""verify is read-only, and its IAM actions are exactly what its code calls (so docs/verify.md cannot drift).

Two proofs. Dynamic: every check runs against the shipped prod and dev environments in moto, and every
AWS operation any client makes is recorded; each check calls exactly the IAM actions it declares, and
every one of them is a Describe, Get, List or BatchGet (a read of several at once). Static: in the
verify package every operation named to
the runbooks' `call`/`paginate` is a describe_/get_/list_/batch_get_ method, and no client is asked for with
`mutating=True` (the runbooks' single-attempt client for writes).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bulkhead.runbooks.outputs import parse_outputs
from bulkhead.verify.catalog import iam_actions
from bulkhead.verify.outputs import VerifyOutputs
from bulkhead.verify.registry import CHECKS
from bulkhead.verify.runner import verify
from tests.aws_fixtures import reset_moto, seal
from tests.runbooks.support import FakeClock
from tests.support import shipped_plan
from tests.verify.environment import Environment, deploy

PACKAGE = Path(__file__).resolve().parents[2] / "bulkhead" / "verify"
READ_ONLY_OPERATION = re.compile(r"^(Describe|Get|List|BatchGet)[A-Z]")
# IAM's service prefix where it differs from botocore's service name.
IAM_PREFIX = {"elbv2": "elasticloadbalancing"}
# IAM's action where its name differs from the API operation's (S3's bucket configuration reads).
IAM_ACTION = {
    ("s3", "GetObjectLockConfiguration"): "s3:GetBucketObjectLockConfiguration",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
}


def iam_action(service: str, operation: str) -> str:
    return IAM_ACTION.get((service, operation), f"{IAM_PREFIX.get(service, service)}:{operation}")


def _recorded_actions(stack: str, endpoint: str) -> dict[str, set[str]]:
    """Check id -> the IAM actions its calls needed, each check run alone on the stack's environment."""
    clock = FakeClock(datetime.now(UTC))
    deployed = deploy(Environment.from_plan(shipped_plan(stack)), clock)
    outputs = parse_outputs(deployed.outputs, stack, VerifyOutputs)
    clients = deployed.clients(endpoint)
    actions: dict[str, set[str]] = {}
    for check in CHECKS:
        start = len(deployed.answers.calls)
        verify(outputs, clients, clock, [check])
        actions[check.id] = {iam_action(service, operation) for service, operation, _ in deployed.answers.calls[start:]}
    return actions


@pytest.fixture(scope="module")
def recorded(moto_server: str) -> Iterator[dict[str, set[str]]]:
    """Union over prod (every DR check has targets) and dev (the paths without a DR region)."""
    union: dict[str, set[str]] = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        seal(monkeypatch)  # the function-scoped sandbox is not in place yet for a module fixture
        for stack in ("prod", "dev"):
            reset_moto()
            for check, actions in _recorded_actions(stack, moto_server).items():
                union.setdefault(check, set()).update(actions)
        reset_moto()
    yield union


def test_each_check_calls_exactly_the_actions_it_declares(recorded) -> None:
    assert {check.id: set(check.calls) for check in CHECKS} == recorded


def test_every_call_is_a_describe_get_or_list(recorded) -> None:
    operations = {action.split(":", 1)[1] for actions in recorded.values() for action in actions}
    assert operations, "nothing was recorded"
    assert [op for op in sorted(operations) if not READ_ONLY_OPERATION.match(op)] == []


def test_the_declared_actions_are_read_only() -> None:
    assert [a for a in iam_actions() if not READ_ONLY_OPERATION.match(a.split(":", 1)[1])] == []


def _named_operations(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, method) of each `call(client, "method", ...)` / `paginate(client, "method", ...)`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("call", "paginate"):
            method = node.args[1] if len(node.args) > 1 else None
            assert isinstance(method, ast.Constant), f"line {node.lineno}: the operation must be a literal"
            found.append((node.lineno, method.value))
    return found


def test_the_code_names_only_read_operations_and_never_a_mutating_client() -> None:
    operations, mutating = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        operations += [(path.name, line, method) for line, method in _named_operations(tree)]
        mutating += [
            (path.name, node.lineno)
            for node in ast.walk(tree)
            if isinstance(node, ast.keyword) and node.arg == "mutating"
        ]
    assert operations, "no AWS call found: the scan is looking in the wrong place"
    assert [op for op in operations if not re.match(r"^(describe|get|list|batch_get)_", op[2])] == []
    assert mutating == []
