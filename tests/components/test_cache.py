"""The cache component under recording mocks: encryption, RBAC with IAM, failover, snapshots, logs, grants."""

from dataclasses import replace

import pulumi_aws as aws
import pytest

from bulkhead.plan.recorder import SECRET_PLACEHOLDER
from components.data.cache import Cache, CacheArgs, CacheGlobalReplicaArgs
from tests.components.data_stores import (
    DATA_KEY,
    DR_DATA_KEY,
    LOGS_KEY,
    SUBNETS,
    connect_orders,
    dr_placement,
    primary_placement,
    record_data_store,
)
from tests.support import (
    ACCOUNT_ID,
    DR_REGION,
    PRIMARY_REGION,
    in_provider,
    policy_document,
    provider,
    record,
)

NAME = "mobile-prod-cache"
GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
USER = "aws:elasticache/user:User"


def cache_args(**overrides) -> CacheArgs:
    return CacheArgs(**{**primary_placement(), "users": ("orders", "feed"), **overrides})


def cache_replica(dr_provider) -> CacheGlobalReplicaArgs:
    return CacheGlobalReplicaArgs(**dr_placement(dr_provider))


def build_cache(*, dr: bool = False, then=None, **overrides):
    return record_data_store(Cache, NAME, cache_args, cache_replica, dr=dr, then=then, overrides=overrides)


@pytest.fixture(scope="module")
def three_nodes():
    return build_cache(node_count=3, snapshot_retention_days=14, then=connect_orders)


def test_replication_group_is_encrypted_at_rest_and_in_transit(three_nodes):
    group = three_nodes.one(GROUP).inputs
    assert group["atRestEncryptionEnabled"] is True and group["kmsKeyId"] == DATA_KEY
    assert group["transitEncryptionEnabled"] is True and group["transitEncryptionMode"] == "required"
    assert (group["engine"], group["engineVersion"]) == ("valkey", "8.0")
    assert group["autoMinorVersionUpgrade"] is True
    assert "authToken" not in group and "authTokenWo" not in group


def test_replicas_bring_automatic_failover_and_multi_az(three_nodes):
    group = three_nodes.one(GROUP).inputs
    assert group["numCacheClusters"] == 3
    assert group["automaticFailoverEnabled"] is True and group["multiAzEnabled"] is True


def test_a_single_node_has_no_failover_to_turn_on():
    group = build_cache(node_count=1, node_type="cache.t4g.small").one(GROUP).inputs
    assert group["numCacheClusters"] == 1
    assert group["automaticFailoverEnabled"] is False and group["multiAzEnabled"] is False


def test_snapshots_are_kept_and_a_final_one_is_taken(three_nodes):
    group = three_nodes.one(GROUP).inputs
    assert group["snapshotRetentionLimit"] == 14
    assert group["finalSnapshotIdentifier"] == f"{NAME}-final"
    assert "finalSnapshotIdentifier" not in build_cache(final_snapshot=False).one(GROUP).inputs


def test_slow_and_engine_logs_go_to_encrypted_log_groups_as_json(three_nodes):
    deliveries = {d["logType"]: d for d in three_nodes.one(GROUP).inputs["logDeliveryConfigurations"]}
    assert sorted(deliveries) == ["engine-log", "slow-log"]
    for log_type, delivery in deliveries.items():
        assert (delivery["destinationType"], delivery["logFormat"]) == ("cloudwatch-logs", "json")
        log_group = three_nodes.one("aws:cloudwatch/logGroup:LogGroup", f"-{log_type}").inputs
        assert delivery["destination"] == log_group["name"] == f"/aws/elasticache/{NAME}/{log_type}"
        assert log_group["kmsKeyId"] == LOGS_KEY and log_group["retentionInDays"] == 365


def test_isolated_subnets_and_a_closed_security_group_opened_to_one_group_on_the_port(three_nodes):
    group = three_nodes.one(GROUP).inputs
    subnet_group = three_nodes.one("aws:elasticache/subnetGroup:SubnetGroup").inputs
    assert subnet_group["subnetIds"] == SUBNETS and group["subnetGroupName"] == subnet_group["name"]
    security_group = three_nodes.one("aws:ec2/securityGroup:SecurityGroup")
    assert "ingress" not in security_group.inputs
    rule = three_nodes.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs
    assert rule["referencedSecurityGroupId"] == "sg-0nodes00000000000"
    assert (rule["fromPort"], rule["toPort"]) == (6379, 6379) and "cidrIpv4" not in rule


