"""Wiring of the data tier: Aurora, ElastiCache and application secrets from settings, and the grants
that give each service exactly what its `needs` declare.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from components.data.cache import Cache, CacheArgs, CacheGlobalReplicaArgs
from components.data.database import (
    Database,
    DatabaseArgs,
    DatabaseAuditArgs,
    GlobalReplicaArgs,
    MasterRotationArgs,
    ReaderAutoscalingArgs,
    ServerlessCapacity,
)
from components.data.secrets import Secret, SecretArgs, SecretRotationArgs
from components.foundation.keys import KeyRing
from components.foundation.network import Network
from infra.providers import Providers, in_region
from infra.settings import StackSettings
from infra.settings.secrets import AppSecretSettings, MasterRotationSettings, RotationSettings
from infra.settings.services import ServiceSettings


@dataclass(frozen=True)
class DataTier:
    """The data stores and application secrets of one stack (None where the stack has no such section)."""

    database: Database | None
    cache: Cache | None
    secrets: dict[str, Secret] = field(default_factory=dict)


def build_data_tier(
    settings: StackSettings,
    providers: Providers,
    keys: KeyRing,
    network: Network,
    *,
    database_replica: GlobalReplicaArgs | None = None,
    cache_replica: CacheGlobalReplicaArgs | None = None,
) -> DataTier:
    """Creates the data stores and secrets (DR replicas: the DR tier sets the components' global_replica).

    The services get their grants afterwards (`grant_service_access`), once the platform has their roles.
    """
    opts = in_region(providers.primary)
    data = DataTier(
        database=_database(settings, keys, network, opts, database_replica) if settings.database else None,
        cache=_cache(settings, keys, network, opts, cache_replica) if settings.cache else None,
        secrets={secret.name: _secret(settings, keys, secret, opts) for secret in settings.secrets.app_secrets},
    )
    _export(data)
    return data


def service_connection_env(
    data: DataTier, services: Sequence[ServiceSettings], *, standby: bool = False
) -> dict[str, dict[str, pulumi.Input[str]]]:
    """Per service, the plain environment variables that tell it where its declared needs live.

    Endpoints, ports, user names and secret ARNs only: never a credential (the database and the cache
    take IAM auth tokens, secrets are read through the service's role). With `standby`, the DR
    secondaries' endpoints (writable once the failover runbook promotes them).
    """
    return {service.name: _connection_env(data, service, standby) for service in services}


def _connection_env(data: DataTier, service: ServiceSettings, standby: bool) -> dict[str, pulumi.Input[str]]:
    needs = service.needs
    env: dict[str, pulumi.Input[str]] = {}
    if needs.database_user is not None:
        database = _require(data.database, "database", service.name)
        env |= {
            "BULKHEAD_DB_HOST": database.dr_endpoint if standby else database.endpoint,
            "BULKHEAD_DB_READER_HOST": database.dr_reader_endpoint if standby else database.reader_endpoint,
            "BULKHEAD_DB_PORT": str(database.port),
            "BULKHEAD_DB_USER": needs.database_user,
            "PGSSLMODE": "verify-full",
        }
    if needs.cache:
        cache = _require(data.cache, "cache", service.name)
        env |= {
            "BULKHEAD_CACHE_HOST": cache.dr_primary_endpoint if standby else cache.primary_endpoint,
            "BULKHEAD_CACHE_PORT": str(cache.port),
            "BULKHEAD_CACHE_USER": cache.user_name(service.name),
            "BULKHEAD_CACHE_TLS": "true",
        }
    for name in needs.secrets:
        secret = data.secrets[name]
        arn = secret.replica_arn if standby else secret.arn
        if arn is None:
            raise ValueError(f"secrets.app_secrets: {name} has no replica in the DR region for the standby")
        env[f"BULKHEAD_SECRET_{name.upper().replace('-', '_')}_ARN"] = arn
    return env


def grant_service_access(
    data: DataTier,
    services: Sequence[ServiceSettings],
    roles: Mapping[str, aws.iam.Role],
    workload_security_group_id: pulumi.Input[str],
    *,
    standby: bool = False,
) -> None:
    """Gives each service's role exactly the grants its `needs` declare, and opens each data store's
    engine port to the workloads' security group (the cluster's node security group) only.

    `roles` maps service name to its workload role (`Service.role`). With `standby`, the roles and the
    security group are the DR region's (warm standby): the same grants (they already name the DR
    secondaries and secret replicas), and the DR secondaries' ports open instead of the primaries'.
    """
    for service in services:
        needs, role = service.needs, roles[service.name]
        if needs.database_user is not None:
            _require(data.database, "database", service.name).grant_connect(role, needs.database_user)
        if needs.cache:
            _require(data.cache, "cache", service.name).grant_connect(role, service.name)
        for name in needs.secrets:
            data.secrets[name].grant_read(role)
    for store, needed in (
        (data.database, any(s.needs.database_user for s in services)),
        (data.cache, any(s.needs.cache for s in services)),
    ):
        if store is None or not needed:
            continue
        if standby:
            store.allow_dr_from(workload_security_group_id, label="standby-nodes")
        else:
            store.allow_from(workload_security_group_id, label="cluster-nodes")


def _require(store, kind: str, service: str):
    if store is None:
        raise ValueError(f"service {service!r} needs the {kind}, but the stack has no `{kind}:` section")
    return store


def _placement(settings: StackSettings, keys: KeyRing, network: Network) -> dict[str, Any]:
    """What the database and the cache share: the primary region, isolated subnets, data and logs keys."""
    return {
        "region": settings.region,
        "vpc_id": network.vpc_id,
        "subnet_ids": network.isolated_subnet_ids,
        "kms_key_arn": keys.key_arn("data"),
        "logs_kms_key_arn": keys.key_arn("logs"),
    }


def _database(
    settings: StackSettings,
    keys: KeyRing,
    network: Network,
    opts: pulumi.ResourceOptions,
    replica: GlobalReplicaArgs | None,
) -> Database:
    db = settings.database
    assert db is not None
    return Database(
        f"{settings.prefix}-db",
        DatabaseArgs(
            **_placement(settings, keys, network),
            availability_zones=network.availability_zones,
            secrets_kms_key_arn=keys.key_arn("secrets"),
            engine_version=db.engine_version,
            instance_class=db.instance_class,
            serverless_capacity=ServerlessCapacity(min_acu=db.serverless.min_acu, max_acu=db.serverless.max_acu)
            if db.serverless
            else None,
            reader_count=db.readers,
            reader_autoscaling=ReaderAutoscalingArgs(
                max_readers=db.reader_autoscaling.max_readers,
                target_cpu_percent=db.reader_autoscaling.target_cpu_percent,
            )
            if db.reader_autoscaling
            else None,
            backup_retention_days=db.backup_retention_days,
            deletion_protection=settings.deletion_protection,
            final_snapshot=db.final_snapshot,
            protect=settings.environment == "prod",
            monitoring_interval=db.monitoring_interval,
            performance_insights_retention_days=db.performance_insights_retention_days,
            log_retention_days=db.log_retention_days,
            master_username=db.master_username,
            database_name=db.database_name,
            global_replica=replica,
            master_secret_rotation=_master_rotation(db.master_secret_rotation, network) if replica else None,
            audit=DatabaseAuditArgs(
                slow_statement_ms=settings.observability.database_audit.slow_statement_ms,
                sensitive_data=settings.observability.database_audit.sensitive_data,
            ),
        ),
        opts=opts,
    )


def _master_rotation(rotation: MasterRotationSettings | None, network: Network) -> MasterRotationArgs | None:
    """AWS's rotation function for the global database's master secret, reaching Secrets Manager
    through the network's endpoint (settings require endpoints with a master rotation)."""
    if rotation is None:
        return None
    assert network.endpoint_security_group_id is not None  # settings: network.vpc_endpoints
    return MasterRotationArgs(
        secrets_endpoint_security_group_id=network.endpoint_security_group_id, every_days=rotation.every_days
    )


