"""Cross-section checks of the whole stack: partitions and regions agree, networks can peer, names fit."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import TYPE_CHECKING

from components.reference.cache import MAX_USER_ID_LENGTH
from components.reference.regions import partition_of
from infra.settings.base import ViolationCollector

if TYPE_CHECKING:
    from infra.settings.stack import StackSettings

Path = tuple[str | int, ...]


def services_have_a_cluster(settings: StackSettings, problems: ViolationCollector) -> None:
    if settings.services and settings.cluster is None:
        problems.add(
            ("services",), "need a `cluster:` section to run on", [service.name for service in settings.services]
        )


def dr_region_in_the_same_partition(settings: StackSettings, problems: ViolationCollector) -> None:
    dr_region = settings.dr.region
    if dr_region is not None and partition_of(dr_region) != partition_of(settings.region):
        problems.add(
            ("dr", "region"),
            f"must be in the partition of aws:region {settings.region} ({partition_of(settings.region)}); "
            "data cannot be replicated across partitions",
            dr_region,
        )


def arns_in_the_stack_partition(settings: StackSettings, problems: ViolationCollector) -> None:
    partition = partition_of(settings.region)
    for path, arn in _role_arns(settings):
        if arn.split(":")[1] != partition:
            problems.add(path, f"must be in the partition of aws:region {settings.region} (arn:{partition}:...)", arn)
    for path, arn in _rotation_arns(settings):
        if arn.split(":")[1] != partition:
            problems.add(path, f"must be in the partition of aws:region {settings.region} (arn:{partition}:...)", arn)


def dr_network_does_not_overlap(settings: StackSettings, problems: ViolationCollector) -> None:
    """The DR VPC is peered with (or routed to) the primary one: their ranges must not overlap."""
    dr_network = settings.dr.network
    if dr_network is None:
        return
    primary = ipaddress.ip_network(settings.network.cidr_block)
    if primary.overlaps(ipaddress.ip_network(dr_network.cidr_block)):
        problems.add(
            ("dr", "network", "cidr_block"),
            f"must not overlap network.cidr_block {settings.network.cidr_block} (the VPCs must be peerable)",
            dr_network.cidr_block,
        )


def cache_user_ids_fit(settings: StackSettings, problems: ViolationCollector) -> None:
    """Each service with `needs.cache` gets the ElastiCache user `<app>-<environment>-cache-<service>`."""
    for index, service in enumerate(settings.services):
        user_id = f"{settings.prefix}-cache-{service.name}"
        if service.needs.cache and "--" in user_id:
            problems.add(
                ("services", index, "name"), f"makes the cache user {user_id!r}: ElastiCache refuses '--'", service.name
            )
        elif service.needs.cache and len(user_id) > MAX_USER_ID_LENGTH:
            problems.add(
                ("services", index, "name"),
                f"is too long for its cache user {user_id!r} ({len(user_id)} characters, "
                f"ElastiCache allows {MAX_USER_ID_LENGTH}): shorten the service or app name",
                service.name,
            )


def _role_arns(settings: StackSettings) -> Iterator[tuple[Path, str]]:
    for index, arn in enumerate(settings.keys.admin_role_arns):
        yield ("keys", "admin_role_arns", index), arn
    if settings.cluster is not None:
        for index, arn in enumerate(settings.cluster.admin_role_arns):
            yield ("cluster", "admin_role_arns", index), arn


def _rotation_arns(settings: StackSettings) -> Iterator[tuple[Path, str]]:
    for index, secret in enumerate(settings.secrets.app_secrets):
        if secret.rotation is not None:
            yield ("secrets", "app_secrets", index, "rotation", "lambda_arn"), secret.rotation.lambda_arn


STACK_CHECKS = (
    services_have_a_cluster,
    dr_region_in_the_same_partition,
    arns_in_the_stack_partition,
    dr_network_does_not_overlap,
    cache_user_ids_fit,
)
