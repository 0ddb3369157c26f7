"""Error capture around boto3 calls: the API name, the code, and whether the failure means "down"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from bulkhead.runbooks.aws import AwsCallError, call, wait_until
from tests.runbooks.support import FakeClock


def client_raising(error: Exception) -> SimpleNamespace:
    def describe_db_clusters(**_: object) -> dict:
        raise error

    meta = SimpleNamespace(
        method_to_api_mapping={"describe_db_clusters": "DescribeDBClusters"}, region_name="us-east-1"
    )
    return SimpleNamespace(meta=meta, describe_db_clusters=describe_db_clusters)


def client_error(code: str, status: int) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": "msg"}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "DescribeDBClusters",
    )


@pytest.mark.parametrize(
    ("error", "code", "unreachable"),
    [
        (
            EndpointConnectionError(endpoint_url="https://rds.us-east-1.amazonaws.com/"),
            "EndpointConnectionError",
            True,
        ),
        (client_error("InternalFailure", 500), "InternalFailure", True),
        (client_error("ServiceUnavailable", 503), "ServiceUnavailable", True),
        (client_error("AccessDenied", 403), "AccessDenied", False),
        (client_error("Throttling", 400), "Throttling", False),
        (NoCredentialsError(), "NoCredentialsError", False),
    ],
)
def test_errors_name_the_api_and_say_whether_the_endpoint_is_down(error, code, unreachable) -> None:
    with pytest.raises(AwsCallError) as excinfo:
        call(client_raising(error), "describe_db_clusters", DBClusterIdentifier="prod-app-db")
    assert (excinfo.value.api, excinfo.value.code, excinfo.value.unreachable) == (
        "DescribeDBClusters",
        code,
        unreachable,
    )
    assert str(excinfo.value).startswith(f"DescribeDBClusters in us-east-1 failed: {code}: ")


def test_wait_until_polls_on_the_injected_clock_and_returns_the_last_complaint() -> None:
    clock = FakeClock()
    answers = iter(["writer in us-east-1", "writer in us-east-1", None])
    assert wait_until(clock, lambda: next(answers), timeout_seconds=300, interval_seconds=15) is None
    assert clock.sleeps == [15, 15]
    assert wait_until(clock, lambda: "still switching", timeout_seconds=30, interval_seconds=15) == "still switching"
    assert clock.sleeps == [15, 15, 15, 15]
