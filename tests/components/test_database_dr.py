"""The database's DR path: an Aurora global database with a secondary cluster in the DR region."""

import json
from dataclasses import replace
from functools import partial

import pytest

from bulkhead.plan.mock_outputs import MOCK_GENERATED_PASSWORD
from bulkhead.plan.recorder import SECRET_PLACEHOLDER
from components.data.database_args import MasterRotationArgs, ServerlessCapacity
from components.reference.rotation import APPLICATION_VERSIONS, POSTGRES_SINGLE_USER
from tests.components.data_stores import (
    DATA_KEY,
    DR_DATA_KEY,
    DR_LOGS_KEY,
    DR_SECRETS_KEY,
    LOGS_KEY,
    SECRETS_KEY,
    SUBNETS,
    connect_orders,
)
from tests.components.test_database import NAME, build_database, db_args, global_replica
from tests.support import ACCOUNT_ID, DR_REGION, PRIMARY_REGION, ignored_changes, policy_document

CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/clusterInstance:ClusterInstance"


@pytest.fixture(scope="module")
def with_dr():
    return build_database(dr=True, reader_count=1, protect=True, then=partial(connect_orders, standby=True))


def test_global_cluster_is_encrypted_and_the_primary_joins_it(with_dr):
    global_cluster = with_dr.one("aws:rds/globalCluster:GlobalCluster")
    assert global_cluster.inputs["storageEncrypted"] is True
    assert global_cluster.inputs["engine"] == "aurora-postgresql"
    assert global_cluster.protect is True
    primary = with_dr.one(CLUSTER, f"{NAME}-cluster")
    assert primary.inputs["globalClusterIdentifier"] == global_cluster.inputs["globalClusterIdentifier"]
    assert primary.region == PRIMARY_REGION


def test_global_primary_uses_a_write_only_secret_password_not_a_managed_one(with_dr):
    primary = with_dr.one(CLUSTER, f"{NAME}-cluster").inputs
    assert "manageMasterUserPassword" not in primary and "masterPassword" not in primary
    # The recorder replaces every Pulumi secret with a placeholder: the generated password is secret.
    assert primary["masterPasswordWo"] == SECRET_PLACEHOLDER and primary["masterPasswordWoVersion"] == 1
    version = with_dr.one("aws:secretsmanager/secretVersion:SecretVersion").inputs
    assert "secretString" not in version
    assert version["secretStringWo"] == SECRET_PLACEHOLDER and version["secretStringWoVersion"] == 1
    assert MOCK_GENERATED_PASSWORD not in json.dumps([record.inputs for record in with_dr.records])


def test_master_credential_secret_is_on_the_cmk_and_replicated_to_the_dr_region(with_dr):
    secret = with_dr.one("aws:secretsmanager/secret:Secret").inputs
    assert secret["name"] == f"{NAME}/master"
    assert secret["kmsKeyId"] == SECRETS_KEY
    assert secret["replicas"] == [{"region": DR_REGION, "kmsKeyId": DR_SECRETS_KEY}]


def test_secondary_lives_in_the_dr_region_on_the_replica_keys(with_dr):
    secondary = with_dr.one(CLUSTER, "-dr-cluster")
    assert secondary.region == DR_REGION and secondary.protect is True
    inputs = secondary.inputs
    assert inputs["kmsKeyId"] == DR_DATA_KEY and inputs["storageEncrypted"] is True
    assert inputs["globalClusterIdentifier"] == f"{NAME}-global"
    assert "masterUsername" not in inputs and "masterPasswordWo" not in inputs
    assert inputs["iamDatabaseAuthenticationEnabled"] is True
    assert inputs["enabledCloudwatchLogsExports"] == ["postgresql"]
    writer = with_dr.one(INSTANCE, f"{NAME}-0")
    assert writer.urn in secondary.dependencies
    log_group = with_dr.one("aws:cloudwatch/logGroup:LogGroup", "-dr-log")
    assert log_group.region == DR_REGION and log_group.inputs["kmsKeyId"] == DR_LOGS_KEY
    params = with_dr.one("aws:rds/clusterParameterGroup:ClusterParameterGroup", "-dr-params")
    assert params.region == DR_REGION
    assert [p["value"] for p in params.inputs["parameters"] if p["name"] == "rds.force_ssl"] == ["1"]