def _rotation(rotation: RotationSettings | None) -> SecretRotationArgs | None:
    if rotation is None:
        return None
    return SecretRotationArgs(lambda_arn=rotation.lambda_arn, every_days=rotation.every_days)


def _cache(
    settings: StackSettings,
    keys: KeyRing,
    network: Network,
    opts: pulumi.ResourceOptions,
    replica: CacheGlobalReplicaArgs | None,
) -> Cache:
    cache = settings.cache
    assert cache is not None
    return Cache(
        f"{settings.prefix}-cache",
        CacheArgs(
            **_placement(settings, keys, network),
            engine=cache.engine,
            engine_version=cache.engine_version,
            node_type=cache.node_type,
            node_count=cache.nodes,
            users=[service.name for service in settings.services if service.needs.cache],
            snapshot_retention_days=cache.snapshot_retention_days,
            final_snapshot=cache.final_snapshot,
            log_retention_days=cache.log_retention_days,
            global_replica=replica,
        ),
        opts=opts,
    )


def _secret(settings: StackSettings, keys: KeyRing, secret: AppSecretSettings, opts: pulumi.ResourceOptions) -> Secret:
    return Secret(
        f"{settings.prefix}-secret-{secret.name}",
        SecretArgs(
            secret_name=f"{settings.prefix}/{secret.name}",
            kms_key_arn=keys.key_arn("secrets"),
            region=settings.region,
            description=secret.description,
            recovery_window_days=settings.secrets.recovery_window_days,
            rotation=_rotation(secret.rotation),
            replica_region=settings.dr.region if keys.multi_region else None,
            replica_kms_key_arn=keys.replica_key_arn("secrets") if keys.multi_region else None,
        ),
        opts=opts,
    )


def _export(data: DataTier) -> None:
    """Connection facts for applications and operators (DR identifiers are exported by the DR tier)."""
    if data.database is not None:
        pulumi.export("database_endpoint", data.database.endpoint)
        pulumi.export("database_reader_endpoint", data.database.reader_endpoint)
        pulumi.export("database_port", data.database.port)
        pulumi.export("database_master_secret_arn", data.database.master_secret_arn)
    if data.cache is not None:
        pulumi.export("cache_endpoint", data.cache.primary_endpoint)
        pulumi.export("cache_port", data.cache.port)
    pulumi.export("secret_arns", {name: secret.arn for name, secret in data.secrets.items()})