def test_rbac_replaces_the_default_user_with_a_disabled_one(three_nodes):
    default = three_nodes.one(USER, "-default-user").inputs
    assert default["userName"] == "default" and default["accessString"] == "off -@all"
    # passwords_wo implies password authentication; the provider refuses it with authentication_mode.
    assert "authenticationMode" not in default
    assert "passwords" not in default and default["passwordsWoVersion"] == 1
    assert default["passwordsWo"] == SECRET_PLACEHOLDER  # secret, and write-only: never stored in state
    user_group = three_nodes.one("aws:elasticache/userGroup:UserGroup").inputs
    assert "default" not in user_group["userIds"]
    assert user_group["userIds"] == [f"{NAME}-default", f"{NAME}-orders", f"{NAME}-feed"]
    assert three_nodes.one(GROUP).inputs["userGroupIds"] == [user_group["userGroupId"]]


def test_client_users_authenticate_with_iam_only(three_nodes):
    for user in ("orders", "feed"):
        inputs = three_nodes.one(USER, f"-user-{user}").inputs
        assert inputs["authenticationMode"] == {"type": "iam"}
        assert inputs["userId"] == inputs["userName"] == f"{NAME}-{user}"
        assert "passwords" not in inputs and "passwordsWo" not in inputs
        assert inputs["accessString"].split()[0] == "on"


def test_grant_connect_names_the_group_and_that_user_only(three_nodes):
    (statement,) = policy_document(three_nodes.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]
    assert statement["Action"] == ["elasticache:Connect"]
    assert statement["Resource"] == [
        f"arn:aws:elasticache:{PRIMARY_REGION}:{ACCOUNT_ID}:replicationgroup:{NAME}",
        f"arn:aws:elasticache:{PRIMARY_REGION}:{ACCOUNT_ID}:user:{NAME}-orders",
    ]


def test_grant_connect_refuses_unknown_users():
    def then(cache, primary):
        cache.grant_connect(aws.iam.Role("r", assume_role_policy="{}", opts=in_provider(primary)), "billing")

    with pytest.raises(Exception, match=r"unknown user 'billing'; users: \['feed', 'orders'\]"):
        build_cache(then=then)


def test_redis_engine_is_allowed():
    group = build_cache(engine="redis", engine_version="7.1").one(GROUP).inputs
    assert group["engine"] == "redis" and group["transitEncryptionMode"] == "required"


@pytest.fixture(scope="module")
def with_dr():
    return build_cache(dr=True, node_count=3, then=connect_orders)


def test_global_datastore_joins_an_encrypted_secondary_in_the_dr_region(with_dr):
    datastore = with_dr.one("aws:elasticache/globalReplicationGroup:GlobalReplicationGroup")
    primary = with_dr.one(GROUP, f"{NAME}-group")
    assert datastore.inputs["primaryReplicationGroupId"] == primary.inputs["replicationGroupId"]
    secondary = with_dr.one(GROUP, "-dr-group")
    assert secondary.region == DR_REGION
    inputs = secondary.inputs
    assert inputs["globalReplicationGroupId"] == datastore.outputs["globalReplicationGroupId"]
    assert inputs["globalReplicationGroupId"].endswith(NAME) and inputs["globalReplicationGroupId"] != NAME
    assert inputs["kmsKeyId"] == DR_DATA_KEY
    # Inherited from the global datastore, whose primary is encrypted at rest and in transit: the
    # provider refuses these together with global_replication_group_id (ConflictsWith).
    inherited = (
        "engine",
        "engineVersion",
        "nodeType",
        "atRestEncryptionEnabled",
        "transitEncryptionEnabled",
        "transitEncryptionMode",
    )
    assert [key for key in inherited if key in inputs] == []
    assert primary.inputs["atRestEncryptionEnabled"] is True
    assert primary.inputs["transitEncryptionEnabled"] is True and primary.inputs["transitEncryptionMode"] == "required"
    assert with_dr.one(USER, f"{NAME}-dr-default-user").region == DR_REGION