def ignored_changes_of_clusters(monkeypatch, **overrides) -> dict[str, list[str]]:
    """The `ignore_changes` option of every rds.Cluster the database creates (`<name>-cluster`), by name."""
    ignored = ignored_changes(monkeypatch, partial(build_database, **overrides))
    return {name: value for name, value in ignored.items() if name.endswith("-cluster")}


def test_global_members_ignore_what_aws_and_the_global_cluster_set(monkeypatch):
    # pulumi-aws rds docs: a secondary must ignore replicationSourceIdentifier (else each update tries to
    # clear it, promoting the secondary), and members ignore engineVersion (the GlobalCluster upgrades them).
    assert ignored_changes_of_clusters(monkeypatch, dr=True) == {
        f"{NAME}-cluster": ["engineVersion"],
        f"{NAME}-dr-cluster": ["engineVersion", "replicationSourceIdentifier"],
    }


def test_a_standalone_cluster_ignores_nothing(monkeypatch):
    assert ignored_changes_of_clusters(monkeypatch) == {f"{NAME}-cluster": []}


ENDPOINT_SG = "sg-0endpoints0000000"
STACK = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack"


@pytest.fixture(scope="module")
def with_rotation():
    return build_database(
        dr=True, master_secret_rotation=MasterRotationArgs(secrets_endpoint_security_group_id=ENDPOINT_SG)
    )


def test_master_secret_rotates_with_the_function_aws_publishes_at_a_pinned_version(with_rotation):
    stack = with_rotation.one(STACK).inputs
    assert stack["applicationId"] == (
        "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser"
    )
    assert stack["semanticVersion"] == APPLICATION_VERSIONS[POSTGRES_SINGLE_USER]
    assert stack["capabilities"] == ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]
    rotation = with_rotation.one("aws:secretsmanager/secretRotation:SecretRotation")
    assert rotation.name == f"{NAME}-master-rotation"
    assert rotation.parent == with_rotation.one("bulkhead:secrets:Secret").urn  # URN unchanged
    function_arn = with_rotation.one(STACK).outputs["outputs"]["RotationLambdaARN"]
    assert rotation.inputs["rotationLambdaArn"] == function_arn
    assert function_arn == f"arn:aws:lambda:{PRIMARY_REGION}:{ACCOUNT_ID}:function:{NAME}-rotation"
    assert rotation.inputs["rotationRules"] == {"automaticallyAfterDays": 30}


def test_rotation_function_runs_in_the_isolated_subnets_and_reaches_only_the_database_and_secrets_manager(
    with_rotation,
):
    parameters = with_rotation.one(STACK).inputs["parameters"]
    assert parameters["vpcSubnetIds"] == ",".join(SUBNETS)
    assert parameters["endpoint"] == f"https://secretsmanager.{PRIMARY_REGION}.amazonaws.com"
    assert parameters["kmsKeyArn"] == SECRETS_KEY
    group = with_rotation.one("aws:ec2/securityGroup:SecurityGroup", f"{NAME}-rotation-sg")
    assert parameters["vpcSecurityGroupIds"] == group.outputs["id"]
    egress = {
        rule.inputs["referencedSecurityGroupId"]: rule.inputs["fromPort"]
        for rule in with_rotation.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        if rule.inputs["securityGroupId"] == group.outputs["id"]
    }
    database_group = with_rotation.one("aws:ec2/securityGroup:SecurityGroup", f"{NAME}-sg")
    assert egress == {database_group.outputs["id"]: 5432, ENDPOINT_SG: 443}
    assert not [
        rule
        for rule in with_rotation.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        if rule.inputs["securityGroupId"] == group.outputs["id"]
    ]
    opened = with_rotation.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "-from-master-rotation")
    assert opened.inputs["referencedSecurityGroupId"] == group.outputs["id"]
    assert opened.inputs["securityGroupId"] == database_group.outputs["id"]


