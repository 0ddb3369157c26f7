"""Wiring of backups and disaster recovery, by the environment's DR strategy.

| strategy       | DR region gets                                                       |
|----------------|----------------------------------------------------------------------|
| none           | nothing (backups stay in the primary region)                         |
| backup-restore | backup copies in a DR vault on the DR key; replicated images          |
| pilot-light    | + DR network, Aurora and ElastiCache secondaries, secret replicas     |
| warm-standby   | + a scaled-down cluster running the services                          |

Two steps, because the data stores need the DR network to exist before their secondaries:
`build_dr_site` (before the data tier, which takes `replica_args`)
and `build_resilience` (after the data tier and the platform: backups, the standby, the outputs).
The replica keys come from the key ring; secret replicas from the data tier's secrets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

from components.data.backup import (
    RULE_COMPLETION_WINDOW_MINUTES,
    RULE_START_WINDOW_MINUTES,
    Backup,
    BackupArgs,
    DrCopyArgs,
    RestoreTestingArgs,
)
from components.data.cache import CacheGlobalReplicaArgs
from components.data.database import GlobalReplicaArgs
from components.foundation.keys import KeyRing
from components.foundation.network import Network, NetworkArgs
from components.identity.user_pool import UserPool
from components.resilience.dr_site import DrSite, DrSiteArgs, ImageReplicationArgs
from infra.providers import Providers, in_region
from infra.settings import StackSettings
from infra.settings.network import NetworkSettings
from infra.wiring import messaging, releases
from infra.wiring.data import DataTier, grant_service_access, service_connection_env
from infra.wiring.identity import identity_env, merged_env
from infra.wiring.platform import Platform, build_platform_in


@dataclass(frozen=True)
class Resilience:
    """What the resilience tier built (None where the strategy or the stack has no such part)."""

    site: DrSite | None
    backup: Backup | None
    standby: Platform | None


def network_args(
    network: NetworkSettings,
    *,
    region: str,
    account_id: pulumi.Input[str],
    logs_kms_key_arn: pulumi.Input[str],
    extra_endpoint_services: Sequence[str] = (),
) -> NetworkArgs:
    """`NetworkArgs` from a network settings section (`network` or `dr.network`), for the region given;
    `extra_endpoint_services`: the interface endpoints the stack's queues and flags need."""
    return NetworkArgs(
        cidr_block=network.cidr_block,
        az_count=network.az_count,
        region=region,
        account_id=account_id,
        logs_kms_key_arn=logs_kms_key_arn,
        nat_per_az=network.nat_gateways == "one-per-az",
        flow_log_retention_days=network.flow_log_retention_days,
        vpc_endpoints=network.vpc_endpoints,
        extra_endpoint_services=extra_endpoint_services,
    )


def extra_endpoint_services(settings: StackSettings) -> tuple[str, ...]:
    """The interface endpoints beyond the network's own that the stack's queues and flags need."""
    return (*messaging.endpoint_services(settings), *releases.endpoint_services(settings))


def build_dr_site(
    settings: StackSettings, providers: Providers, account_id: pulumi.Input[str], keys: KeyRing
) -> DrSite | None:
    """The standing DR-region pieces: image replication, plus the DR network for replicating strategies."""
    dr = settings.dr
    if not settings.has_dr_region:
        return None
    assert dr.region is not None and providers.dr is not None  # settings require both with a strategy
    network = None
    if dr.network is not None:
        network = network_args(
            dr.network,
            region=dr.region,
            account_id=account_id,
            logs_kms_key_arn=keys.replica_key_arn("logs"),
            extra_endpoint_services=extra_endpoint_services(settings),
        )
    return DrSite(
        f"{settings.prefix}-dr",
        DrSiteArgs(
            region=dr.region,
            network=network,
            image_replication=ImageReplicationArgs(
                source_provider=providers.primary,
                source_region=settings.region,
                account_id=account_id,
                repository_prefix=settings.app,
                kms_key_arn=keys.replica_key_arn("cluster"),
            )
            if dr.image_replication
            else None,
        ),
        opts=in_region(providers.dr),
    )


def replica_args(settings: StackSettings, providers: Providers, keys: KeyRing, site: DrSite | None) -> dict[str, Any]:
    """Keyword arguments of `build_data_tier` that give the data stores their DR secondaries: the Aurora
    global-database and ElastiCache global-datastore secondaries of a replicating strategy, in the DR
    network."""
    if site is None or site.network is None:
        return {"database_replica": None, "cache_replica": None}
    # What both secondaries share: the DR provider, region, isolated subnets and key replicas.
    placement: dict[str, Any] = {
        "provider": providers.dr,
        "region": settings.dr.region,
        "vpc_id": site.network.vpc_id,
        "subnet_ids": site.network.isolated_subnet_ids,
        "kms_key_arn": keys.replica_key_arn("data"),
        "logs_kms_key_arn": keys.replica_key_arn("logs"),
    }
    return {
        "database_replica": GlobalReplicaArgs(**placement, secrets_kms_key_arn=keys.replica_key_arn("secrets")),
        "cache_replica": CacheGlobalReplicaArgs(**placement),
    }


