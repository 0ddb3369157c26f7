"""Response bodies for botocore's Stubber, for the APIs moto 5.2.5 does not implement (and for those that
share a client with one, such as DescribeReplicationGroups on the stubbed ElastiCache client).

Field names and nesting follow the installed service models (botocore/data/{rds,elasticache,backup,
cloudwatch}/*/service-2.json.gz: GlobalCluster, FailoverState, DBCluster, GlobalReplicationGroup,
ReplicationGroup, Snapshot, NodeSnapshot, Metric, Datapoint, RecoveryPointByBackupVault,
DescribeBackupVaultOutput); Stubber validates every body against those shapes, so an invented field
fails the test. Values follow the API references: `FailoverState.Status` pending | failing-over |
cancelling (plus switching-over, documented but not in the model's enum), member roles PRIMARY /
SECONDARY, snapshot statuses creating | available, recovery point statuses COMPLETED | STOPPED | ...
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.runbooks.support import ACCOUNT, EAST, NOW, PROD_OUTPUTS, WEST, TestClients

DB = PROD_OUTPUTS["databases"][0]
CACHE = PROD_OUTPUTS["caches"][0]
GID = DB["global_cluster_identifier"]
CLUSTER_ARNS = {EAST: DB["cluster_arn"], WEST: DB["dr_cluster_arn"]}
CLUSTER_IDS = {EAST: "prod-app-db", WEST: "prod-app-db-dr"}
GLOBAL_GROUP_ID = CACHE["global_replication_group_id"]
GROUP_IDS = {EAST: CACHE["replication_group_id"], WEST: CACHE["dr_replication_group_id"]}
# The requests the runbooks send (Stubber checks them).
DESCRIBE_CLUSTER = {"GlobalClusterIdentifier": GID}
DESCRIBE_DATASTORE = {"GlobalReplicationGroupId": GLOBAL_GROUP_ID, "ShowMemberInfo": True}


def global_cluster_body(
    writer: str,
    status: str = "available",
    *,
    moving_to: str | None = None,
    failover_status: str = "switching-over",
    data_loss: bool = False,
) -> dict[str, Any]:
    """The prod global database with its writer in region `writer`, optionally moving to `moving_to`."""
    reader = WEST if writer == EAST else EAST
    body: dict[str, Any] = {
        "GlobalClusterIdentifier": GID,
        "GlobalClusterResourceId": "cluster-5d8e0f2a9b1c3d4e",
        "GlobalClusterArn": f"arn:aws:rds::{ACCOUNT}:global-cluster:{GID}",
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
        "Endpoint": f"{GID}.global-5d8e0f2a.global.rds.amazonaws.com",
    }
    if moving_to is not None:
        body["FailoverState"] = {
            "Status": failover_status,
            "FromDbClusterArn": CLUSTER_ARNS[writer],
            "ToDbClusterArn": CLUSTER_ARNS[moving_to],
            "IsDataLossAllowed": data_loss,
        }
    return body


def global_cluster(writer: str, status: str = "available", **moving: Any) -> dict[str, Any]:
    """DescribeGlobalClusters (see global_cluster_body)."""
    return {"GlobalClusters": [global_cluster_body(writer, status, **moving)]}


def global_cluster_result(writer: str, status: str, moving_to: str, **moving: Any) -> dict[str, Any]:
    """SwitchoverGlobalCluster / FailoverGlobalCluster: the global cluster as the call leaves it."""
    return {"GlobalCluster": global_cluster_body(writer, status, moving_to=moving_to, **moving)}


def db_cluster(region: str, status: str = "available", latest_restorable: datetime | None = None) -> dict[str, Any]:
    """DescribeDBClusters for the member of the global database in `region`."""
    body: dict[str, Any] = {
        "DBClusterIdentifier": CLUSTER_IDS[region],
        "DBClusterArn": CLUSTER_ARNS[region],
        "Status": status,
        "Engine": "aurora-postgresql",
        "EngineVersion": "16.4",
        "MultiAZ": True,
        "StorageEncrypted": True,
        "GlobalClusterIdentifier": GID,
        "BackupRetentionPeriod": 35,
    }
    if latest_restorable is not None:
        body["LatestRestorableTime"] = latest_restorable
    return {"DBClusters": [body]}


def stub_db_cluster(clients: TestClients, region: str, status: str = "available", **kwargs: Any) -> None:
    clients.stub("rds", region).add_response(
        "describe_db_clusters", db_cluster(region, status, **kwargs), {"DBClusterIdentifier": CLUSTER_IDS[region]}
    )


def stub_db_cluster_error(clients: TestClients, region: str, code: str, message: str, http_status: int) -> None:
    clients.stub("rds", region).add_client_error(
        "describe_db_clusters", code, message, http_status, expected_params={"DBClusterIdentifier": CLUSTER_IDS[region]}
    )


def list_metrics(namespace: str, metric: str, dimension_sets: list[list[dict[str, str]]]) -> dict[str, Any]:
    return {"Metrics": [{"Namespace": namespace, "MetricName": metric, "Dimensions": s} for s in dimension_sets]}


def statistics(label: str, maximum: float | None, timestamp: datetime, unit: str) -> dict[str, Any]:
    """GetMetricStatistics with one one-minute datapoint (or none when `maximum` is None)."""
    points = [] if maximum is None else [{"Timestamp": timestamp, "Maximum": maximum, "Unit": unit}]
    return {"Label": label, "Datapoints": points}


def _statistics_query(namespace: str, metric: str, dimensions: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "Namespace": namespace,
        "MetricName": metric,
        "Dimensions": dimensions,
        "StartTime": NOW - timedelta(minutes=5),
        "EndTime": NOW,
        "Period": 60,
        "Statistics": ["Maximum"],
    }


def stub_aurora_lag(
    clients: TestClients,
    region: str,
    milliseconds: float | None,
    extra_dimensions: tuple[dict[str, str], ...] = (),
) -> None:
    """The secondary in `region`: `AuroraGlobalDBRPOLag` listed with its dimension set (the cluster, plus
    `extra_dimensions`) and one datapoint read under exactly that set; with None, no RPO-lag datapoint
    and no `AuroraGlobalDBReplicationLag` metric either."""
    cloudwatch = clients.stub("cloudwatch", region)
    having = [{"Name": "DBClusterIdentifier", "Value": CLUSTER_IDS[region]}]
    published = [*having, *extra_dimensions]
    for metric in ("AuroraGlobalDBRPOLag", "AuroraGlobalDBReplicationLag"):
        listed = [published] if metric == "AuroraGlobalDBRPOLag" else []
        cloudwatch.add_response(
            "list_metrics",
            list_metrics("AWS/RDS", metric, listed),
            {"Namespace": "AWS/RDS", "MetricName": metric, "Dimensions": having, "RecentlyActive": "PT3H"},
        )
        if listed:
            cloudwatch.add_response(
                "get_metric_statistics",
                statistics(metric, milliseconds, NOW - timedelta(minutes=1), "Milliseconds"),
                _statistics_query("AWS/RDS", metric, published),
            )
        if milliseconds is not None:
            return


def global_datastore(primary: str, status: str = "available", member_status: str = "associated") -> dict[str, Any]:
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
                        "Status": member_status,
                    },
                    {
                        "ReplicationGroupId": GROUP_IDS[secondary],
                        "ReplicationGroupRegion": secondary,
                        "Role": "SECONDARY",
                        "AutomaticFailover": "enabled",
                        "Status": member_status,
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


def replication_group(
    region: str, role: str = "SECONDARY", nodes: int = 1, status: str = "available"
) -> dict[str, Any]:
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
                "Status": status,
                "MemberClusters": members,
                "NodeGroups": [
                    {
                        "NodeGroupId": "0001",
                        "Status": status,
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
                "SnapshotRetentionLimit": 7,
                "SnapshotWindow": "04:00-05:00",
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


def stub_group(clients: TestClients, region: str, **kwargs: Any) -> None:
    clients.stub("elasticache", region).add_response(
        "describe_replication_groups", replication_group(region, **kwargs), {"ReplicationGroupId": GROUP_IDS[region]}
    )


def stub_cache_lag(
    clients: TestClients, region: str, seconds: float | None, nodes: int = 1, published: list[int] | None = None
) -> None:
    """The secondary group in `region`, the lag metric listed for its published nodes (default: all, plus a
    node of another cache that must be ignored), and one datapoint per published node (`seconds`)."""
    stub_group(clients, region, nodes=nodes)
    cloudwatch = clients.stub("cloudwatch", region)
    published = list(range(1, nodes + 1)) if published is None else published
    sets = [[{"Name": "CacheClusterId", "Value": f"{GROUP_IDS[region]}-{n:03d}"}] for n in published]
    other_cache = [{"Name": "CacheClusterId", "Value": "prod-queue-dr-001"}]
    cloudwatch.add_response(
        "list_metrics",
        list_metrics("AWS/ElastiCache", "GlobalDatastoreReplicationLag", [*sets, other_cache]),
        {"Namespace": "AWS/ElastiCache", "MetricName": "GlobalDatastoreReplicationLag", "RecentlyActive": "PT3H"},
    )
    for dimensions in sets:
        cloudwatch.add_response(
            "get_metric_statistics",
            statistics("GlobalDatastoreReplicationLag", seconds, NOW - timedelta(minutes=1), "Seconds"),
            _statistics_query("AWS/ElastiCache", "GlobalDatastoreReplicationLag", dimensions),
        )


def backup_vault(
    name: str,
    region: str,
    locked: bool,
    lock_date: datetime | None = datetime(2026, 1, 8, tzinfo=UTC),
    retention: tuple[int, int] = (35, 35),
) -> dict[str, Any]:
    """DescribeBackupVault; a lock without `lock_date` is a governance-mode lock."""
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
        body.update(MinRetentionDays=retention[0], MaxRetentionDays=retention[1])
        if lock_date is not None:
            body["LockDate"] = lock_date
    return body


def recovery_point(
    resource_arn: str,
    vault: str,
    region: str,
    created: datetime,
    *,
    status: str = "COMPLETED",
    continuous: bool = False,
    copied_from: str | None = None,
) -> dict[str, Any]:
    """One RecoveryPointByBackupVault of an Aurora cluster; ARNs follow AWS Backup's naming."""
    job = f"job-{created:%Y%m%d%H%M}-4f1e-9c2b-7a6d5e4f3a2b"
    if continuous:
        arn = f"arn:aws:backup:{region}:{ACCOUNT}:recovery-point:continuous:cluster-7xq2m4vz-{created:%H%M}"
    else:
        arn = f"arn:aws:rds:{region}:{ACCOUNT}:cluster-snapshot:awsbackup:{job}"
    point: dict[str, Any] = {
        "RecoveryPointArn": arn,
        "BackupVaultName": vault,
        "BackupVaultArn": f"arn:aws:backup:{region}:{ACCOUNT}:backup-vault:{vault}",
        "ResourceArn": resource_arn,
        "ResourceType": "Aurora",
        "CreatedBy": {"BackupPlanId": "8c1f6f0e-1b2a-4c3d-9e8f-0a1b2c3d4e5f", "BackupRuleId": "prod-daily"},
        "IamRoleArn": f"arn:aws:iam::{ACCOUNT}:role/prod-backup",
        "Status": status,
        "CreationDate": created,
        "CompletionDate": created + timedelta(minutes=40),
        "IsEncrypted": True,
        "Lifecycle": {"DeleteAfterDays": 35},
    }
    if copied_from:
        point["SourceBackupVaultArn"] = copied_from
    return point


