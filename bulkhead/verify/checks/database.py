"""Aurora PostgreSQL: each cluster of each database (the primary and, with a global database, the DR
secondary) encrypted with the data key, TLS-only, IAM authentication, deletion protection, backups
and logs as the stack declared them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bulkhead.arns import region_of
from bulkhead.verify import reads
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, passed, verdict_of
from bulkhead.verify.outputs import DATA_KEY, VerifyOutputs

# TLS protocol versions at or above the floor the blueprint's parameter group sets (TLSv1.2).
ACCEPTED_MIN_TLS = frozenset({"TLSv1.2", "TLSv1.3"})
REQUIRED_LOG_EXPORTS = frozenset({"postgresql"})


@dataclass(frozen=True)
class AuroraCluster:
    arn: str
    key_arn: str  # the data key in the cluster's region

    @property
    def label(self) -> str:
        return f"{self.arn.rsplit(':', 1)[-1]} ({region_of(self.arn)})"


@dataclass(frozen=True)
class Database:
    name: str
    clusters: tuple[AuroraCluster, ...]
    global_cluster_identifier: str | None


def _databases(outputs: VerifyOutputs) -> Targets:
    if not outputs.databases:
        return "no database in the outputs"
    key = outputs.key(DATA_KEY)
    targets = []
    for db in outputs.databases:
        clusters = [AuroraCluster(db.cluster_arn, key.arn)]
        if db.dr_cluster_arn is not None:
            assert key.replica_arn is not None  # checked when the outputs were read
            clusters.append(AuroraCluster(db.dr_cluster_arn, key.replica_arn))
        targets.append(Target(db.name, Database(db.name, tuple(clusters), db.global_cluster_identifier)))
    return targets


ClusterProblems = Callable[[dict[str, Any], AuroraCluster], list[str]]


def _cluster_problems(ctx: Context, database: Database, problems_of: ClusterProblems) -> list[str]:
    """`problems_of` every cluster of the database, each problem prefixed with its cluster."""
    problems = []
    for cluster in database.clusters:
        problems += [f"{cluster.label}: {p}" for p in problems_of(reads.db_cluster(ctx, cluster.arn), cluster)]
    return problems


def _labels(database: Database) -> str:
    return ", ".join(cluster.label for cluster in database.clusters)


def _each_cluster(ctx: Context, database: Database, problems_of: ClusterProblems, seen: str) -> Verdict:
    """FAIL with every cluster's problems, or PASS saying `seen` of each cluster."""
    return verdict_of(_cluster_problems(ctx, database, problems_of), f"{seen}: {_labels(database)}")


def _encryption(ctx: Context, database: Database) -> Verdict:
    def problems(raw: dict[str, Any], cluster: AuroraCluster) -> list[str]:
        if not raw.get("StorageEncrypted"):
            return ["storage is not encrypted"]
        mismatch = reads.key_mismatch("storage", raw.get("KmsKeyId"), cluster.key_arn, DATA_KEY)
        return [mismatch] if mismatch else []

    return _each_cluster(ctx, database, problems, "storage encrypted with the data key")


def _tls(ctx: Context, database: Database) -> Verdict:
    def problems(raw: dict[str, Any], cluster: AuroraCluster) -> list[str]:
        group = raw.get("DBClusterParameterGroup")
        if not group:
            return ["reports no cluster parameter group"]
        parameters = reads.cluster_parameters(ctx, region_of(cluster.arn) or "", group)
        found = []
        if parameters.get("rds.force_ssl") != "1":
            found.append(f"parameter group {group} has rds.force_ssl={parameters.get('rds.force_ssl')!r}, expected '1'")
        minimum = parameters.get("ssl_min_protocol_version")
        if minimum not in ACCEPTED_MIN_TLS:
            found.append(f"parameter group {group} has ssl_min_protocol_version={minimum!r}, expected TLSv1.2 or later")
        return found

    return _each_cluster(ctx, database, problems, "rds.force_ssl=1, ssl_min_protocol_version >= TLSv1.2")


