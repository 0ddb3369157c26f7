"""Runbooks under AWS faults: every botocore failure becomes a FAIL of the step it happened in (named by
API, region and code) or, for credentials, a stop with exit 2; never a traceback.

Two levels. `call` is fed each botocore exception class directly. Then whole runbooks run on real
boto3 clients (`Boto3Clients` with an injected session) whose requests never leave the process: a
`before-send` hook answers them the way a throttling, timing-out or garbled endpoint would, so
botocore's own retry handler and response parsers do the work. Its back-off waits are recorded, not
slept. Faults from a real HTTP endpoint (a moto server) are in test_against_moto_server.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ReadTimeoutError,
    SSOTokenLoadError,
    TokenRetrievalError,
)
from botocore.parsers import ResponseParserError
from botocore.stub import Stubber

from bulkhead.runbooks.aws import AwsCallError, Boto3Clients, CredentialsProblem, call, one_line
from bulkhead.runbooks.dr_failover import dr_failover
from bulkhead.runbooks.dr_status import dr_status
from bulkhead.runbooks.outputs import parse_outputs
from bulkhead.runbooks.steps import FailoverOptions
from tests.runbooks import responses
from tests.runbooks.responses import DESCRIBE_CLUSTER, GID
from tests.runbooks.support import EAST, WEST

THROTTLED = (
    b'<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type>'
    b"<Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
    b"<RequestId>7d0c5a3e-1b2f-4c8e-9a6d-2f3e4a5b6c7d</RequestId></ErrorResponse>"
)
PROXY_PAGE = b"<html><body><h1>502 Bad Gateway</h1>" + b"<p>upstream</p>" * 400 + b"</body></html>"


class _Raw:
    def __init__(self, body: bytes):
        self._body = body

    def stream(self, **_: Any):
        yield self._body


def answer(status: int, body: bytes) -> Callable[..., AWSResponse]:
    def send(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, status, {"content-type": "text/xml"}, _Raw(body))

    return send


def raise_(error: Exception) -> Callable[..., None]:
    def send(**_: Any) -> None:
        raise error

    return send


@pytest.fixture
def session() -> boto3.Session:
    return boto3.Session()


def sends(session: boto3.Session, event: str, handler: Callable[..., Any]) -> list[str]:
    """Answer every request matching `before-send.<event>` with `handler`; return the list of requests sent."""
    sent: list[str] = []

    def record(request: Any, **kwargs: Any) -> Any:
        sent.append(request.url)
        return handler(request=request, **kwargs)

    session.events.register(f"before-send.{event}", record)
    return sent


# -- every botocore failure class has a name --------------------------------------------------------


def client_raising(error: Exception) -> Any:
    client = boto3.client("rds", region_name=EAST)
    client.meta.events.register("before-call.rds.DescribeDBClusters", raise_(error))
    return client


def client_error(code: str, status: int, message: str = "msg") -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "DescribeDBClusters",
    )


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (EndpointConnectionError(endpoint_url="https://rds.us-east-1.amazonaws.com/"), "EndpointConnectionError"),
        (ReadTimeoutError(endpoint_url="https://rds.us-east-1.amazonaws.com/"), "ReadTimeoutError"),
        (ConnectTimeoutError(endpoint_url="https://rds.us-east-1.amazonaws.com/"), "ConnectTimeoutError"),
        (ResponseParserError("Unable to parse response, invalid XML received"), "ResponseParserError"),
        (client_error("InternalFailure", 500), "InternalFailure"),
        (client_error("Throttling", 400), "Throttling"),
        (client_error("AccessDenied", 403), "AccessDenied"),
    ],
)
def test_every_failure_is_named_by_api_region_and_code(error: Exception, code: str) -> None:
    with pytest.raises(AwsCallError) as excinfo:
        call(client_raising(error), "describe_db_clusters", DBClusterIdentifier="prod-app-db")
    assert (excinfo.value.api, excinfo.value.region, excinfo.value.code) == ("DescribeDBClusters", EAST, code)
    assert str(excinfo.value).startswith(f"DescribeDBClusters in us-east-1 failed: {code}: ")


@pytest.mark.parametrize(
    "error",
    [
        NoCredentialsError(),
        PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY"),
        TokenRetrievalError(provider="sso", error_msg="the SSO session has expired"),
        SSOTokenLoadError(error_msg="run aws sso login"),
        client_error("ExpiredToken", 403, "The security token included in the request is expired"),
        client_error("SignatureDoesNotMatch", 403),
    ],
)
def test_credential_failures_are_not_step_failures(error: Exception) -> None:
    with pytest.raises(CredentialsProblem, match=r"^DescribeDBClusters in us-east-1: "):
        call(client_raising(error), "describe_db_clusters", DBClusterIdentifier="prod-app-db")


def test_a_huge_error_body_is_cut_to_one_short_line() -> None:
    with pytest.raises(AwsCallError) as excinfo:
        call(client_raising(client_error("502", 502, PROXY_PAGE.decode())), "describe_db_clusters")
    message = str(excinfo.value)
    assert "\n" not in message and len(message) < 320 and message.endswith("…")
    assert one_line("a\n  b\tc") == "a b c"


# -- real botocore clients, faulty endpoints --------------------------------------------------------


def status_of(session: boto3.Session, prod_outputs: dict[str, Any], clock: Any) -> Any:
    prod_outputs["caches"] = []
    return dr_status(parse_outputs(prod_outputs), Boto3Clients(session=session), clock)


def test_throttling_after_botocores_retries_fails_the_store(session, retry_waits, clock, prod_outputs) -> None:
    sent = sends(session, "rds.DescribeGlobalClusters", answer(400, THROTTLED))
    report = status_of(session, prod_outputs, clock)
    assert report.problems == ["database app: DescribeGlobalClusters in us-west-2 failed: Throttling: Rate exceeded"]
    assert len(sent) == 4 and len(retry_waits) == 3  # four attempts, backed off between them


def test_a_timeout_after_retries_fails_the_store(session, retry_waits, clock, prod_outputs) -> None:
    sent = sends(session, "rds.DescribeGlobalClusters", raise_(ReadTimeoutError(endpoint_url="https://rds")))
    report = status_of(session, prod_outputs, clock)
    assert report.problems == [
        'database app: DescribeGlobalClusters in us-west-2 failed: ReadTimeoutError: Read timeout on endpoint URL: "https://rds"'
    ]
    assert len(sent) == 4


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"not xml at all", "ResponseParserError: unreadable response: Unable to parse response"),
        # An HTML page is well-formed XML without the result element: botocore itself raises a bare KeyError.
        (PROXY_PAGE, "KeyError: unreadable response: 'DescribeGlobalClustersResult'"),
    ],
    ids=["not-xml", "html-page"],
)
def test_an_unparseable_answer_fails_the_store(session, retry_waits, clock, prod_outputs, body, error) -> None:
    sends(session, "rds.DescribeGlobalClusters", answer(200, body))
    (problem,) = status_of(session, prod_outputs, clock).problems
    assert problem.startswith(f"database app: DescribeGlobalClusters in us-west-2 failed: {error}")
    assert len(problem) < 320


def test_an_unreachable_endpoint_fails_every_store_without_a_traceback(session, retry_waits, clock, prod_outputs):
    sends(session, "*", raise_(EndpointConnectionError(endpoint_url="http://127.0.0.1:9")))
    report = dr_status(parse_outputs(prod_outputs), Boto3Clients(session=session), clock)
    assert report.problems == [
        "database app: DescribeGlobalClusters in us-west-2 failed: EndpointConnectionError: "
        'Could not connect to the endpoint URL: "http://127.0.0.1:9"',
        "cache sessions: DescribeGlobalReplicationGroups in us-west-2 failed: EndpointConnectionError: "
        'Could not connect to the endpoint URL: "http://127.0.0.1:9"',
    ]


def stubbed_reads(clients: Boto3Clients, service: str, region: str) -> Stubber:
    stubber = Stubber(clients(service, region))
    stubber.activate()
    return stubber


def test_a_switchover_is_sent_once_and_a_lost_response_is_reconciled(session, retry_waits, clock, prod_outputs):
    """The request times out on the wire; botocore must not resend it, and the describe that follows
    shows AWS took it: the step waits and is done, not failed."""
    clients = Boto3Clients(session=session)
    rds_west = stubbed_reads(clients, "rds", WEST)
    rds_west.add_response("describe_global_clusters", responses.global_cluster(EAST), DESCRIBE_CLUSTER)
    rds_east = stubbed_reads(clients, "rds", EAST)
    rds_east.add_response("describe_db_clusters", responses.db_cluster(EAST), {"DBClusterIdentifier": "prod-app-db"})
    cloudwatch = stubbed_reads(clients, "cloudwatch", WEST)
    cloudwatch.add_response("list_metrics", {"Metrics": []})
    cloudwatch.add_response("list_metrics", {"Metrics": []})
    sent = sends(session, "rds.SwitchoverGlobalCluster", raise_(ReadTimeoutError(endpoint_url="https://rds")))
    rds_west.add_response(
        "describe_global_clusters", responses.global_cluster(EAST, "switching-over", moving_to=WEST), DESCRIBE_CLUSTER
    )
    rds_west.add_response("describe_global_clusters", responses.global_cluster(WEST), DESCRIBE_CLUSTER)
    prod_outputs["caches"] = []
    options = FailoverOptions(target=WEST, writes_stopped="confirmed")
    log: list[str] = []
    report = dr_failover(parse_outputs(prod_outputs), clients, clock, options, log.append)
    assert report.items[1].status == "done", report.problems
    assert len(sent) == 1 and retry_waits == []
    assert f"global cluster {GID}: the request was accepted after all" in "\n".join(log)
    rds_west.assert_no_pending_responses()


def test_an_endpoint_botocore_refuses_fails_each_store_by_name(clock, prod_outputs) -> None:
    """The CLI refuses a malformed --endpoint-url up front (exit 2); past it, a client botocore will not
    build still fails the store that needed it, by name."""
    report = dr_status(parse_outputs(prod_outputs), Boto3Clients(endpoint_url="http://"), clock)
    assert report.problems == [
        "database app: rds client in us-west-2 failed: ValueError: Invalid endpoint: http://",
        "cache sessions: elasticache client in us-west-2 failed: ValueError: Invalid endpoint: http://",
    ]
