"""Cross-section checks of the data tier: what services need must exist, readers must fit the AZs."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    needed_secrets_exist,
    needed_database_exists,
    needed_cache_exists,
)
