"""boto3 plumbing shared by the runbooks: regional clients, and every botocore failure turned into a named error.

Three kinds of failure leave an AWS call:
- `CredentialsProblem`: the caller could not authenticate (no, partial, expired or invalid credentials,
  an unknown profile). Nothing was learned about any data store, so the runbook stops and the CLI exits 2
  with a message that cannot be mistaken for a DR finding.
- `AwsCallError`: anything else botocore raises, including what it cannot parse (an HTML error page from
  a proxy or an emulator, which its parsers may answer with a bare KeyError), throttling after its
  retries, timeouts and connection failures. A runbook turns it into a FAIL of the step it happened in,
  named by the API, region and code.
- `StoreNotFound`: the call worked but the store named in the outputs is not there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol
from xml.etree.ElementTree import ParseError

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    CredentialRetrievalError,
    NoAuthTokenError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    SSOError,
    TokenRetrievalError,
)
from botocore.parsers import ResponseParserError

# Read calls: fail fast on a dead regional endpoint instead of hanging for minutes; botocore's standard
# retries (with back-off) absorb throttling and transient 5xx.
READ_CONFIG = Config(connect_timeout=10, read_timeout=30, retries={"total_max_attempts": 4, "mode": "standard"})
# Mutating calls go out exactly once: when a response is lost (timeout, 5xx after the request was
# accepted), a retry would ask for a second switchover. The runbook describes the store and reconciles.
MUTATION_CONFIG = READ_CONFIG.merge(Config(retries={"total_max_attempts": 1, "mode": "standard"}))

# Error codes AWS answers when the request's credentials are the problem (not the caller's permissions:
# AccessDenied stays a step failure, since it may be a real gap in the on-call role).
CREDENTIAL_ERROR_CODES = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "InvalidSignatureException",
        "MissingAuthenticationToken",
        "MissingAuthenticationTokenException",
        "RequestExpired",
        "SignatureDoesNotMatch",
        "UnrecognizedClientException",
    }
)
CREDENTIAL_EXCEPTIONS = (
    CredentialRetrievalError,
    NoAuthTokenError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    SSOError,
    TokenRetrievalError,
)
# What botocore's parsers raise on a body they cannot read: ResponseParserError for malformed XML, but
# plain builtins too (an HTML page from a proxy is valid XML without the result element: KeyError).
UNREADABLE_RESPONSE = (ResponseParserError, ParseError, KeyError, IndexError, TypeError, ValueError, AttributeError)
# An error message is one line, and short: a proxy's HTML page must not flood the report.
MAX_MESSAGE_CHARS = 240


def one_line(text: object, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text` on one line, whitespace collapsed, cut to `limit` characters (cut before formatting)."""
    flat = re.sub(r"\s+", " ", str(text)[: limit * 4]).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class AwsCallError(Exception):
    """A failed AWS API call, named by its API operation, region and error code (never a traceback)."""

    def __init__(self, api: str, region: str, code: str, message: str):
        super().__init__(f"{api} in {region} failed: {code}: {one_line(message)}")
        self.api = api
        self.region = region
        self.code = code


class CredentialsProblem(Exception):
    """The caller could not authenticate to AWS: nothing about the data stores was learned."""


class StoreNotFound(Exception):
    """A store named in the outputs does not exist (or is not visible) in the queried region."""


class ClientFactory(Protocol):
    """Regional clients for the runbooks; `mutating=True` gives a client that never retries."""

    def __call__(self, service: str, region: str, *, mutating: bool = False) -> Any: ...

    def check_credentials(self) -> None: ...


@dataclass
class Boto3Clients:
    """One cached boto3 client per (service, region, mutating); every client shares the endpoint and profile.

    `session` is for tests that drive botocore's real retry and parsing machinery (event hooks on it
    reach every client). Default: - a new session for `profile`.
    """

    profile: str | None = None
    endpoint_url: str | None = None
    session: boto3.Session | None = None
    _clients: dict[tuple[str, str, bool], Any] = field(default_factory=dict, init=False, repr=False)

    def _session(self) -> boto3.Session:
        if self.session is None:
            try:
                self.session = boto3.Session(profile_name=self.profile)
            except ProfileNotFound as exc:
                raise CredentialsProblem(str(exc)) from None
        return self.session

    def check_credentials(self) -> None:
        """Resolve credentials locally before any call, so "no credentials" never looks like a DR failure."""
        try:
            credentials = self._session().get_credentials()
        except CREDENTIAL_EXCEPTIONS as exc:
            raise CredentialsProblem(one_line(exc)) from None
        if credentials is None:
            raise CredentialsProblem("no AWS credentials found (environment, --profile, SSO or instance role)")

    def __call__(self, service: str, region: str, *, mutating: bool = False) -> Any:
        key = (service, region, mutating)
        if key not in self._clients:
            try:
                self._clients[key] = self._session().client(
                    service,
                    region_name=region,
                    endpoint_url=self.endpoint_url,
                    config=MUTATION_CONFIG if mutating else READ_CONFIG,
                )
            except (BotoCoreError, ValueError) as exc:  # botocore refuses a malformed endpoint with ValueError
                raise AwsCallError(f"{service} client", region, type(exc).__name__, str(exc)) from None
        return self._clients[key]


@contextmanager
def _translated(api: str, region: str) -> Iterator[None]:
    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or "Unknown")
        message = str(error.get("Message") or exc)
        if code in CREDENTIAL_ERROR_CODES:
            raise CredentialsProblem(f"{api} in {region}: {code}: {one_line(message)}") from None
        raise AwsCallError(api, region, code, message) from None
    except CREDENTIAL_EXCEPTIONS as exc:
        raise CredentialsProblem(f"{api} in {region}: {one_line(exc)}") from None
    except BotoCoreError as exc:
        raise AwsCallError(api, region, type(exc).__name__, str(exc)) from None
    except UNREADABLE_RESPONSE as exc:
        raise AwsCallError(api, region, type(exc).__name__, f"unreadable response: {exc}") from None


def _api_name(client: Any, method: str) -> str:
    return client.meta.method_to_api_mapping.get(method, method)


def call(client: Any, method: str, **params: Any) -> dict[str, Any]:
    """Call one boto3 client method; botocore failures leave as `AwsCallError` or `CredentialsProblem`."""
    with _translated(_api_name(client, method), client.meta.region_name):
        return getattr(client, method)(**params)


def paginate(client: Any, method: str, items_key: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated list call, through botocore's paginator (it knows each API's tokens)."""
    with _translated(_api_name(client, method), client.meta.region_name):
        pages = client.get_paginator(method).paginate(**params)
        return [item for page in pages for item in page.get(items_key, [])]
