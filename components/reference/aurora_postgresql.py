"""Aurora PostgreSQL instance classes and engine versions.

Sources, read 2026-11-29 (stored copies of the AWS documentation):
- instance classes: "Supported DB engines for DB instance classes" of the Aurora user guide
  (Aurora PostgreSQL column), plus Serverless v2 (`db.serverless`).
- engine versions: "Getting a list of available versions in your AWS Region" (the upgrade-target
  table: 16.1 to 16.10, 17.4 to 17.6), "Extension versions for Amazon Aurora PostgreSQL" (17.7) and
  the Aurora PostgreSQL release notes (majors 14 and 15). Aurora skips some community minors (there
  is no Aurora 16.5 or 16.7). The newest minors these pages show are 17.7, 16.10, 15.14 and 14.19:
  a newer one AWS released since is refused until it is added here (check with
  `aws rds describe-db-engine-versions --engine aurora-postgresql`). Minors AWS has since deprecated
  for new clusters are not tracked.
"""

from __future__ import annotations

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
INSTANCE_CLASSES: frozenset[str] = frozenset(
    {f"{family}.{size}" for family, sizes in INSTANCE_SIZES.items() for size in sizes} | {SERVERLESS_CLASS}
)
BURSTABLE_PREFIXES = ("db.t3.", "db.t4g.")


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