def test_rotation_function_logs_to_an_encrypted_group_created_first(with_rotation):
    group = with_rotation.one("aws:cloudwatch/logGroup:LogGroup", f"{NAME}-rotation-logs")
    assert group.inputs["name"] == f"/aws/lambda/{NAME}-rotation"
    assert group.inputs["kmsKeyId"] == LOGS_KEY and group.inputs["retentionInDays"] == 365
    assert group.urn in with_rotation.one(STACK).dependencies


def test_secrets_manager_may_invoke_the_function_for_the_master_secret_only(with_rotation):
    permission = with_rotation.one("aws:lambda/permission:Permission").inputs
    secret = with_rotation.one("aws:secretsmanager/secret:Secret")
    assert permission["principal"] == "secretsmanager.amazonaws.com"
    assert permission["sourceArn"] == secret.outputs["arn"]
    assert permission["sourceAccount"] == ACCOUNT_ID


def test_rotation_starts_once_the_value_the_writer_and_the_function_exist(with_rotation):
    # Started earlier, the function would find no value (and no writer to log in to), fail, and leave
    # an AWSPENDING version that makes every later RotateSecret call fail.
    rotation = with_rotation.one("aws:secretsmanager/secretRotation:SecretRotation")
    value = with_rotation.one("aws:secretsmanager/secretVersion:SecretVersion")
    writer = with_rotation.one(INSTANCE, f"{NAME}-0")
    permission = with_rotation.one("aws:lambda/permission:Permission")
    assert {value.urn, writer.urn, permission.urn} <= set(rotation.dependencies)
    assert rotation.inputs["rotateImmediately"] is True  # the program-generated password is replaced at once


def test_secondary_instances_are_encrypted_monitored_and_private(with_dr):
    dr_instances = [i for i in with_dr.of_type(INSTANCE) if i.region == DR_REGION]
    assert [i.name for i in dr_instances] == [f"{NAME}-dr-0"]
    inputs = dr_instances[0].inputs
    monitoring_policy = with_dr.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "-monitoring-policy")
    assert monitoring_policy.urn in dr_instances[0].dependencies
    assert inputs["performanceInsightsKmsKeyId"] == DR_DATA_KEY
    assert inputs["publiclyAccessible"] is False and inputs["monitoringInterval"] == 60


EVENTS = "aws:rds/eventSubscription:EventSubscription"


def test_secondary_has_its_own_event_subscriptions_in_the_dr_region_on_the_dr_data_key(with_dr):
    topic = with_dr.one("aws:sns/topic:Topic", "-dr-events")
    assert topic.region == DR_REGION and topic.inputs["kmsMasterKeyId"] == DR_DATA_KEY
    secondary = with_dr.one(CLUSTER, "-dr-cluster")
    dr_instances = [i for i in with_dr.of_type(INSTANCE) if i.region == DR_REGION]
    subscriptions = {s.inputs["sourceType"]: s for s in with_dr.of_type(EVENTS) if s.region == DR_REGION}
    assert subscriptions.keys() == {"db-cluster", "db-instance"}
    assert subscriptions["db-cluster"].inputs["sourceIds"] == [secondary.outputs["id"]]
    assert subscriptions["db-instance"].inputs["sourceIds"] == [i.outputs["id"] for i in dr_instances]
    for subscription in subscriptions.values():
        assert subscription.name.startswith(f"{NAME}-dr-")
        assert sorted(subscription.inputs["eventCategories"]) == ["failover", "failure", "maintenance"]
        assert subscription.inputs["snsTopic"] == topic.outputs["arn"] and subscription.inputs["enabled"] is True
    # Only the DR subscriptions, in the DR region, of this account may publish to the DR topic.
    policy = with_dr.one("aws:sns/topicPolicy:TopicPolicy", "-dr-events-policy")
    assert policy.region == DR_REGION
    statement, deny_clear_text = policy_document(policy)["Statement"]
    assert deny_clear_text["Effect"] == "Deny" and deny_clear_text["Sid"] == "DenyInsecureTransport"
    assert statement["Principal"] == {"Service": "events.rds.amazonaws.com"}
    assert statement["Resource"] == [topic.outputs["arn"]]
    assert sorted(statement["Condition"]["ArnEquals"]["aws:SourceArn"]) == sorted(
        f"arn:aws:rds:{DR_REGION}:{ACCOUNT_ID}:es:{s.inputs['name']}" for s in subscriptions.values()
    )
    assert statement["Condition"]["StringEquals"]["aws:SourceAccount"] == ACCOUNT_ID


