"""What Aurora PostgreSQL accepts, as the database component and the settings check it.

Sources, read 2026-11-29 (stored copies of the AWS documentation):
- instance classes: "Supported DB engines for DB instance classes" of the Aurora user guide
  (Aurora PostgreSQL column), plus Serverless v2 (`db.serverless`); "Aurora global databases:
  limitations" (memory-optimized classes or Serverless v2 only).
- engine versions: "Getting a list of available versions in your AWS Region" (the upgrade-target
  table: 16.1 to 16.10, 17.4 to 17.6), "Extension versions for Amazon Aurora PostgreSQL" (17.7) and
  the Aurora PostgreSQL release notes (majors 14 and 15). Aurora skips some community minors (there
  is no Aurora 16.5 or 16.7). The newest minors these pages show are 17.7, 16.10, 15.14 and 14.19:
  a newer one AWS released since is refused until it is added here (check with
  `aws rds describe-db-engine-versions --engine aurora-postgresql`). Minors AWS has since deprecated
  for new clusters are not tracked.
- RDS API CreateDBCluster / CreateDBInstance: identifiers, monitoring intervals, Performance Insights
  retention.

Problem messages say what is allowed and never quote the value: the caller adds it (settings through
their own previewing formatter, the component with `(got ...)`).
"""

from __future__ import annotations

import re

ENGINE = "aurora-postgresql"
SERVERLESS_CLASS = "db.serverless"
ENGINE_VERSIONS: dict[int, tuple[str, ...]] = {
    14: (
        "14.3", "14.4", "14.5", "14.6", "14.7", "14.8", "14.9", "14.10", "14.11", "14.12", "14.13",
        "14.15", "14.17", "14.18", "14.19",
    ),
    15: ("15.2", "15.3", "15.4", "15.5", "15.6", "15.7", "15.8", "15.10", "15.12", "15.13", "15.14"),
    16: ("16.1", "16.2", "16.3", "16.4", "16.6", "16.8", "16.9", "16.10"),
    17: ("17.4", "17.5", "17.6", "17.7"),
}  # fmt: skip
SUPPORTED_MAJOR_VERSIONS = tuple(ENGINE_VERSIONS)
_LARGE_TO_16XLARGE = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
INSTANCE_SIZES: dict[str, tuple[str, ...]] = {
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
    {f"{family}.{size}" for family, sizes in INSTANCE_SIZES.items() for size in sizes} | {SERVERLESS_CLASS}
)
BURSTABLE_PREFIXES = ("db.t3.", "db.t4g.")
MONITORING_INTERVALS = (1, 5, 10, 15, 30, 60)
# Performance Insights keeps 7 days free, or a whole number of months (31-day steps) up to 2 years.
PERFORMANCE_INSIGHTS_RETENTION_DAYS = (7, *(31 * months for months in range(1, 24)), 731)
MAX_READERS = 15
RESERVED_USERNAMES = frozenset({"postgres", "admin", "root", "master", "administrator", "rdsadmin", "rdsrepladmin"})
# Leaves room for the suffixes of derived identifiers (`-global`, `-dr`, `-dr-15`) within RDS's 63.
IDENTIFIER_PATTERN = re.compile(r"^[a-z](-?[a-z0-9])*\Z")
MAX_IDENTIFIER_LENGTH = 50
DB_NAME_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}\Z")
CURRENT_CA = "rds-ca-rsa2048-g1"


def parameter_group_family(engine_version: str) -> str:
    """`aurora-postgresql16` for engine version 16.x."""
    return f"{ENGINE}{engine_version.split('.')[0]}"


def engine_version_problem(value: str) -> str | None:
    """Why `value` is not an Aurora PostgreSQL engine version, or None."""
    major, _, _ = value.partition(".")
    versions = ENGINE_VERSIONS.get(int(major)) if major.isascii() and major.isdigit() and len(major) < 4 else None
    if versions is None:
        return f"must be an Aurora PostgreSQL version <major>.<minor> with major in {list(ENGINE_VERSIONS)}"
    if value not in versions:
        return f"is not an Aurora PostgreSQL {major} version; known: {', '.join(versions)}"
    return None


def instance_class_problem(value: str) -> str | None:
    """Why `value` is not an Aurora PostgreSQL instance class, or None."""
    if value in INSTANCE_CLASSES:
        return None
    return (
        f"must be an Aurora PostgreSQL instance class: {SERVERLESS_CLASS}, db.t4g.medium, db.r6g.large, "
        f"db.r7g.large, ... (families {', '.join(INSTANCE_SIZES)})"
    )


def global_class_problem(value: str) -> str | None:
    """Why `value` cannot run in an Aurora global database, or None.

    AWS: a global database requires memory-optimized instance classes (db.r*, db.x2g) or Serverless v2.
    """
    if value.startswith(BURSTABLE_PREFIXES):
        return "an Aurora global database needs a memory-optimized class such as db.r7g.large"
    return None
