"""Cross-section checks: what services need must exist, readers must fit the AZs, rotation functions must
be reachable and in the stack's region and account, a cluster needs its runner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.reference.secrets import LAMBDA_ARN_PATTERN
from infra.settings.base import ViolationCollector
from infra.settings.dr import REPLICATING_STRATEGIES

if TYPE_CHECKING:
    from infra.settings.stack import StackSettings


def readers_fit_the_azs(settings: StackSettings, problems: ViolationCollector) -> None:
    database = settings.database
    if database is not None and database.readers + 1 > settings.network.az_count:
        problems.add(
            ("database", "readers"),
            f"every instance needs its own AZ: at most "
            f"{settings.network.az_count - 1} reader(s) over network.az_count {settings.network.az_count}",
            database.readers,
        )


def global_database_has_master_rotation(settings: StackSettings, problems: ViolationCollector) -> None:
    database = settings.database
    if (
        database is not None
        and database.master_secret_rotation is None
        and settings.dr.strategy in REPLICATING_STRATEGIES
    ):
        problems.add(
            ("database", "master_secret_rotation"),
            f"is required when dr.strategy is "
            f"'{settings.dr.strategy}' (a global database cannot use the RDS-managed secret)",
            None,
        )


def master_rotation_needs_a_global_database(settings: StackSettings, problems: ViolationCollector) -> None:
    database = settings.database
    if database is None or database.master_secret_rotation is None:
        return
    if settings.dr.strategy not in REPLICATING_STRATEGIES:
        problems.add(
            ("database", "master_secret_rotation"),
            f"is only used with dr.strategy {' or '.join(REPLICATING_STRATEGIES)}; otherwise RDS manages and "
            f"rotates the master secret (dr.strategy is {settings.dr.strategy!r})",
            database.master_secret_rotation.model_dump(),
        )
    if not settings.network.vpc_endpoints:
        problems.add(
            ("network", "vpc_endpoints"),
            "must be true when database.master_secret_rotation is set: the rotation function runs in the "
            "isolated subnets and reaches Secrets Manager only through its VPC endpoint",
            settings.network.vpc_endpoints,
        )


def rotation_functions_are_the_stacks(settings: StackSettings, problems: ViolationCollector) -> None:
    """An application's rotation function must be in the secret's region and account: Secrets Manager
    invokes it there, and the secret is this stack's."""
    for index, secret in enumerate(settings.secrets.app_secrets):
        match = LAMBDA_ARN_PATTERN.match(secret.rotation.lambda_arn) if secret.rotation is not None else None
        if match is None:
            continue  # no rotation, or the field's own pattern already reports it
        path = ("secrets", "app_secrets", index, "rotation", "lambda_arn")
        if match["region"] != settings.region:
            problems.add(path, f"must be a function in the stack's region {settings.region}", match[0])
        if match["account"] != settings.account_id:
            problems.add(path, f"must be a function in the stack's account {settings.account_id}", match[0])


def cluster_has_a_runner(settings: StackSettings, problems: ViolationCollector) -> None:
    if settings.cluster is not None and settings.runner is None:
        problems.add(
            "runner",
            "is required with a `cluster:` section: the cluster endpoint is private, so the in-VPC runner "
            "applies the Kubernetes layer (docs/layers.md)",
            None,
        )


def needed_secrets_exist(settings: StackSettings, problems: ViolationCollector) -> None:
    known = settings.secrets.names
    for index, service in enumerate(settings.services):
        for name in service.needs.secrets:
            if name not in known:
                problems.add(
                    ("services", index, "needs", "secrets"),
                    f"names an unknown secret; secrets.app_secrets has {known}",
                    name,
                )


def needed_database_exists(settings: StackSettings, problems: ViolationCollector) -> None:
    database = settings.database
    for index, service in enumerate(settings.services):
        user = service.needs.database_user
        if user is not None and database is None:
            problems.add(("services", index, "needs", "database_user"), "needs a `database:` section", user)
        if user is not None and database is not None and user == database.master_username:
            problems.add(("services", index, "needs", "database_user"), "must not be the master user", user)


def needed_cache_exists(settings: StackSettings, problems: ViolationCollector) -> None:
    for index, service in enumerate(settings.services):
        if service.needs.cache and settings.cache is None:
            problems.add(("services", index, "needs", "cache"), "needs a `cache:` section", service.needs.cache)


DATA_TIER_CHECKS = (
    readers_fit_the_azs,
    global_database_has_master_rotation,
    master_rotation_needs_a_global_database,
    rotation_functions_are_the_stacks,
    cluster_has_a_runner,
    needed_secrets_exist,
    needed_database_exists,
    needed_cache_exists,
)
