"""The shipped stacks' data tier, from the recorded offline plan of each environment (DESIGN.md table)."""

import pytest

from tests.support import shipped_plan

CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
SECRET = "aws:secretsmanager/secret:Secret"

EXPECTED = {
    # environment: (instances, backup days, deletion protection + protect, cache nodes, recovery window)
    "dev": (1, 7, False, 1, 7),
    "staging": (2, 14, True, 2, 14),
    "prod": (3, 35, True, 3, 30),
}


def primary(plan, resource_type):
    return [r for r in plan.of_type(resource_type) if r.region == plan.region]


def key_arns(plan, purpose):
    return {k.outputs["arn"] for k in plan.of_type("aws:kms/key:Key") if k.name.endswith(f"-{purpose}")}


@pytest.mark.parametrize("environment", EXPECTED)
def test_aurora_shape_per_environment(environment):
    instances, backup_days, protected, _, _ = EXPECTED[environment]
    plan = shipped_plan(environment)
    (cluster,) = primary(plan, CLUSTER)
    members = primary(plan, INSTANCE)
    assert len(members) == instances
    assert len({m.inputs["availabilityZone"] for m in members}) == instances  # one instance per AZ
    assert cluster.inputs["backupRetentionPeriod"] == backup_days
    assert cluster.inputs["deletionProtection"] is protected
    assert cluster.protect is (environment == "prod")
    assert (cluster.inputs["skipFinalSnapshot"] is False) is (environment != "dev")
    autoscaling = plan.of_type("aws:appautoscaling/target:Target")
    assert [t.inputs["scalableDimension"] for t in autoscaling] == (
        ["rds:cluster:ReadReplicaCount"] if environment == "prod" else []
    )


@pytest.mark.parametrize("environment", EXPECTED)
def test_aurora_encryption_and_access_hold_everywhere(environment):
    plan = shipped_plan(environment)
    data_keys = key_arns(plan, "data")
    for cluster in primary(plan, CLUSTER):
        inputs = cluster.inputs
        assert inputs["storageEncrypted"] is True and inputs["kmsKeyId"] in data_keys
        assert inputs["iamDatabaseAuthenticationEnabled"] is True
        assert inputs["copyTagsToSnapshot"] is True
        assert inputs["enabledCloudwatchLogsExports"] == ["postgresql"]
    for instance in primary(plan, INSTANCE):
        assert instance.inputs["publiclyAccessible"] is False
        assert instance.inputs["performanceInsightsKmsKeyId"] in data_keys
    params = plan.of_type("aws:rds/clusterParameterGroup:ClusterParameterGroup")
    assert params and all(
        {"name": "rds.force_ssl", "value": "1"}
        in [{k: p[k] for k in ("name", "value")} for p in g.inputs["parameters"]]
        for g in params
    )


@pytest.mark.parametrize("environment", EXPECTED)
def test_master_credentials_follow_the_dr_strategy(environment):
    """A global database (prod's warm standby) forbids the RDS-managed password: write-only path instead."""
    plan = shipped_plan(environment)
    (cluster,) = primary(plan, CLUSTER)
    global_database = environment == "prod"
    assert bool(plan.of_type("aws:rds/globalCluster:GlobalCluster")) is global_database
    assert ("manageMasterUserPassword" in cluster.inputs) is not global_database
    assert ("masterPasswordWo" in cluster.inputs) is global_database
    assert "masterPassword" not in cluster.inputs


@pytest.mark.parametrize("environment", EXPECTED)
def test_cache_shape_per_environment(environment):
    _, _, _, nodes, _ = EXPECTED[environment]
    plan = shipped_plan(environment)
    (group,) = primary(plan, GROUP)
    inputs = group.inputs
    assert inputs["numCacheClusters"] == nodes
    assert inputs["automaticFailoverEnabled"] is (nodes > 1) and inputs["multiAzEnabled"] is (nodes > 1)
    assert inputs["atRestEncryptionEnabled"] is True and inputs["kmsKeyId"] in key_arns(plan, "data")
    assert (inputs["transitEncryptionEnabled"], inputs["transitEncryptionMode"]) == (True, "required")
    assert inputs["userGroupIds"] and inputs["snapshotRetentionLimit"] >= 1
    assert ("finalSnapshotIdentifier" in inputs) is (environment != "dev")


@pytest.mark.parametrize("environment", EXPECTED)
def test_app_secrets_per_environment(environment):
    *_, window = EXPECTED[environment]
    plan = shipped_plan(environment)
    secrets = [s for s in plan.of_type(SECRET) if "/master" not in s.inputs["name"]]
    assert sorted(s.inputs["name"] for s in secrets) == [
        f"mobile-{environment}/payments-api-key",
        f"mobile-{environment}/push-signing-key",
    ]
    for secret in secrets:
        assert secret.inputs["recoveryWindowInDays"] == window
        assert secret.inputs["kmsKeyId"] in key_arns(plan, "secrets")
        replicas = secret.inputs.get("replicas", [])
        assert [r["region"] for r in replicas] == ([plan.dr_region] if plan.dr_region else [])
    policies = plan.of_type("aws:secretsmanager/secretPolicy:SecretPolicy")
    assert len(policies) == len(plan.of_type(SECRET))
    assert all(p.inputs["blockPublicPolicy"] is True for p in policies)
    assert len(plan.of_type("aws:secretsmanager/secretRotation:SecretRotation")) == len(plan.of_type(SECRET))


@pytest.mark.parametrize("environment", EXPECTED)
def test_data_stores_open_only_to_the_cluster_nodes_on_their_engine_port(environment):
    plan = shipped_plan(environment)
    ports = {"-db-from-": 5432, "-cache-from-": 6379}
    rules = [
        r
        for r in plan.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        if any(marker in r.name for marker in ports)
    ]
    # The database's master-secret rotation function is the other source, where it exists (warm standby).
    rotation = [r for r in rules if r.name.endswith("-from-master-rotation")]
    assert len(rotation) == (1 if environment == "prod" else 0)
    rules = [r for r in rules if r not in rotation]
    primary_rules = [r for r in rules if r.region == plan.region]
    assert len(primary_rules) == 2, "the shipped services need the database and the cache"
    data_groups = {
        g.outputs["arn"].rsplit("/", 1)[1]: g
        for g in plan.of_type("aws:ec2/securityGroup:SecurityGroup")
        if g.name.endswith(("-db-sg", "-cache-sg", "-db-dr-sg", "-cache-dr-sg"))
    }
    for rule in rules:
        port = next(p for marker, p in ports.items() if marker in rule.name)
        assert (rule.inputs["fromPort"], rule.inputs["toPort"], rule.inputs["ipProtocol"]) == (
            port,
            port,
            "tcp",
        )
        assert "cidrIpv4" not in rule.inputs and "cidrIpv6" not in rule.inputs
        assert rule.inputs["securityGroupId"] in data_groups
        assert rule.inputs["referencedSecurityGroupId"] not in data_groups
    # One source per region: the cluster's node security group.
    assert len({r.inputs["referencedSecurityGroupId"] for r in primary_rules}) == 1
    assert all("ingress" not in g.inputs for g in data_groups.values())
