"""The database component under recording mocks: every property of the issue, per argument."""

import pulumi_aws as aws
import pytest

from components.data.database import (
    ENHANCED_MONITORING_POLICY_ARN,
    Database,
    DatabaseArgs,
    GlobalReplicaArgs,
    ReaderAutoscalingArgs,
    ServerlessCapacity,
)
from tests.components.data_stores import (
    DATA_KEY,
    DR_SECRETS_KEY,
    LOGS_KEY,
    SECRETS_KEY,
    SUBNETS,
    connect_orders,
    dr_placement,
    primary_placement,
    record_data_store,
)
from tests.support import (
    ACCOUNT_ID,
    PRIMARY_REGION,
    in_provider,
    policy_document,
    provider,
    record,
)

ZONES = [f"{PRIMARY_REGION}a", f"{PRIMARY_REGION}b", f"{PRIMARY_REGION}c"]
NAME = "mobile-prod-db"
CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/clusterInstance:ClusterInstance"


def db_args(**overrides) -> DatabaseArgs:
    values = dict(**primary_placement(), availability_zones=ZONES, secrets_kms_key_arn=SECRETS_KEY)
    return DatabaseArgs(**{**values, **overrides})


def global_replica(dr_provider) -> GlobalReplicaArgs:
    return GlobalReplicaArgs(**dr_placement(dr_provider), secrets_kms_key_arn=DR_SECRETS_KEY)


def build_database(*, dr: bool = False, then=None, **overrides):
    return record_data_store(Database, NAME, db_args, global_replica, dr=dr, then=then, overrides=overrides)


@pytest.fixture(scope="module")
def prod_like():
    """Writer + 2 readers with autoscaling, protected; a stand-in role gets connect as `orders`."""
    return build_database(
        reader_count=2,
        reader_autoscaling=ReaderAutoscalingArgs(max_readers=5),
        protect=True,
        backup_retention_days=35,
        then=connect_orders,
    )


def test_cluster_is_encrypted_tls_only_iam_authenticated_and_recoverable(prod_like):
    cluster = prod_like.one(CLUSTER).inputs
    assert cluster["engine"] == "aurora-postgresql" and cluster["engineVersion"] == "16.8"
    assert cluster["storageEncrypted"] is True and cluster["kmsKeyId"] == DATA_KEY
    assert cluster["iamDatabaseAuthenticationEnabled"] is True
    assert cluster["backupRetentionPeriod"] == 35
    assert cluster["deletionProtection"] is True
    assert cluster["skipFinalSnapshot"] is False and cluster["finalSnapshotIdentifier"] == f"{NAME}-final"
    assert cluster["copyTagsToSnapshot"] is True
    assert cluster["enabledCloudwatchLogsExports"] == ["postgresql"]
    assert cluster["manageMasterUserPassword"] is True and cluster["masterUserSecretKmsKeyId"] == SECRETS_KEY
    assert "masterPassword" not in cluster and "masterPasswordWo" not in cluster
    assert cluster["masterUsername"] == "bulkhead_admin"
    params = prod_like.one("aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs
    assert params["family"] == "aurora-postgresql16"
    assert {"name": "rds.force_ssl", "value": "1"} in [
        {k: p[k] for k in ("name", "value")} for p in params["parameters"]
    ]
    assert cluster["dbClusterParameterGroupName"] == params["name"]


def test_cluster_is_protected_and_waits_for_its_log_group(prod_like):
    cluster = prod_like.one(CLUSTER)
    log_group = prod_like.one("aws:cloudwatch/logGroup:LogGroup")
    assert cluster.protect is True
    assert log_group.urn in cluster.dependencies
    assert log_group.inputs["name"] == f"/aws/rds/cluster/{NAME}/postgresql"
    assert log_group.inputs["kmsKeyId"] == LOGS_KEY and log_group.inputs["retentionInDays"] == 365


def test_protect_is_off_unless_asked():
    assert build_database().one(CLUSTER).protect is False


def test_writer_and_readers_are_spread_one_per_az_with_promotion_tiers(prod_like):
    instances = sorted(prod_like.of_type(INSTANCE), key=lambda r: r.name)
    assert [i.inputs["availabilityZone"] for i in instances] == ZONES
    assert [i.inputs["promotionTier"] for i in instances] == [0, 1, 2]
    writer = instances[0]
    assert all(writer.urn in reader.dependencies for reader in instances[1:])


def test_instances_wait_for_the_monitoring_role_policy(prod_like):
    # RDS refuses a monitoring role that does not yet carry AmazonRDSEnhancedMonitoringRole.
    attachment = prod_like.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "-monitoring-policy")
    assert all(attachment.urn in instance.dependencies for instance in prod_like.of_type(INSTANCE))


