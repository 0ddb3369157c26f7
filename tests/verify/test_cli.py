"""`bulkhead verify` on the command line: exit statuses, bad input, credentials, report formats.

No AWS here: the checks run against botocore Stubber-backed clients (tests/runbooks/support.py), or
not at all when verify must stop before its first call.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bulkhead import cli
from bulkhead.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from bulkhead.runbooks.aws import Boto3Clients
from bulkhead.verify.cli import run
from tests.runbooks.support import FakeClock, TestClients
from tests.support import shipped_plan


def write_outputs(tmp_path: Path, outputs: dict[str, Any]) -> str:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(outputs), encoding="utf-8")
    return str(path)


@pytest.fixture
def outputs_file(tmp_path: Path) -> str:
    return write_outputs(tmp_path, shipped_plan("prod").outputs)


def run_with(argv: list[str], clients: Any, capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    args = cli.build_parser().parse_args(["verify", *argv])
    code = run(args, clients=clients, clock=FakeClock())
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def prod_keys() -> dict[str, Any]:
    return shipped_plan("prod").outputs["keys"]


def stub_key(clients: TestClients, key_arn: str, rotation: bool) -> None:
    stubber = clients.stub("kms", "us-east-1")
    metadata = {"KeyId": key_arn.rsplit("/", 1)[-1], "Arn": key_arn, "KeyState": "Enabled", "KeyManager": "CUSTOMER"}
    stubber.add_response("describe_key", {"KeyMetadata": metadata}, {"KeyId": key_arn})
    stubber.add_response("get_key_rotation_status", {"KeyRotationEnabled": rotation}, {"KeyId": key_arn})


def stub_keys(rotation_off: frozenset[str] = frozenset()) -> TestClients:
    """Clients answering keys.rotation for every key of the prod outputs (in the report's order)."""
    clients = TestClients(allow_moto=False)
    for purpose, key in sorted(prod_keys().items()):
        stub_key(clients, key["arn"], rotation=purpose not in rotation_off)
    return clients


def test_exit_status_follows_the_checks(outputs_file, capsys) -> None:
    for rotation_off, expected in ((frozenset(), EXIT_OK), (frozenset({"data"}), EXIT_FAILED)):
        clients = stub_keys(rotation_off)
        code, out, _ = run_with(["--outputs", outputs_file, "--only", "keys.rotation"], clients, capsys)
        assert code == expected
        clients.assert_all_consumed()


def test_every_format_reports_the_same_line(outputs_file, capsys) -> None:
    reports = {}
    for form in ("text", "json", "markdown"):
        argv = ["--outputs", outputs_file, "--only", "keys.rotation", "--format", form]
        reports[form] = run_with(argv, stub_keys(frozenset({"data"})), capsys)[1]
    problem = f"automatic rotation is off for {prod_keys()['data']['arn']}"
    assert f"FAIL  keys.rotation  data key: {problem}" in reports["text"].splitlines()
    (item,) = [i for i in json.loads(reports["json"])["items"] if i["status"] != "PASS"]
    assert item == {"check": "keys.rotation", "target": "data key", "status": "FAIL", "detail": problem}
    assert f"| FAIL | `keys.rotation` | data key | {problem} |" in reports["markdown"].splitlines()
    assert reports["markdown"].startswith("### bulkhead verify · prod: 1 check line(s) FAIL")


def test_bad_outputs_exit_2_listing_every_problem(tmp_path, capsys) -> None:
    outputs = dict(shipped_plan("prod").outputs)
    del outputs["declared"]
    outputs["rpo_minutes"] = "1"
    code, out, err = run_with(["--outputs", write_outputs(tmp_path, outputs)], TestClients(allow_moto=False), capsys)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.splitlines() == [
        f"error: {tmp_path / 'outputs.json'}: rpo_minutes: Input should be a valid integer (got '1')",
        f"{tmp_path / 'outputs.json'}: declared: missing required key",
    ]


def test_an_unknown_check_exits_2_naming_the_known_ones(outputs_file, capsys) -> None:
    code, out, err = run_with(["--outputs", outputs_file, "--only", "databse"], TestClients(allow_moto=False), capsys)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.startswith("error: --only: no check named ['databse']; known: alerts, alerts.encryption")


def test_no_credentials_exit_2_before_any_call(outputs_file, monkeypatch, capsys) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    code, out, err = run_with(["--outputs", outputs_file], Boto3Clients(), capsys)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.startswith("error: AWS credentials: no AWS credentials found")
    assert "nothing was checked" in err


def test_credentials_refused_mid_run_exit_2(outputs_file, capsys) -> None:
    clients = TestClients(allow_moto=False)
    clients.stub("kms", "us-east-1").add_client_error(
        "describe_key", service_error_code="ExpiredTokenException", service_message="The security token expired"
    )
    code, out, err = run_with(["--outputs", outputs_file, "--only", "keys.rotation"], clients, capsys)
    assert code == EXIT_BAD_INPUT and out == ""
    assert "DescribeKey in us-east-1: ExpiredTokenException: The security token expired" in err


def test_an_api_error_fails_that_line_by_name_and_the_run_carries_on(outputs_file, capsys) -> None:
    clients = TestClients(allow_moto=False)
    stubber = clients.stub("kms", "us-east-1")
    for purpose, key in sorted(prod_keys().items()):
        if purpose == "backup":
            stubber.add_client_error("describe_key", service_error_code="AccessDeniedException", service_message="no")
        else:
            stub_key(clients, key["arn"], rotation=True)
    code, out, _ = run_with(["--outputs", outputs_file, "--only", "keys.rotation"], clients, capsys)
    assert code == EXIT_FAILED
    assert "FAIL  keys.rotation  backup key: DescribeKey in us-east-1 failed: AccessDeniedException: no" in out
    assert out.count("PASS  keys.rotation") == len(prod_keys()) - 1  # every other key still checked
