"""Shared property helpers: the exact message each produces, and the engine's value shapes they accept."""

import pytest

from policies.support.props import check_cmk, require_cmk, require_int_between
from policies.support.rds import is_global_secondary

KEY = "arn:aws:kms:us-east-1:111122223333:key/0d5c8f2e-1b2c-4d5e-8f90-123456789abc"


def test_check_cmk_names_the_nested_path_and_the_default_fix():
    messages = []
    check_cmk(messages.append, "replicas[0].kmsKeyId", "alias/aws/secretsmanager")
    assert messages == [
        'replicas[0].kmsKeyId is "alias/aws/secretsmanager"; it is not a customer-managed key ARN '
        "(arn:aws:kms:<region>:<account>:key/<id>); use a CMK"
    ]
    check_cmk(messages.append, "replicas[0].kmsKeyId", KEY)
    assert len(messages) == 1


def test_require_cmk_reads_the_path_and_asks_for_a_rotating_key():
    messages = []
    require_cmk({}, messages.append, "kmsKeyId")
    assert messages == [
        "kmsKeyId is <absent>; no key is named, so an AWS-owned or AWS-managed key is used; "
        "pass the ARN of a customer-managed key with rotation"
    ]


@pytest.mark.parametrize(
    ("value", "shown"), [(7.0, None), (35, None), (6, "6"), (36.0, "36"), (True, "true"), (None, "<absent>")]
)
def test_require_int_between_accepts_engine_floats_and_rejects_booleans(value, shown):
    messages = []
    require_int_between({"days": value}, messages.append, "days", 7, 35)
    assert messages == ([f"days is {shown}; set it to an integer >= 7 and <= 35"] if shown else [])


@pytest.mark.parametrize(
    ("props", "secondary"),
    [
        ({"globalClusterIdentifier": "orders", "masterUsername": None}, True),
        ({"globalClusterIdentifier": "orders", "masterUsername": "orders_admin"}, False),
        ({"masterUsername": "orders_admin"}, False),
        ({}, False),
    ],
)
def test_a_global_secondary_joins_a_global_cluster_without_credentials(props, secondary):
    assert is_global_secondary(props) is secondary