def test_every_instance_is_private_monitored_and_on_the_current_ca(prod_like):
    role = prod_like.one("aws:iam/role:Role", "-monitoring")
    for instance in prod_like.of_type(INSTANCE):
        inputs = instance.inputs
        assert inputs["publiclyAccessible"] is False
        assert inputs["performanceInsightsEnabled"] is True and inputs["performanceInsightsKmsKeyId"] == DATA_KEY
        assert inputs["monitoringInterval"] == 60 and inputs["monitoringRoleArn"] == role.outputs["arn"]
        assert inputs["caCertIdentifier"] == "rds-ca-rsa2048-g1"
        assert inputs["autoMinorVersionUpgrade"] is True


def test_monitoring_role_trusts_only_the_rds_monitoring_service(prod_like):
    trust = policy_document(prod_like.one("aws:iam/role:Role", "-monitoring"), "assumeRolePolicy")
    assert [s["Principal"] for s in trust["Statement"]] == [{"Service": "monitoring.rds.amazonaws.com"}]
    assert trust["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceAccount": DATA_KEY.split(":")[4]}}
    attachment = prod_like.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert attachment.inputs["policyArn"] == ENHANCED_MONITORING_POLICY_ARN


def test_reader_autoscaling_targets_the_reader_count_on_cpu(prod_like):
    target = prod_like.one("aws:appautoscaling/target:Target").inputs
    assert target["scalableDimension"] == "rds:cluster:ReadReplicaCount"
    assert target["resourceId"] == f"cluster:{NAME}"
    assert (target["minCapacity"], target["maxCapacity"]) == (2, 5)
    policy = prod_like.one("aws:appautoscaling/policy:Policy").inputs
    config = policy["targetTrackingScalingPolicyConfiguration"]
    assert config["predefinedMetricSpecification"]["predefinedMetricType"] == "RDSReaderAverageCPUUtilization"
    assert config["targetValue"] == 70


def test_no_autoscaling_without_its_args():
    assert build_database(reader_count=1).of_type("aws:appautoscaling/target:Target") == []


