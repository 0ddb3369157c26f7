"""Fixtures for the runbook tests (see support.py for what moto covers and what is stubbed)."""

from __future__ import annotations

import copy
import types
from collections.abc import Iterator
from typing import Any

import botocore.endpoint
import pytest

from tests.runbooks.support import ACCOUNT, PROD_OUTPUTS, FakeClock, TestClients


@pytest.fixture(autouse=True)
def aws_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and no user config, so nothing can reach a real account."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "MOTO_ACCOUNT_ID": ACCOUNT,  # moto's ARNs then match the outputs' account
        "AWS_EC2_METADATA_DISABLED": "true",  # a credential lookup never reaches for an instance role
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def prod_outputs() -> dict[str, Any]:
    return copy.deepcopy(PROD_OUTPUTS)


@pytest.fixture
def stubbed() -> Iterator[TestClients]:
    """Clients for tests where every AWS API is stubbed (any unstubbed client is a test failure)."""
    clients = TestClients(allow_moto=False)
    yield clients
    clients.assert_all_consumed()


@pytest.fixture
def mixed() -> Iterator[TestClients]:
    """Clients for tests under `mock_aws`: moto by default, Stubber for the APIs moto lacks."""
    clients = TestClients(allow_moto=True)
    yield clients
    clients.assert_all_consumed()


@pytest.fixture
def retry_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's retry back-off between attempts, recorded instead of slept (only its endpoint module,
    which does the sleeping, sees the stand-in)."""
    waits: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=waits.append))
    return waits