def cache_snapshot(
    region: str, taken: datetime | None, *, status: str = "available", window: str = "04:00-05:00"
) -> dict[str, Any]:
    """One automatic snapshot of the sessions group in `region` (a node snapshot carries the time)."""
    group_id = GROUP_IDS[region]
    body: dict[str, Any] = {
        "SnapshotName": f"automatic.{group_id}-{(taken or NOW):%Y-%m-%d-%H-%M}",
        "ReplicationGroupId": group_id,
        "SnapshotStatus": status,
        "SnapshotSource": "automated",
        "CacheNodeType": "cache.r7g.large",
        "Engine": "valkey",
        "EngineVersion": "8.0",
        "SnapshotRetentionLimit": 7,
        "SnapshotWindow": window,
        "NumNodeGroups": 1,
        "AutomaticFailover": "enabled",
        "KmsKeyId": f"arn:aws:kms:{region}:{ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        "ARN": f"arn:aws:elasticache:{region}:{ACCOUNT}:snapshot:automatic.{group_id}",
        "NodeSnapshots": [{"CacheClusterId": f"{group_id}-001", "NodeGroupId": "0001", "CacheSize": "6 GB"}],
    }
    if taken is not None:
        body["NodeSnapshots"][0]["SnapshotCreateTime"] = taken
    return body