def test_global_secondary_has_a_replica_and_the_primarys_failover_flags(with_dr):
    # AWS: a secondary inherits Multi-AZ and automatic failover from the primary, and automatic
    # failover needs a primary and a replica, so a single-node secondary of this primary is refused.
    primary = with_dr.one(GROUP, f"{NAME}-group").inputs
    secondary = with_dr.one(GROUP, "-dr-group").inputs
    assert secondary["numCacheClusters"] == 2
    flags = ("automaticFailoverEnabled", "multiAzEnabled")
    assert [secondary[flag] for flag in flags] == [primary[flag] for flag in flags] == [True, True]


def test_global_members_leave_minor_upgrades_to_aws(with_dr):
    # AWS turns auto minor version upgrade off for members and refuses to turn it on: setting it would
    # diff, and fail, on every update.
    groups = with_dr.of_type(GROUP)
    assert len(groups) == 2 and all("autoMinorVersionUpgrade" not in group.inputs for group in groups)


def test_refuses_a_single_node_secondary_of_a_primary_with_failover():
    replica = replace(cache_replica(dr_provider=None), node_count=1)
    with pytest.raises(ValueError, match=r"global_replica.node_count: must be >= 2: the secondary inherits"):
        cache_args(node_count=3, global_replica=replica)


def test_dr_grant_covers_the_secondary_and_its_user(with_dr):
    (statement,) = policy_document(with_dr.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]
    assert statement["Resource"][2:] == [
        f"arn:aws:elasticache:{DR_REGION}:{ACCOUNT_ID}:replicationgroup:{NAME}-dr",
        f"arn:aws:elasticache:{DR_REGION}:{ACCOUNT_ID}:user:{NAME}-orders",
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"engine": "memcached"},
            r"CacheArgs.engine: must be one of \['redis', 'valkey'\] \(got 'memcached'\)",
        ),
        (
            {"engine_version": "6.2"},
            r"CacheArgs.engine_version: must be one of \['7.2', '8.0', '8.1'\] for valkey",
        ),
        ({"node_type": "m5.large"}, r"CacheArgs.node_type: .*got 'm5.large'"),
        ({"node_count": 7}, r"CacheArgs.node_count: must be between 1 and 6 \(got 7\)"),
        ({"users": ("default",)}, r"CacheArgs.users: .*got \['default'\]"),
        ({"users": ("a", "a")}, r"CacheArgs.users: must be unique"),
        ({"access_string": "off ~* +@all"}, r"CacheArgs.access_string: client users must be 'on'"),
        (
            {"snapshot_retention_days": 0},
            r"CacheArgs.snapshot_retention_days: must be between 1 and 35 \(got 0\)",
        ),
    ],
)
def test_bad_arguments_name_field_value_and_range(overrides, message):
    with pytest.raises(ValueError, match=message):
        cache_args(**overrides)


def test_global_datastore_refuses_burstable_nodes_and_the_same_region():
    replica = cache_replica(dr_provider=None)  # validation does not touch the provider
    with pytest.raises(
        ValueError, match=r"CacheArgs.node_type: a global datastore needs a non-burstable.*\(got 'cache.t4g.small'\)"
    ):
        cache_args(node_type="cache.t4g.small", global_replica=replica)
    with pytest.raises(ValueError, match="global_replica.region: must differ from region"):
        cache_args(global_replica=replace(replica, region=PRIMARY_REGION))
    with pytest.raises(ValueError, match=r"CacheGlobalReplicaArgs.node_count: must be between 1 and 6 \(got 0\)"):
        replace(replica, node_count=0)


@pytest.mark.parametrize("name", ["Cache", "my--cache", "c" * 38])
def test_names_that_cannot_be_replication_group_ids_are_refused(name):
    def build():
        Cache(name, cache_args(), opts=in_provider(provider()))

    with pytest.raises(Exception, match=r"Cache name: must be 1-37 lowercase letters"):
        record(build)
