"""Fixtures for the runbook tests (see support.py for what moto covers and what is stubbed)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from tests.aws_fixtures import aws_sandbox, endpoint, moto_server, retry_waits
from tests.runbooks.support import PROD_OUTPUTS, FakeClock, TestClients

__all__ = ["aws_sandbox", "endpoint", "moto_server", "retry_waits"]  # shared fixtures, registered by being here


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