def build_resilience(
    settings: StackSettings,
    providers: Providers,
    account_id: pulumi.Input[str],
    keys: KeyRing,
    network: Network,
    data: DataTier,
    site: DrSite | None,
    *,
    identity: UserPool | None = None,
    standby_env: Mapping[str, Mapping[str, Any]] | None = None,
) -> Resilience:
    """Backups of every data store AWS Backup supports, the warm standby's cluster and services, and the
    stack outputs the runbooks read. `standby_env`: per service, what the standby's services are told
    besides where their data stores are (the DR region's queue URLs)."""
    backup = _backup(settings, providers, account_id, keys, network, data)
    standby = _standby(settings, providers, account_id, keys, data, site, identity, standby_env or {})
    resilience = Resilience(site=site, backup=backup, standby=standby)
    _export(settings, data, backup)
    return resilience


def _backup(
    settings: StackSettings,
    providers: Providers,
    account_id: pulumi.Input[str],
    keys: KeyRing,
    network: Network,
    data: DataTier,
) -> Backup | None:
    # AWS Backup supports Aurora but not ElastiCache (the cache keeps its own snapshots).
    if data.database is None:
        return None
    cluster_arns = [data.database.cluster_arn]
    backup = settings.backup
    dr_copy = None
    if settings.has_dr_region and providers.dr is not None:
        dr_copy = DrCopyArgs(
            provider=providers.dr,
            kms_key_arn=keys.replica_key_arn("backup"),
            retention_days=backup.copy_retention_days,
        )
    restore_testing = None
    if backup.restore_testing:
        restore_testing = RestoreTestingArgs(
            resource_arns=cluster_arns, vpc_id=network.vpc_id, subnet_ids=network.isolated_subnet_ids
        )
    return Backup(
        f"{settings.prefix}-backup",
        BackupArgs(
            account_id=account_id,
            kms_key_arn=keys.key_arn("backup"),
            resource_arns=cluster_arns,
            encryption_key_arns=[keys.key_arn("data")],
            schedule=backup.schedule,
            retention_days=backup.retention_days,
            continuous_backup=backup.continuous_backup,
            vault_lock_changeable_for_days=backup.vault_lock_changeable_for_days if backup.vault_lock else None,
            dr_copy=dr_copy,
            restore_testing=restore_testing,
        ),
        opts=in_region(providers.primary),
    )


def _standby(
    settings: StackSettings,
    providers: Providers,
    account_id: pulumi.Input[str],
    keys: KeyRing,
    data: DataTier,
    site: DrSite | None,
    identity: UserPool | None,
    env: Mapping[str, Mapping[str, Any]],
) -> Platform | None:
    """Warm standby: the platform again in the DR region, smaller, on the DR keys and network, with the
    same grants on the data-store secondaries (its Kubernetes objects pull the replicated images)."""
    standby = settings.dr.standby
    if standby is None or settings.cluster is None:
        return None
    assert site is not None and site.network is not None and settings.dr.region is not None  # settings check
    nodes = settings.cluster.nodes.model_copy(update={"min_size": standby.min_nodes, "max_size": standby.max_nodes})
    platform = build_platform_in(
        settings,
        role="standby",
        name=f"{settings.prefix}-dr-cluster",
        region=settings.dr.region,
        provider=providers.dr,
        account_id=account_id,
        network=site.network,
        cluster_key_arn=keys.replica_key_arn("cluster"),
        logs_key_arn=keys.replica_key_arn("logs"),
        nodes=nodes,
        # The pool stays in the primary region (docs/dr.md, "Identity"): the standby validates the same
        # tokens. It gets no user look-up grant: workload roles are bounded to their own region.
        service_env=merged_env(
            service_connection_env(data, settings.services, standby=True),
            identity_env(identity, settings.services),
            env,
        ),
    )
    grant_service_access(data, settings.services, platform.roles, platform.cluster.node_security_group_id, standby=True)
    return platform


def _export(settings: StackSettings, data: DataTier, backup: Backup | None) -> None:
    """The DR part of the stack outputs contract (docs/stack-outputs.md)."""
    pulumi.export("dr_strategy", settings.dr.strategy)
    databases: list[dict[str, Any]] = []
    if data.database is not None:
        db = data.database
        databases.append(
            {
                "name": db.pulumi_resource_name,
                "cluster_identifier": db.cluster_identifier,
                "cluster_arn": db.cluster_arn,
                "global_cluster_identifier": db.global_cluster_identifier,
                "dr_cluster_arn": db.dr_cluster_arn,
            }
        )
    caches: list[dict[str, Any]] = []
    if data.cache is not None:
        cache = data.cache
        caches.append(
            {
                "name": cache.pulumi_resource_name,
                "replication_group_id": cache.replication_group_id,
                "global_replication_group_id": cache.global_replication_group_id,
                "dr_replication_group_id": cache.dr_replication_group_id,
            }
        )
    pulumi.export("databases", databases)
    pulumi.export("caches", caches)
    if backup is not None:
        pulumi.export(
            "backup",
            {
                "vault_name": backup.vault_name,
                "vault_arn": backup.vault_arn,
                "dr_vault_name": backup.dr_vault_name,
                "dr_vault_arn": backup.dr_vault_arn,
                "protected_resource_arns": backup.protected_resource_arns,
                # What `backup verify` measures freshness and locks against.
                "schedule": backup.schedule,
                "start_window_minutes": RULE_START_WINDOW_MINUTES,
                "completion_window_minutes": RULE_COMPLETION_WINDOW_MINUTES,
                "continuous_backup": backup.continuous_backup,
                "vault_lock": dataclasses.asdict(backup.vault_lock) if backup.vault_lock else None,
                "dr_vault_lock": dataclasses.asdict(backup.dr_vault_lock) if backup.dr_vault_lock else None,
            },
        )