def test_events_go_to_an_encrypted_topic_that_only_the_subscriptions_may_publish_to(prod_like):
    topic = prod_like.one("aws:sns/topic:Topic")
    assert topic.inputs["kmsMasterKeyId"] == DATA_KEY
    subscriptions = prod_like.of_type("aws:rds/eventSubscription:EventSubscription")
    assert {s.inputs["sourceType"] for s in subscriptions} == {"db-cluster", "db-instance"}
    for subscription in subscriptions:
        assert sorted(subscription.inputs["eventCategories"]) == ["failover", "failure", "maintenance"]
        assert subscription.inputs["snsTopic"] == topic.outputs["arn"]
    publish, deny_clear_text = policy_document(prod_like.one("aws:sns/topicPolicy:TopicPolicy"))["Statement"]
    assert deny_clear_text["Effect"] == "Deny"
    assert deny_clear_text["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    statement = publish
    assert statement["Principal"] == {"Service": "events.rds.amazonaws.com"}
    assert statement["Resource"] == [topic.outputs["arn"]]
    assert sorted(statement["Condition"]["ArnEquals"]["aws:SourceArn"]) == sorted(
        f"arn:aws:rds:{PRIMARY_REGION}:{ACCOUNT_ID}:es:{s.inputs['name']}" for s in subscriptions
    )
    assert statement["Condition"]["StringEquals"]["aws:SourceAccount"] == ACCOUNT_ID


def test_security_group_is_closed_and_opens_only_the_engine_port_to_one_group(prod_like):
    group = prod_like.one("aws:ec2/securityGroup:SecurityGroup")
    assert "ingress" not in group.inputs and "egress" not in group.inputs
    rule = prod_like.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs
    assert rule["referencedSecurityGroupId"] == "sg-0nodes00000000000"
    assert (rule["fromPort"], rule["toPort"], rule["ipProtocol"]) == (5432, 5432, "tcp")
    assert "cidrIpv4" not in rule
    assert prod_like.one(CLUSTER).inputs["vpcSecurityGroupIds"] == [group.outputs["arn"].rsplit("/", 1)[1]]


def test_subnet_group_is_the_isolated_subnets(prod_like):
    group = prod_like.one("aws:rds/subnetGroup:SubnetGroup").inputs
    assert group["subnetIds"] == SUBNETS
    assert prod_like.one(CLUSTER).inputs["dbSubnetGroupName"] == group["name"]


def test_grant_connect_names_exactly_one_db_user_of_this_cluster(prod_like):
    cluster = prod_like.one(CLUSTER)
    policy = prod_like.one("aws:iam/rolePolicy:RolePolicy")
    (statement,) = policy_document(policy)["Statement"]
    assert statement["Action"] == ["rds-db:connect"]
    resource_id = cluster.outputs["clusterResourceId"]
    assert resource_id.startswith("cluster-")
    assert statement["Resource"] == [f"arn:aws:rds-db:{PRIMARY_REGION}:{ACCOUNT_ID}:dbuser:{resource_id}/orders"]


@pytest.mark.parametrize("db_user", ["Orders", "orders;drop", "", "bulkhead_admin"])
def test_grant_connect_refuses_bad_or_master_users(db_user):
    def then(database, primary):
        database.grant_connect(aws.iam.Role("r", assume_role_policy="{}", opts=in_provider(primary)), db_user)

    with pytest.raises(Exception, match="db_user must match"):
        build_database(then=then)


def test_allow_from_labels_must_be_unique():
    def then(database, _):
        database.allow_from("sg-0aaaaaaaaaaaaaaaa")
        database.allow_from("sg-0bbbbbbbbbbbbbbbb")

    with pytest.raises(Exception, match="label must be unique"):
        build_database(then=then)


def test_serverless_v2_sets_the_capacity_range():
    recorded = build_database(instance_class="db.serverless", serverless_capacity=ServerlessCapacity(max_acu=8))
    scaling = recorded.one(CLUSTER).inputs["serverlessv2ScalingConfiguration"]
    assert (scaling["minCapacity"], scaling["maxCapacity"]) == (0.5, 8)
    assert {i.inputs["instanceClass"] for i in recorded.of_type(INSTANCE)} == {"db.serverless"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"instance_class": "db.m5.large"},
            r"DatabaseArgs.instance_class: must be an Aurora PostgreSQL instance class.*got 'db.m5.large'",
        ),
        ({"engine_version": "13.9"}, r"DatabaseArgs.engine_version: must be .* major in \[14, 15, 16, 17\]"),
        (
            {"engine_version": "16.5"},
            r"DatabaseArgs.engine_version: is not an Aurora PostgreSQL 16 version.*got '16.5'",
        ),
        (
            {"reader_count": 3},
            r"DatabaseArgs.reader_count: every instance needs its own AZ; at most 2 .*got 3",
        ),
        (
            {"backup_retention_days": 36},
            r"DatabaseArgs.backup_retention_days: must be between 1 and 35 \(got 36\)",
        ),
        ({"backup_retention_days": 0}, r"backup_retention_days: must be between 1 and 35 \(got 0\)"),
        (
            {"monitoring_interval": 0},
            r"DatabaseArgs.monitoring_interval: must be one of \[1, 5, 10, 15, 30, 60\]",
        ),
        ({"master_username": "postgres"}, r"DatabaseArgs.master_username: .*got 'postgres'"),
        ({"instance_class": "db.serverless"}, r"DatabaseArgs.serverless_capacity: required exactly when"),
        (
            {"subnet_ids": SUBNETS[:1]},
            r"DatabaseArgs.subnet_ids: must list subnets in at least 2 AZs \(got 1\)",
        ),
        ({"performance_insights_retention_days": 30}, r"performance_insights_retention_days: .*got 30"),
        (
            {"reader_count": 2, "reader_autoscaling": ReaderAutoscalingArgs(max_readers=1)},
            r"reader_autoscaling.max_readers: must be >= reader_count \(2\)",
        ),
    ],
)
def test_bad_arguments_name_field_value_and_range(overrides, message):
    with pytest.raises(ValueError, match=message):
        db_args(**overrides)


@pytest.mark.parametrize(
    ("cls", "kwargs", "message"),
    [
        (
            ServerlessCapacity,
            {"min_acu": 0.3},
            r"ServerlessCapacity.min_acu: must be 0-256 in steps of 0.5 \(got 0.3\)",
        ),
        (ServerlessCapacity, {"min_acu": 8, "max_acu": 4}, r"min_acu: must be <= max_acu \(4\) \(got 8\)"),
        (ReaderAutoscalingArgs, {"max_readers": 16}, r"max_readers: must be between 1 and 15 \(got 16\)"),
        (
            ReaderAutoscalingArgs,
            {"max_readers": 2, "target_cpu_percent": 95},
            r"target_cpu_percent: .*got 95",
        ),
    ],
)
def test_bad_nested_arguments(cls, kwargs, message):
    with pytest.raises(ValueError, match=message):
        cls(**kwargs)


@pytest.mark.parametrize("name", ["Mobile-db", "mobile--db", "mobile-db-", "1db", "d" * 51])
def test_names_that_cannot_be_cluster_identifiers_are_refused(name):
    def build():
        Database(name, db_args(), opts=in_provider(provider()))

    with pytest.raises(Exception, match=r"Database name: must be lowercase letters, digits and single hyphens"):
        record(build)
