"""Cross-section checks of the data tier: what services need must exist, readers must fit the AZs."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