def test_primary_event_subscriptions_keep_their_names_region_and_sources(with_dr):
    primary_topic = with_dr.one("aws:sns/topic:Topic", f"{NAME}-events")
    assert primary_topic.region == PRIMARY_REGION and primary_topic.inputs["kmsMasterKeyId"] == DATA_KEY
    primary = with_dr.one(CLUSTER, f"{NAME}-cluster")
    component = with_dr.one("bulkhead:database:Database")
    primary_subscriptions = [s for s in with_dr.of_type(EVENTS) if s.region == PRIMARY_REGION]
    assert sorted(s.name for s in primary_subscriptions) == [f"{NAME}-cluster-events", f"{NAME}-instances-events"]
    assert {s.parent for s in primary_subscriptions} == {component.urn}
    (cluster_events,) = [s for s in primary_subscriptions if s.inputs["sourceType"] == "db-cluster"]
    assert cluster_events.inputs["sourceIds"] == [primary.outputs["id"]]


def test_a_standalone_cluster_has_no_dr_event_topic():
    recorded = build_database()
    assert [t.name for t in recorded.of_type("aws:sns/topic:Topic")] == [f"{NAME}-events"]
    assert all(s.region == PRIMARY_REGION for s in recorded.of_type(EVENTS))


def test_dr_security_group_opens_only_to_the_dr_workloads(with_dr):
    group = with_dr.one("aws:ec2/securityGroup:SecurityGroup", "-dr-sg")
    assert group.region == DR_REGION and group.inputs["vpcId"] == "vpc-0fedcba9876543210"
    rule = with_dr.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert rule.region == DR_REGION
    assert rule.inputs["referencedSecurityGroupId"] == "sg-0drnodes000000000" and rule.inputs["fromPort"] == 5432


def test_grant_connect_covers_the_secondary_too(with_dr):
    (statement,) = policy_document(with_dr.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]
    primary, secondary = with_dr.one(CLUSTER, f"{NAME}-cluster"), with_dr.one(CLUSTER, "-dr-cluster")
    assert statement["Resource"] == [
        f"arn:aws:rds-db:{PRIMARY_REGION}:{ACCOUNT_ID}:dbuser:{primary.outputs['clusterResourceId']}/orders",
        f"arn:aws:rds-db:{DR_REGION}:{ACCOUNT_ID}:dbuser:{secondary.outputs['clusterResourceId']}/orders",
    ]


def test_allow_dr_from_needs_a_dr_replica():
    with pytest.raises(Exception, match="has no global_replica"):
        build_database(then=lambda database, _: database.allow_dr_from("sg-0aaaaaaaaaaaaaaaa"))


def test_dr_arguments_are_validated():
    replica = global_replica(dr_provider=None)  # validation does not touch the provider
    with pytest.raises(ValueError, match=r"GlobalReplicaArgs.instance_count: must be between 1 and 16 \(got 0\)"):
        replace(replica, instance_count=0)
    with pytest.raises(ValueError, match=r"GlobalReplicaArgs.subnet_ids: must list subnets in at least 2 AZs"):
        replace(replica, subnet_ids=["subnet-0dddddddddddddddd"])
    with pytest.raises(ValueError, match="global_replica.region: must differ from region"):
        db_args(global_replica=replace(replica, region=PRIMARY_REGION))


def test_global_database_refuses_burstable_classes():
    # AWS: an Aurora global database requires memory-optimized instance classes.
    replica = global_replica(dr_provider=None)
    with pytest.raises(
        ValueError,
        match=r"DatabaseArgs.instance_class: an Aurora global database needs a memory-optimized class .*"
        r"\(got 'db.t4g.medium'\)",
    ):
        db_args(instance_class="db.t4g.medium", global_replica=replica)
    with pytest.raises(ValueError, match=r"GlobalReplicaArgs.instance_class: .*\(got 'db.t3.medium'\)"):
        replace(replica, instance_class="db.t3.medium")
    assert db_args(instance_class="db.serverless", serverless_capacity=ServerlessCapacity(), global_replica=replica)
