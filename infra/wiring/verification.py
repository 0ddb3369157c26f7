"""The verify contract's outputs (docs/stack-outputs.md, "The verify contract"): what `bulkhead verify`
compares the live account with, beyond the DR contract. AWS layer only: every value is an AWS fact."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pulumi

from components.platform.cluster import ALL_LOG_TYPES
from infra.settings import StackSettings
from infra.wiring.data import DataTier
from infra.wiring.platform import Platform

if TYPE_CHECKING:
    from infra.aws_layer import Deployment


def export_verification_outputs(deployment: Deployment) -> None:
    """What `bulkhead verify` compares the live account with, beyond the DR contract: the keys per
    purpose, each cluster as declared, the secrets and the values the stack chose
    (docs/stack-outputs.md, "The verify contract")."""
    settings, keys, data = deployment.settings, deployment.keys, deployment.data
    pulumi.export(
        "keys",
        {
            purpose: {"arn": key.arn, "replica_arn": keys.replicas[purpose].arn if purpose in keys.replicas else None}
            for purpose, key in keys.keys.items()
        },
    )
    database = settings.database if data is not None and data.database is not None else None
    cache = settings.cache if data is not None and data.cache is not None else None
    pulumi.export(
        "declared",
        {
            "deletion_protection": settings.deletion_protection,
            "database_backup_retention_days": database.backup_retention_days if database else None,
            "cache_snapshot_retention_days": cache.snapshot_retention_days if cache else None,
            "cache_automatic_failover": cache.nodes >= 2 if cache else None,
        },
    )
    clusters = []
    if deployment.platform is not None:
        clusters.append(_cluster_output(settings, deployment.platform, "primary", keys.key_arn("cluster")))
    standby = deployment.resilience.standby if deployment.resilience is not None else None
    if standby is not None:
        clusters.append(_cluster_output(settings, standby, "standby", keys.replica_key_arn("cluster")))
    pulumi.export("clusters", clusters)
    pulumi.export("secrets", _secret_outputs(settings, data, replicated=keys.multi_region))


def _cluster_output(
    settings: StackSettings, platform: Platform, role: str, kms_key_arn: pulumi.Output[str]
) -> dict[str, object]:
    cluster = settings.cluster
    assert cluster is not None  # a platform exists only with a `cluster:` section
    return {
        "name": platform.cluster.name,
        "arn": platform.cluster.arn,
        "region": settings.region if role == "primary" else settings.dr.region,
        "role": role,
        "kms_key_arn": kms_key_arn,
        "public_access_cidrs": list(cluster.public_access_cidrs),
        # The wiring leaves ClusterArgs.log_types at its default: every control-plane log type.
        "log_types": list(ALL_LOG_TYPES),
        "admin_role_arns": list(cluster.admin_role_arns),
    }


def _secret_outputs(settings: StackSettings, data: DataTier | None, *, replicated: bool) -> list[dict[str, object]]:
    """Each Secrets Manager secret the stack creates or has RDS create, with its declared rotation and replica."""
    if data is None:
        return []
    secrets: list[dict[str, object]] = [
        {
            "name": app_secret.name,
            "arn": data.secrets[app_secret.name].arn,
            "rotation_days": app_secret.rotation.every_days if app_secret.rotation else None,
            "replica_region": settings.dr.region if replicated else None,
        }
        for app_secret in settings.secrets.app_secrets
    ]
    if data.database is not None and settings.database is not None:
        global_database = data.database.global_cluster_identifier is not None
        rotation = settings.database.master_secret_rotation if global_database else None
        secrets.append(
            {
                # A global database's master credential is the stack's own replicated secret; otherwise
                # RDS manages the secret (and its rotation) on the secrets key.
                "name": "database-master",
                "arn": data.database.master_secret_arn,
                "rotation_days": rotation.every_days if rotation else None,
                "replica_region": settings.dr.region if global_database else None,
            }
        )
    return secrets


def runner_output(platform: Platform) -> dict[str, object]:
    """A cluster's in-VPC runner: what operators start (`project_name`, `region`) and what verify
    compares the CodeBuild project with (its role's access entry, network, key and log group)."""
    runner = platform.runner
    return {
        "project_name": runner.project_name,
        "region": platform.facts.region,
        "role_arn": runner.role_arn,
        "subnet_ids": list(runner.subnet_ids),
        "security_group_id": runner.security_group_id,
        "kms_key_arn": runner.kms_key_arn,
        "log_group_name": runner.log_group_name,
    }
