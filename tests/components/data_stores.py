"""What the database and cache component tests share: key ARNs, the primary and DR placements, and
recording one data store (optionally with its DR secondary) under mocks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_aws as aws

from tests.support import ACCOUNT_ID, DR_REGION, PRIMARY_REGION, Recorded, in_provider, provider, record

DATA_KEY = f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-data"
SECRETS_KEY = f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-secrets"
LOGS_KEY = f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-logs"
DR_DATA_KEY = f"arn:aws:kms:{DR_REGION}:{ACCOUNT_ID}:key/mrk-data"
DR_SECRETS_KEY = f"arn:aws:kms:{DR_REGION}:{ACCOUNT_ID}:key/mrk-secrets"
DR_LOGS_KEY = f"arn:aws:kms:{DR_REGION}:{ACCOUNT_ID}:key/mrk-logs"
SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb", "subnet-0cccccccccccccccc"]
DR_VPC_ID = "vpc-0fedcba9876543210"


def primary_placement() -> dict[str, Any]:
    """Region, network and keys of a data store in the primary region."""
    return dict(
        region=PRIMARY_REGION,
        vpc_id="vpc-0123456789abcdef0",
        subnet_ids=SUBNETS,
        kms_key_arn=DATA_KEY,
        logs_kms_key_arn=LOGS_KEY,
    )


def dr_placement(dr_provider: pulumi.ProviderResource) -> dict[str, Any]:
    """Provider, region, network and key replicas of a DR secondary."""
    return dict(
        provider=dr_provider,
        region=DR_REGION,
        vpc_id=DR_VPC_ID,
        subnet_ids=["subnet-0dddddddddddddddd", "subnet-0eeeeeeeeeeeeeeee"],
        kms_key_arn=DR_DATA_KEY,
        logs_kms_key_arn=DR_LOGS_KEY,
    )


def connect_orders(store: Any, primary: pulumi.ProviderResource, *, standby: bool = False) -> None:
    """A stand-in `orders` role may connect as `orders`; the cluster nodes' security group (with
    `standby`, the DR standby's nodes') may reach the store's port."""
    store.grant_connect(aws.iam.Role("orders-role", assume_role_policy="{}", opts=in_provider(primary)), "orders")
    if standby:
        store.allow_dr_from("sg-0drnodes000000000", label="dr-nodes")
    else:
        store.allow_from("sg-0nodes00000000000", label="cluster-nodes")


def record_data_store(
    component: Callable[..., Any],
    name: str,
    make_args: Callable[..., Any],
    make_replica: Callable[[pulumi.ProviderResource], Any],
    *,
    dr: bool,
    then: Callable[[Any, pulumi.ProviderResource], None] | None,
    overrides: dict[str, Any],
) -> Recorded:
    """Records `component(name, make_args(**overrides))` in the primary region; with `dr`, its
    `global_replica` in the DR region; then `then(store, primary_provider)` (grants, paths)."""

    def build():
        primary = provider()
        args = dict(overrides)
        if dr:
            args["global_replica"] = make_replica(provider(DR_REGION, "test-aws-dr"))
        store = component(name, make_args(**args), opts=in_provider(primary))
        if then is not None:
            then(store, primary)

    return record(build)
