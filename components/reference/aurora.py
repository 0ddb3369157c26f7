"""What Aurora PostgreSQL accepts, as the database component and the settings check it.

Sources (read 2026-11): Aurora User Guide "Supported DB engines for DB instance classes", "Aurora global
databases: limitations" (memory-optimized classes or Serverless v2 only), RDS API CreateDBCluster /
CreateDBInstance (identifiers, monitoring intervals, Performance Insights retention).
"""

from __future__ import annotations

import re

ENGINE = "aurora-postgresql"
SUPPORTED_MAJOR_VERSIONS = (14, 15, 16, 17)
ENGINE_VERSION_PATTERN = re.compile(r"^(\d+)\.(\d+)$")
SERVERLESS_CLASS = "db.serverless"
_LARGE_TO_16XLARGE = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
_SIZES = {
    "db.t3": ("medium", "large"),
    "db.t4g": ("medium", "large"),
    "db.r5": (*_LARGE_TO_16XLARGE, "24xlarge"),
    "db.r6g": _LARGE_TO_16XLARGE,
    "db.r6i": (*_LARGE_TO_16XLARGE, "24xlarge", "32xlarge"),
    "db.r7g": _LARGE_TO_16XLARGE,
    "db.r7i": (*_LARGE_TO_16XLARGE, "24xlarge", "48xlarge"),
    "db.r8g": (*_LARGE_TO_16XLARGE, "24xlarge", "48xlarge"),
    "db.x2g": _LARGE_TO_16XLARGE,
}
# Instance classes Aurora PostgreSQL offers (provisioned, plus Serverless v2).
INSTANCE_CLASSES: frozenset[str] = frozenset(
    {f"{family}.{size}" for family, sizes in _SIZES.items() for size in sizes} | {SERVERLESS_CLASS}
)
BURSTABLE_PREFIXES = ("db.t3.", "db.t4g.")
MONITORING_INTERVALS = (1, 5, 10, 15, 30, 60)
# Performance Insights keeps 7 days free, or a whole number of months (31-day steps) up to 2 years.
PERFORMANCE_INSIGHTS_RETENTION_DAYS = (7, *(31 * months for months in range(1, 24)), 731)
MAX_READERS = 15
RESERVED_USERNAMES = frozenset({"postgres", "admin", "root", "master", "administrator", "rdsadmin", "rdsrepladmin"})
# Leaves room for the suffixes of derived identifiers (`-global`, `-dr`, `-dr-15`) within RDS's 63.
IDENTIFIER_PATTERN = re.compile(r"^[a-z](-?[a-z0-9])*$")
MAX_IDENTIFIER_LENGTH = 50
DB_NAME_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
CURRENT_CA = "rds-ca-rsa2048-g1"


def parameter_group_family(engine_version: str) -> str:
    """`aurora-postgresql16` for engine version 16.x."""
    return f"{ENGINE}{engine_version.split('.')[0]}"


def engine_version_problem(value: str) -> str | None:
    """Why `value` is not a supported Aurora PostgreSQL version, or None."""
    match = ENGINE_VERSION_PATTERN.match(value)
    if not match or int(match.group(1)) not in SUPPORTED_MAJOR_VERSIONS:
        return (
            f"must be an Aurora PostgreSQL version <major>.<minor> with major in "
            f"{list(SUPPORTED_MAJOR_VERSIONS)} (got {value!r})"
        )
    return None


def instance_class_problem(value: str) -> str | None:
    """Why `value` is not an Aurora PostgreSQL instance class, or None."""
    if value not in INSTANCE_CLASSES:
        return (
            f"{value!r} is not an Aurora PostgreSQL instance class; allowed: {SERVERLESS_CLASS}, "
            f"db.t4g.medium, db.r6g.large, db.r7g.large, ... (families {sorted(_SIZES)})"
        )
    return None


def global_class_problem(value: str) -> str | None:
    """Why `value` cannot run in an Aurora global database, or None.

    AWS: a global database requires memory-optimized instance classes (db.r*, db.x2g) or Serverless v2.
    """
    if value.startswith(BURSTABLE_PREFIXES):
        return f"an Aurora global database needs a memory-optimized class such as db.r7g.large (got {value!r})"
    return None
