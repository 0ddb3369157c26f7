"""boto3 plumbing shared by the runbooks: regional clients, error capture and the injected clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

# Runbooks run during incidents: fail fast on a dead regional endpoint instead of hanging for minutes.
_CLIENT_CONFIG = Config(connect_timeout=10, read_timeout=30, retries={"max_attempts": 4, "mode": "standard"})


class Clock(Protocol):
    """Time source injected into the runbooks so tests control it (no real waiting)."""

    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class ClientFactory(Protocol):
    def __call__(self, service: str, region: str) -> Any: ...


@dataclass
class Boto3Clients:
    """One cached boto3 client per (service, region); every client shares the endpoint URL and profile."""

    profile: str | None = None
    endpoint_url: str | None = None
    _session: boto3.Session | None = field(default=None, init=False, repr=False)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict, init=False, repr=False)

    def __call__(self, service: str, region: str) -> Any:
        key = (service, region)
        if key not in self._clients:
            if self._session is None:
                self._session = boto3.Session(profile_name=self.profile)
            self._clients[key] = self._session.client(
                service, region_name=region, endpoint_url=self.endpoint_url, config=_CLIENT_CONFIG
            )
        return self._clients[key]


class AwsCallError(Exception):
    """A failed AWS API call, named by its API operation and error code (never a traceback)."""

    def __init__(self, api: str, region: str, code: str, message: str, *, unreachable: bool = False):
        super().__init__(f"{api} in {region} failed: {code}: {message}")
        self.api = api
        self.region = region
        self.code = code
        # True when the endpoint did not answer or answered 5xx: evidence of an outage, unlike e.g.
        # AccessDenied, which says nothing about the service's health.
        self.unreachable = unreachable


class StoreNotFound(Exception):
    """A global store named in the outputs does not exist (or is not visible) in the queried region."""


def call(client: Any, method: str, **params: Any) -> dict[str, Any]:
    """Call one boto3 client method, turning botocore errors into `AwsCallError`."""
    api = client.meta.method_to_api_mapping.get(method, method)
    region = client.meta.region_name
    try:
        return getattr(client, method)(**params)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        raise AwsCallError(
            api,
            region,
            error.get("Code", "Unknown"),
            error.get("Message", str(exc)),
            unreachable=status >= 500,
        ) from None
    except BotoCoreError as exc:
        transport = isinstance(exc, HTTPClientError | BotoConnectionError)
        raise AwsCallError(api, region, type(exc).__name__, str(exc), unreachable=transport) from None


def paginate(client: Any, method: str, items_key: str, **params: Any) -> Iterator[dict[str, Any]]:
    """Yield every item of a NextToken-paginated list call (through `call`, so errors stay named)."""
    token: str | None = None
    while True:
        page = call(client, method, **params, **({"NextToken": token} if token else {}))
        yield from page.get(items_key, [])
        token = page.get("NextToken")
        if not token:
            return


def wait_until(
    clock: Clock, check: Callable[[], str | None], timeout_seconds: float, interval_seconds: float
) -> str | None:
    """Poll `check` until it returns None (done); return its last complaint if the timeout passes first."""
    deadline = clock.now().timestamp() + timeout_seconds
    while True:
        complaint = check()
        if complaint is None or clock.now().timestamp() >= deadline:
            return complaint
        clock.sleep(interval_seconds)
