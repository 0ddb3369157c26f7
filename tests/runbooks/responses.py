"""Response bodies for botocore's Stubber, for the APIs moto 5.2.5 does not implement (and for those
that share a client with one: DescribeReplicationGroups on the stubbed ElastiCache client).

Field names and nesting follow the installed service models (botocore/data/{rds,elasticache,backup,
cloudwatch}/*/service-2.json.gz: GlobalCluster, GlobalClusterMember, FailoverState,
GlobalReplicationGroup, GlobalReplicationGroupMember, ReplicationGroup, Datapoint,
RecoveryPointByBackupVault, DescribeBackupVaultOutput); Stubber validates every body against those
shapes, so an invented field fails the test.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.runbooks.support import ACCOUNT, EAST, NOW, PROD_OUTPUTS, WEST, TestClients

DB = PROD_OUTPUTS["databases"][0]
CACHE = PROD_OUTPUTS["caches"][0]
CLUSTER_ARNS = {EAST: DB["cluster_arn"], WEST: DB["dr_cluster_arn"]}
GLOBAL_GROUP_ID = CACHE["global_replication_group_id"]
GROUP_IDS = {EAST: CACHE["replication_group_id"], WEST: CACHE["dr_replication_group_id"]}
# The request the runbooks send for `global_datastore` (Stubber checks it).
DESCRIBE_DATASTORE = {"GlobalReplicationGroupId": GLOBAL_GROUP_ID, "ShowMemberInfo": True}


def global_cluster(writer: str, status: str = "available", failover_to: str | None = None) -> dict[str, Any]:
    """DescribeGlobalClusters for the prod global database with its writer in region `writer`."""
    reader = WEST if writer == EAST else EAST
    body: dict[str, Any] = {
        "GlobalClusterIdentifier": DB["global_cluster_identifier"],
        "GlobalClusterResourceId": "cluster-5d8e0f2a9b1c3d4e",
        "GlobalClusterArn": f"arn:aws:rds::{ACCOUNT}:global-cluster:{DB['global_cluster_identifier']}",
        "Status": status,
        "Engine": "aurora-postgresql",
        "EngineVersion": "16.4",
        "StorageEncrypted": True,
        "DeletionProtection": True,
        "GlobalClusterMembers": [
            {"DBClusterArn": CLUSTER_ARNS[writer], "Readers": [CLUSTER_ARNS[reader]], "IsWriter": True},
            {
                "DBClusterArn": CLUSTER_ARNS[reader],
                "Readers": [],
                "IsWriter": False,
                "GlobalWriteForwardingStatus": "disabled",
                "SynchronizationStatus": "connected",
            },
        ],
        "Endpoint": f"{DB['global_cluster_identifier']}.global-5d8e0f2a.global.rds.amazonaws.com",
    }
    if failover_to is not None:
        body["FailoverState"] = {
            "Status": "failing-over",
            "FromDbClusterArn": CLUSTER_ARNS[writer],
            "ToDbClusterArn": CLUSTER_ARNS[failover_to],
            "IsDataLossAllowed": False,
        }
    return {"GlobalClusters": [body]}


def global_cluster_result(writer: str, status: str, failover_to: str) -> dict[str, Any]:
    """SwitchoverGlobalCluster / FailoverGlobalCluster: the global cluster as the call leaves it."""
    return {"GlobalCluster": global_cluster(writer, status, failover_to)["GlobalClusters"][0]}


def db_cluster(region: str, status: str = "available") -> dict[str, Any]:
    """DescribeDBClusters for the member of the global database in `region`."""
    arn = CLUSTER_ARNS[region]
    return {
        "DBClusters": [
            {
                "DBClusterIdentifier": arn.rsplit(":", 1)[-1],
                "DBClusterArn": arn,
                "Status": status,
                "Engine": "aurora-postgresql",
                "EngineVersion": "16.4",
                "MultiAZ": True,
                "StorageEncrypted": True,
                "GlobalClusterIdentifier": DB["global_cluster_identifier"],
            }
        ]
    }


def global_datastore(primary: str, status: str = "available") -> dict[str, Any]:
    """DescribeGlobalReplicationGroups (ShowMemberInfo) for the prod sessions datastore."""
    secondary = WEST if primary == EAST else EAST
    return {
        "GlobalReplicationGroups": [
            {
                "GlobalReplicationGroupId": GLOBAL_GROUP_ID,
                "GlobalReplicationGroupDescription": "prod sessions global datastore",
                "Status": status,
                "CacheNodeType": "cache.r7g.large",
                "Engine": "valkey",
                "EngineVersion": "8.0",
                "Members": [
                    {
                        "ReplicationGroupId": GROUP_IDS[primary],
                        "ReplicationGroupRegion": primary,
                        "Role": "PRIMARY",
                        "AutomaticFailover": "enabled",
                        "Status": "associated",
                    },
                    {
                        "ReplicationGroupId": GROUP_IDS[secondary],
                        "ReplicationGroupRegion": secondary,
                        "Role": "SECONDARY",
                        "AutomaticFailover": "enabled",
                        "Status": "associated",
                    },
                ],
                "ClusterEnabled": False,
                "AuthTokenEnabled": True,
                "TransitEncryptionEnabled": True,
                "AtRestEncryptionEnabled": True,
                "ARN": f"arn:aws:elasticache::{ACCOUNT}:globalreplicationgroup:{GLOBAL_GROUP_ID}",
            }
        ]
    }


def replication_group(region: str, role: str = "SECONDARY", nodes: int = 1) -> dict[str, Any]:
    """DescribeReplicationGroups for the sessions group in `region`: one cache cluster per node."""
    group_id = GROUP_IDS[region]
    members = [f"{group_id}-{n:03d}" for n in range(1, nodes + 1)]
    return {
        "ReplicationGroups": [
            {
                "ReplicationGroupId": group_id,
                "Description": "prod sessions",
                "GlobalReplicationGroupInfo": {
                    "GlobalReplicationGroupId": GLOBAL_GROUP_ID,
                    "GlobalReplicationGroupMemberRole": role,
                },
                "Status": "available",
                "MemberClusters": members,
                "NodeGroups": [
                    {
                        "NodeGroupId": "0001",
                        "Status": "available",
                        "NodeGroupMembers": [
                            {
                                "CacheClusterId": member,
                                "CacheNodeId": "0001",
                                "CurrentRole": "primary" if n == 0 else "replica",
                            }
                            for n, member in enumerate(members)
                        ],
                    }
                ],
                "AutomaticFailover": "enabled" if nodes > 1 else "disabled",
                "ClusterEnabled": False,
                "CacheNodeType": "cache.r7g.large",
                "AuthTokenEnabled": True,
                "TransitEncryptionEnabled": True,
                "AtRestEncryptionEnabled": True,
                "ARN": f"arn:aws:elasticache:{region}:{ACCOUNT}:replicationgroup:{group_id}",
                "Engine": "valkey",
            }
        ]
    }


def lag_statistics(maximum: float | None, timestamp: datetime, unit: str = "Seconds") -> dict[str, Any]:
    """GetMetricStatistics with one one-minute datapoint (or none when `maximum` is None)."""
    points = [] if maximum is None else [{"Timestamp": timestamp, "Maximum": maximum, "Unit": unit}]
    return {"Label": "GlobalDatastoreReplicationLag", "Datapoints": points}


def stub_cache_lag(clients: TestClients, region: str, seconds: float | None) -> None:
    """The secondary group in `region` (one node) and its lag datapoint, with the exact metric query."""
    clients.stub("elasticache", region).add_response(
        "describe_replication_groups", replication_group(region), {"ReplicationGroupId": GROUP_IDS[region]}
    )
    clients.stub("cloudwatch", region).add_response(
        "get_metric_statistics",
        lag_statistics(seconds, NOW - timedelta(minutes=1)),
        {
            "Namespace": "AWS/ElastiCache",
            "MetricName": "GlobalDatastoreReplicationLag",
            "Dimensions": [{"Name": "CacheClusterId", "Value": f"{GROUP_IDS[region]}-001"}],
            "StartTime": NOW - timedelta(minutes=5),
            "EndTime": NOW,
            "Period": 60,
            "Statistics": ["Maximum"],
        },
    )


def backup_vault(name: str, region: str, locked: bool, lock_date: datetime | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "BackupVaultName": name,
        "BackupVaultArn": f"arn:aws:backup:{region}:{ACCOUNT}:backup-vault:{name}",
        "VaultType": "BACKUP_VAULT",
        "EncryptionKeyArn": f"arn:aws:kms:{region}:{ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        "CreationDate": datetime(2026, 1, 5, tzinfo=UTC),
        "NumberOfRecoveryPoints": 42,
        "Locked": locked,
    }
    if locked:
        body.update(MinRetentionDays=35, MaxRetentionDays=3650, LockDate=lock_date or datetime(2026, 1, 8, tzinfo=UTC))
    return body


def recovery_point(
    resource_arn: str,
    vault: str,
    region: str,
    completed: datetime,
    *,
    status: str = "COMPLETED",
    continuous: bool = False,
    copied_from: str | None = None,
) -> dict[str, Any]:
    """One RecoveryPointByBackupVault; ARNs follow AWS Backup's naming for RDS and ElastiCache."""
    service = resource_arn.split(":")[2]
    job = f"job-{completed:%Y%m%d%H%M}-4f1e-9c2b-7a6d5e4f3a2b"
    if continuous:
        arn = f"arn:aws:backup:{region}:{ACCOUNT}:recovery-point:continuous:cluster-7xq2m4vz-{completed:%H%M}"
    elif service == "rds":
        arn = f"arn:aws:rds:{region}:{ACCOUNT}:cluster-snapshot:awsbackup:{job}"
    else:
        arn = f"arn:aws:elasticache:{region}:{ACCOUNT}:snapshot:awsbackup:{job}"
    point: dict[str, Any] = {
        "RecoveryPointArn": arn,
        "BackupVaultName": vault,
        "BackupVaultArn": f"arn:aws:backup:{region}:{ACCOUNT}:backup-vault:{vault}",
        "ResourceArn": resource_arn,
        "ResourceType": "Aurora" if service == "rds" else "ElastiCache",
        "CreatedBy": {"BackupPlanId": "8c1f6f0e-1b2a-4c3d-9e8f-0a1b2c3d4e5f", "BackupRuleId": "prod-daily"},
        "IamRoleArn": f"arn:aws:iam::{ACCOUNT}:role/prod-backup",
        "Status": status,
        "CreationDate": completed,
        "CompletionDate": completed,
        "IsEncrypted": True,
        "Lifecycle": {"DeleteAfterDays": 35},
    }
    if copied_from:
        point["SourceBackupVaultArn"] = copied_from
    return point
