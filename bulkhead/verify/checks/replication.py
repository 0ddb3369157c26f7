"""Global replication: each Aurora global database and ElastiCache global datastore healthy, both
members in place, and the secondary's lag within the RPO.

The rules are the `dr status` runbook's (bulkhead/runbooks/dr_status.py), run for one store at a time.
"""

from __future__ import annotations

from bulkhead.runbooks.dr_status import StoreStatus, dr_status
from bulkhead.runbooks.outputs import CacheOutput, DatabaseOutput
from bulkhead.verify.model import Check, Context, Target, Targets, Verdict, verdict_of
from bulkhead.verify.outputs import VerifyOutputs


def _global_databases(outputs: VerifyOutputs) -> Targets:
    targets = [Target(db.name, db) for db in outputs.databases if db.global_cluster_identifier]
    return targets or f"no Aurora global database in the outputs (dr_strategy {outputs.dr_strategy})"


def _global_caches(outputs: VerifyOutputs) -> Targets:
    targets = [Target(cache.name, cache) for cache in outputs.caches if cache.global_replication_group_id]
    return targets or f"no ElastiCache global datastore in the outputs (dr_strategy {outputs.dr_strategy})"


def _store(ctx: Context, databases: list[DatabaseOutput], caches: list[CacheOutput]) -> Verdict:
    # One store alone; the front door has its own checks (edge.py), so dr status leaves traffic out.
    only = ctx.outputs.model_copy(update={"databases": databases, "caches": caches, "front_door": None})
    (status,) = dr_status(only, ctx.clients, ctx.clock).items
    assert isinstance(status, StoreStatus)  # dr status of one store reports that store
    lags = [f"{m['region']} {m['lag_seconds']:.1f}s" for m in status.members if m.get("lag_seconds") is not None]
    seen = f"{status.status}, writer in {status.writer_region}, lag {', '.join(lags) or 'n/a'}"
    return verdict_of(status.problems, f"{seen} (RPO {ctx.outputs.rpo_minutes} min)")


def _database(ctx: Context, database: DatabaseOutput) -> Verdict:
    return _store(ctx, [database], [])


def _cache(ctx: Context, cache: CacheOutput) -> Verdict:
    return _store(ctx, [], [cache])


CHECKS = (
    Check(
        id="replication.database",
        title="Each Aurora global database is available, both clusters are members, and the lag is within the RPO",
        calls=("rds:DescribeGlobalClusters", "cloudwatch:ListMetrics", "cloudwatch:GetMetricStatistics"),
        policies=("global-replication",),
        targets=_global_databases,
        run=_database,
    ),
    Check(
        id="replication.cache",
        title="Each ElastiCache global datastore is available, both groups associated, and the lag within the RPO",
        calls=(
            "elasticache:DescribeGlobalReplicationGroups",
            "elasticache:DescribeReplicationGroups",
            "cloudwatch:ListMetrics",
            "cloudwatch:GetMetricStatistics",
        ),
        policies=("global-replication",),
        targets=_global_caches,
        run=_cache,
    ),
)
