"""Runbook test support: a fixed clock, prod stack outputs, and clients that are moto or Stubber.

moto 5.2.5 (in-process `mock_aws`, or its server) implements Aurora global clusters (create/describe),
RDS clusters (with `LatestRestorableTime`), CloudWatch metrics (`PutMetricData`, `ListMetrics`,
`GetMetricStatistics`), ElastiCache replication groups and manual snapshots (without node snapshot
times), and Backup vaults with vault lock. It does NOT implement SwitchoverGlobalCluster,
FailoverGlobalCluster (NotImplementedError), any ElastiCache global datastore API
(DescribeGlobalReplicationGroups, FailoverGlobalReplicationGroup) or Backup recovery points
(ListRecoveryPointsByBackupVault answers 404): tests that need those use botocore's Stubber, which
validates every response against the installed service models (responses.py).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber

from bulkhead.runbooks.cli import build_parser, run
from tests.aws_fixtures import ACCOUNT

EAST, WEST = "us-east-1", "us-west-2"
NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)

PROD_OUTPUTS: dict[str, Any] = {
    "environment": "prod",
    "primary_region": EAST,
    "dr_region": WEST,
    "rpo_minutes": 1,
    "rto_minutes": 30,
    "dr_strategy": "warm-standby",
    "databases": [
        {
            "name": "app",
            "cluster_identifier": "prod-app-db",
            "cluster_arn": f"arn:aws:rds:{EAST}:{ACCOUNT}:cluster:prod-app-db",
            "global_cluster_identifier": "prod-app-global",
            "dr_cluster_arn": f"arn:aws:rds:{WEST}:{ACCOUNT}:cluster:prod-app-db-dr",
        }
    ],
    "caches": [
        {
            "name": "sessions",
            "replication_group_id": "prod-sessions",
            "global_replication_group_id": "ldgnf-prod-sessions",
            "dr_replication_group_id": "prod-sessions-dr",
        }
    ],
    "backup": {
        "vault_name": "prod-backup",
        "vault_arn": f"arn:aws:backup:{EAST}:{ACCOUNT}:backup-vault:prod-backup",
        "dr_vault_name": "prod-backup-dr",
        "dr_vault_arn": f"arn:aws:backup:{WEST}:{ACCOUNT}:backup-vault:prod-backup-dr",
        "protected_resource_arns": [f"arn:aws:rds:{EAST}:{ACCOUNT}:cluster:prod-app-db"],
        "schedule": "cron(0 5 ? * * *)",
        "start_window_minutes": 60,
        "completion_window_minutes": 1440,
        "continuous_backup": True,
        "vault_lock": {"min_retention_days": 35, "max_retention_days": 35},
        "dr_vault_lock": {"min_retention_days": 35, "max_retention_days": 35},
    },
    "cluster_name": "prod-eks",
    "services": [{"name": "api", "namespace": "api", "role_arn": f"arn:aws:iam::{ACCOUNT}:role/prod-api"}],
    # The stack exports more than the runbooks read; unknown keys must be ignored.
    "vpc_id": "vpc-0a1b2c3d4e5f60718",
}


class FakeClock:
    """Fixed time that only moves when the runbook sleeps."""

    def __init__(self, now: datetime = NOW):
        self.current = now
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.current += timedelta(seconds=seconds)


class TestClients:
    """Client factory for the runbooks: Stubber-backed clients where registered, else moto (or refuse).

    Every API call made through any client is recorded in `calls` as (region, OperationName), so tests
    can assert that a dry run called no mutating API; `mutating_clients` records which (service,
    region) were asked for a single-attempt client. `crash_on=(service, region)` raises
    KeyboardInterrupt the first time that client is asked for: a crash (Ctrl-C, a killed laptop)
    between two steps.
    """

    __test__ = False  # not a test class

    def __init__(self, allow_moto: bool, crash_on: tuple[str, str] | None = None):
        self.allow_moto = allow_moto
        self.crash_on = crash_on
        self.calls: list[tuple[str, str]] = []
        self.mutating_clients: list[tuple[str, str]] = []
        self._unreachable: set[tuple[str, str]] = set()
        self._clients: dict[tuple[str, str], Any] = {}
        self._stubbers: dict[tuple[str, str], Stubber] = {}

    def _create(self, service: str, region: str) -> Any:
        client = boto3.client(service, region_name=region)

        def record(model: Any, **_: Any) -> None:
            self.calls.append((region, model.name))

        # The first event of a call, ahead of the Stubber's handlers: even a call it refuses is recorded.
        client.meta.events.register("provide-client-params.*.*", record)
        self._clients[(service, region)] = client
        return client

    def stub(self, service: str, region: str) -> Stubber:
        key = (service, region)
        if key not in self._stubbers:
            client = self._clients.get(key) or self._create(service, region)
            self._stubbers[key] = Stubber(client)
            self._stubbers[key].activate()
        return self._stubbers[key]

    def make_unreachable(self, service: str, region: str) -> None:
        """Every call of that client fails as an endpoint that does not answer (from the operator's network)."""
        key = (service, region)
        client = self._clients.get(key) or self._create(service, region)

        def unreachable(**_: Any) -> None:
            raise EndpointConnectionError(endpoint_url=f"https://{service}.{region}.amazonaws.com/")

        client.meta.events.register("before-call.*.*", unreachable)
        self._unreachable.add(key)

    def check_credentials(self) -> None:
        """Fake credentials always resolve (the real check is tested with Boto3Clients)."""

    def __call__(self, service: str, region: str, *, mutating: bool = False) -> Any:
        key = (service, region)
        if key == self.crash_on:
            self.crash_on = None
            raise KeyboardInterrupt
        if mutating:
            self.mutating_clients.append(key)
        if key not in self._stubbers and key not in self._unreachable and not self.allow_moto:
            raise AssertionError(f"unexpected {service} client in {region}: no Stubber registered")
        return self._clients.get(key) or self._create(service, region)

    def operations(self) -> list[str]:
        return [name for _, name in self.calls]

    def assert_all_consumed(self) -> None:
        for stubber in self._stubbers.values():
            stubber.assert_no_pending_responses()


def put_aurora_lag(
    milliseconds: float,
    timestamp: datetime,
    metric: str = "AuroraGlobalDBRPOLag",
    extra_dimensions: tuple[tuple[str, str], ...] = (),
) -> None:
    """One lag datapoint of the DR cluster, in milliseconds, under its `DBClusterIdentifier` (plus any
    `extra_dimensions`: the runbook must find whatever set RDS publishes, not assume one)."""
    dimensions = [{"Name": "DBClusterIdentifier", "Value": "prod-app-db-dr"}]
    dimensions += [{"Name": name, "Value": value} for name, value in extra_dimensions]
    boto3.client("cloudwatch", WEST).put_metric_data(
        Namespace="AWS/RDS",
        MetricData=[
            {
                "MetricName": metric,
                "Dimensions": dimensions,
                "Timestamp": timestamp,
                "Value": milliseconds,
                "Unit": "Milliseconds",
            }
        ],
    )


def create_global_database(writer: str = EAST) -> None:
    """The prod global database as the Pulumi program builds it: global cluster, then the writer's
    cluster (moto makes the first member the writer), then the other one. `writer=WEST` gives the
    state a switchover to the DR region leaves."""
    boto3.client("rds", writer).create_global_cluster(
        GlobalClusterIdentifier="prod-app-global",
        Engine="aurora-postgresql",
        EngineVersion="16.4",
        StorageEncrypted=True,
    )
    members = [(EAST, "prod-app-db"), (WEST, "prod-app-db-dr")]
    for region, identifier in sorted(members, key=lambda member: member[0] != writer):
        boto3.client("rds", region).create_db_cluster(
            DBClusterIdentifier=identifier,
            Engine="aurora-postgresql",
            EngineVersion="16.4",
            GlobalClusterIdentifier="prod-app-global",
            StorageEncrypted=True,
            **({"MasterUsername": "app", "MasterUserPassword": "not-a-real-password-1"} if region == writer else {}),
        )


def invoke(argv: list[str], clients: Any, clock: FakeClock, stdin: str = "") -> tuple[int, str, str]:
    """Run the runbooks' CLI in-process on `clients` and `clock`: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = run(
        build_parser().parse_args(argv),
        clients=clients,
        clock=clock,
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


API = "api.mobile.example.com"


def front_door(health_check_id: str | None, target_groups: dict[str, str], routing: str = "failover") -> dict:
    """The `front_door` output of a stack with a load balancer per region of `target_groups`."""

    def edge(region: str) -> dict[str, Any]:
        return {
            "load_balancer_arn": f"arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:loadbalancer/app/edge/0123456789ab",
            "dns_name": f"edge-1234567890.{region}.elb.amazonaws.com",
            "zone_id": {"us-east-1": "Z35SXDOTRQ7X7K", "us-west-2": "Z1H1FL5HABSF5"}[region],
            "target_group_arns": {"api": target_groups[region]},
        }

    return {
        "api_name": API,
        "hosted_zone_id": "Z05413621ZQ8VJ3Q7W0KX",
        "routing": routing,
        "health_check_id": health_check_id,
        "regions": {region: edge(region) for region in target_groups},
    }