def _iam_auth(ctx: Context, database: Database) -> Verdict:
    def problems(raw: dict[str, Any], _: AuroraCluster) -> list[str]:
        return [] if raw.get("IAMDatabaseAuthenticationEnabled") else ["IAM database authentication is off"]

    return _each_cluster(ctx, database, problems, "IAM database authentication on")


def _deletion_protection(ctx: Context, database: Database) -> Verdict:
    if not ctx.outputs.declared.deletion_protection:
        return passed("not declared for this environment (deletion_protection: false)")
    problems = _cluster_problems(
        ctx, database, lambda raw, _: [] if raw.get("DeletionProtection") else ["deletion protection is off"]
    )
    seen = _labels(database)
    identifier = database.global_cluster_identifier
    if identifier is not None:
        seen += f", global cluster {identifier}"
        if not reads.global_cluster(ctx, ctx.outputs.dr_region or ctx.outputs.primary_region, identifier).get(
            "DeletionProtection"
        ):
            problems.append(f"global cluster {identifier}: deletion protection is off")
    return verdict_of(problems, f"deletion protection on: {seen}")


def _backups(ctx: Context, database: Database) -> Verdict:
    declared = ctx.outputs.declared.database_backup_retention_days
    assert declared is not None  # required with a database when the outputs were read

    def problems(raw: dict[str, Any], _: AuroraCluster) -> list[str]:
        days = raw.get("BackupRetentionPeriod") or 0
        return [] if days >= declared else [f"automated backups kept {days} days, the stack declared {declared}"]

    return _each_cluster(ctx, database, problems, f"automated backups kept >= {declared} days")


def _log_exports(ctx: Context, database: Database) -> Verdict:
    def problems(raw: dict[str, Any], _: AuroraCluster) -> list[str]:
        missing = sorted(REQUIRED_LOG_EXPORTS - set(raw.get("EnabledCloudwatchLogsExports") or []))
        return [f"log exports to CloudWatch Logs miss {missing}"] if missing else []

    return _each_cluster(ctx, database, problems, "postgresql log exported to CloudWatch Logs")


CHECKS = (
    Check(
        id="database.encryption",
        title="Every Aurora cluster's storage is encrypted with the data key of its region",
        calls=("rds:DescribeDBClusters",),
        policies=("rds-storage-encrypted", "rds-storage-cmk", "rds-dr-replica-encrypted"),
        targets=_databases,
        run=_encryption,
    ),
    Check(
        id="database.tls",
        title="Every Aurora cluster's parameter group requires TLS (rds.force_ssl=1, TLS 1.2 or later)",
        calls=("rds:DescribeDBClusters", "rds:DescribeDBClusterParameters"),
        policies=("rds-parameter-group-force-ssl", "rds-tls-parameter-group"),
        targets=_databases,
        run=_tls,
    ),
    Check(
        id="database.iam-auth",
        title="Every Aurora cluster accepts IAM database authentication",
        calls=("rds:DescribeDBClusters",),
        policies=("rds-iam-authentication",),
        targets=_databases,
        run=_iam_auth,
    ),
    Check(
        id="database.deletion-protection",
        title="Every Aurora cluster, and the global database, has deletion protection where the stack declares it",
        calls=("rds:DescribeDBClusters", "rds:DescribeGlobalClusters"),
        policies=("rds-deletion-protection",),
        targets=_databases,
        run=_deletion_protection,
    ),
    Check(
        id="database.backups",
        title="Every Aurora cluster keeps automated backups (point-in-time restore) at least as long as declared",
        calls=("rds:DescribeDBClusters",),
        policies=("rds-backup-retention",),
        targets=_databases,
        run=_backups,
    ),
    Check(
        id="database.log-exports",
        title="Every Aurora cluster exports its PostgreSQL log to CloudWatch Logs",
        calls=("rds:DescribeDBClusters",),
        policies=("rds-log-exports",),
        targets=_databases,
        run=_log_exports,
    ),
)
