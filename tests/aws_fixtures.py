"""AWS test fixtures shared by the runbook and verify tests: a sealed AWS environment, a local moto
server, and botocore's retry back-off recorded instead of slept.

A conftest imports the fixtures it wants from here (pytest registers what a conftest module holds).
"""

from __future__ import annotations

import functools
import types
from collections.abc import Iterator
from contextlib import contextmanager

import botocore.endpoint
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from moto.moto_api._internal.models import moto_api_backend
from moto.server import ThreadedMotoServer

ACCOUNT = "111122223333"  # the account of the shipped stacks and of the plan's mock outputs


def seal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and no user config, so nothing can reach a real account."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "MOTO_ACCOUNT_ID": ACCOUNT,  # moto's ARNs then match the outputs' account
        "AWS_EC2_METADATA_DISABLED": "true",  # a credential lookup never reaches for an instance role
        # moto loads thousands of public AMIs into each region's EC2 on first use; nothing here launches one.
        "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    # moto makes a new RSA key pair for every KMS key (symmetric ones included) and every certificate ACM
    # issues, and parses each certificate's key back: ~50 ms apiece. Nothing here signs with them, so keys of
    # one size are made, and a key's text parsed, once per test process.
    monkeypatch.setattr(rsa, "generate_private_key", _rsa_key_per_size)
    monkeypatch.setattr(serialization, "load_pem_private_key", _parsed_once)


_rsa_key_per_size = functools.cache(rsa.generate_private_key)
_parsed_once = functools.cache(serialization.load_pem_private_key)


@pytest.fixture(autouse=True)
def aws_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    seal(monkeypatch)


def reset_moto() -> None:
    """Empty moto's backends: they are process-wide, shared by the server's thread and the `mock_aws`
    tests of this worker. Called in-process (what the server's `/moto-api/reset` does), not over HTTP:
    a request to a server thread starved of CPU by a loaded machine could time out."""
    moto_api_backend.reset()


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """URL of a moto server on a free loopback port, one per test process (each test empties it)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()  # returns once the socket is bound: nothing to wait for
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def endpoint(aws_sandbox: None, moto_server: str) -> Iterator[str]:
    """URL of an empty moto server (fake credentials come from `aws_sandbox`)."""
    reset_moto()
    yield moto_server
    reset_moto()


@contextmanager
def setup_calls_to(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Send a test's own boto3 setup calls to the server; unset before the command runs, so only
    `--endpoint-url` can route the command there."""
    with monkeypatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", endpoint)
        yield


@pytest.fixture
def retry_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's retry back-off between attempts, recorded instead of slept (only its endpoint module,
    which does the sleeping, sees the stand-in)."""
    waits: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=waits.append))
    return waits
