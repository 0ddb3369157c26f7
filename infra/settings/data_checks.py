"""Cross-section checks: what services need must exist, readers must fit the AZs, rotation functions must
be reachable and in the stack's region and account, a cluster needs its runner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from components.reference.secrets import LAMBDA_ARN_PATTERN
from infra.settings.base import ViolationCollector
from infra.settings.dr import REPLICATING_STRATEGIES

if TYPE_CHECKING:
    from infra.settings.stack import StackSettings


def check_data_tier(settings: StackSettings, problems: ViolationCollector) -> None:
    """Adds to `problems` (paths from the root) every inconsistency between the data-tier sections."""
    database = settings.database
    if database is not None and database.readers + 1 > settings.network.az_count:
        problems.add(
            ("database", "readers"),
            f"every instance needs its own AZ: at most "
            f"{settings.network.az_count - 1} reader(s) over network.az_count {settings.network.az_count}",
            database.readers,
        )
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
    if (
        database is not None
        and database.master_secret_rotation is not None
        and settings.dr.strategy not in REPLICATING_STRATEGIES
    ):
        problems.add(
            ("database", "master_secret_rotation"),
            f"is only used with dr.strategy {' or '.join(REPLICATING_STRATEGIES)}; otherwise RDS manages and "
            f"rotates the master secret (dr.strategy is {settings.dr.strategy!r})",
            settings.dr.strategy,
        )
    if database is not None and database.master_secret_rotation is not None and not settings.network.vpc_endpoints:
        problems.add(
            ("network", "vpc_endpoints"),
            "must be true when database.master_secret_rotation is set: the rotation function runs in the "
            "isolated subnets and reaches Secrets Manager only through its VPC endpoint",
            settings.network.vpc_endpoints,
        )
    _check_rotation_functions(settings, problems)
    if settings.cluster is not None and settings.runner is None:
        problems.add(
            "runner",
            "is required with a `cluster:` section: the cluster endpoint is private, so the in-VPC runner "
            "applies the Kubernetes layer (docs/layers.md)",
            None,
        )
    known = settings.secrets.names
    for index, service in enumerate(settings.services):
        needs = service.needs
        for name in needs.secrets:
            if name not in known:
                problems.add(
                    ("services", index, "needs", "secrets"),
                    f"names an unknown secret {name!r}; secrets.app_secrets has {known}",
                    name,
                )
        if needs.database_user is not None and database is None:
            problems.add(
                ("services", index, "needs", "database_user"),
                "needs a `database:` section",
                needs.database_user,
            )
        if needs.database_user is not None and database is not None and needs.database_user == database.master_username:
            problems.add(
                ("services", index, "needs", "database_user"),
                "must not be the master user",
                needs.database_user,
            )
        if needs.cache and settings.cache is None:
            problems.add(("services", index, "needs", "cache"), "needs a `cache:` section", needs.cache)


def _check_rotation_functions(settings: StackSettings, problems: ViolationCollector) -> None:
    """An application's rotation function must be in the secret's region and account: Secrets Manager
    invokes it there, and the secret is this stack's."""
    for index, secret in enumerate(settings.secrets.app_secrets):
        if secret.rotation is None:
            continue
        match = LAMBDA_ARN_PATTERN.match(secret.rotation.lambda_arn)
        if match is None:
            continue  # the field's own pattern already reports it
        # Paths under `secrets` are never echoed (infra/settings/errors.py): the message carries the ARN.
        path = ("secrets", "app_secrets", index, "rotation", "lambda_arn")
        arn = secret.rotation.lambda_arn
        if match["region"] != settings.region:
            problems.add(path, f"must be a function in the stack's region {settings.region} (got {arn})", arn)
        if match["account"] != settings.account_id:
            problems.add(path, f"must be a function in the stack's account {settings.account_id} (got {arn})", arn)
