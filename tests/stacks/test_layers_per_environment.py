"""The two layers of each shipped stack: an in-VPC runner per cluster, and Kubernetes layers that take
every AWS value from the AWS layer's outputs."""

import json

import pytest

from infra.layers import KUBERNETES_OUTPUT
from tests.settings.support import shipped_stack
from tests.support import DR_REGION, PRIMARY_REGION, shipped_plan

ENVIRONMENTS = ("dev", "staging", "prod")
CLUSTER_REGIONS = {"dev": [PRIMARY_REGION], "staging": [PRIMARY_REGION], "prod": [PRIMARY_REGION, DR_REGION]}
PROJECT = "aws:codebuild/project:Project"


def private_subnets(plan, region):
    return {
        s.outputs["id"]
        for s in plan.of_type("aws:ec2/subnet:Subnet")
        if s.region == region and s.inputs["tags"]["bulkhead:tier"] == "private"
    }


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_runner_in_the_private_subnets_of_each_cluster_region(environment):
    plan = shipped_plan(environment)
    projects = {p.region: p for p in plan.of_type(PROJECT)}
    assert sorted(projects) == sorted(CLUSTER_REGIONS[environment])
    clusters = {c.region: c for c in plan.of_type("aws:eks/cluster:Cluster")}
    for region, project in projects.items():
        assert set(project.inputs["vpcConfig"]["subnets"]) == private_subnets(plan, region)
        assert project.inputs["environment"]["privilegedMode"] is False
        variables = {v["name"]: v["value"] for v in project.inputs["environment"]["environmentVariables"]}
        assert variables["BULKHEAD_CLUSTER_NAME"] == clusters[region].inputs["name"]
        assert variables["PULUMI_PROJECT_DIR"] == (
            "infra/kubernetes/primary" if region == PRIMARY_REGION else "infra/kubernetes/standby"
        )
        assert variables["PULUMI_STACK"] == environment
        assert variables["PULUMI_POLICY_CONFIG"] == f"policies/config/{environment}.json"
        assert variables["PULUMI_VERSION"] == shipped_stack(environment).runner.pulumi_version


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_each_runner_has_cluster_access_on_its_own_cluster_only(environment):
    plan = shipped_plan(environment)
    roles = {r.outputs["arn"]: r for r in plan.of_type("aws:iam/role:Role") if r.name.endswith("runner-role")}
    entries = [e for e in plan.of_type("aws:eks/accessEntry:AccessEntry") if e.inputs["principalArn"] in roles]
    assert len(entries) == len(CLUSTER_REGIONS[environment])
    clusters = {c.region: c.inputs["name"] for c in plan.of_type("aws:eks/cluster:Cluster")}
    for entry in entries:
        assert entry.inputs["clusterName"] == clusters[entry.region]
        assert roles[entry.inputs["principalArn"]].region == entry.region


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_kubernetes_providers_are_built_from_the_aws_layers_outputs(environment):
    plan = shipped_plan(environment)
    exported = plan.outputs[KUBERNETES_OUTPUT]["clusters"]
    clusters = {c.outputs["endpoint"]: c for c in plan.of_type("aws:eks/cluster:Cluster")}
    providers = plan.of_type("pulumi:providers:kubernetes")
    assert len(providers) == len(exported) == len(CLUSTER_REGIONS[environment])
    for provider in providers:
        role = "standby" if "::bulkhead-kubernetes-standby::" in provider.urn else "primary"
        [cluster] = json.loads(provider.inputs["kubeconfig"])["clusters"]
        assert cluster["cluster"]["server"] == exported[role]["endpoint"]
        assert cluster["cluster"]["certificate-authority-data"] == exported[role]["certificate_authority"]
        assert cluster["name"] == clusters[exported[role]["endpoint"]].inputs["name"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_pods_name_the_roles_the_aws_layer_associated_with_their_service_accounts(environment):
    plan = shipped_plan(environment)
    associations = {
        (a.region, a.inputs["namespace"], a.inputs["serviceAccount"]): a.inputs["roleArn"]
        for a in plan.of_type("aws:eks/podIdentityAssociation:PodIdentityAssociation")
    }
    annotated = 0
    for deployment in plan.of_type("kubernetes:apps/v1:Deployment"):
        region = DR_REGION if "::bulkhead-kubernetes-standby::" in deployment.urn else PRIMARY_REGION
        template = deployment.inputs["spec"]["template"]
        role = template["metadata"].get("annotations", {}).get("bulkhead.io/pod-identity-role")
        if role is None:
            continue  # metrics-server calls no AWS API
        key = (region, deployment.inputs["metadata"]["namespace"], template["spec"]["serviceAccountName"])
        assert associations[key] == role
        annotated += 1
    assert annotated == 3 * len(CLUSTER_REGIONS[environment])  # api, worker, cluster-autoscaler per cluster


def test_prod_rotates_the_master_secret_with_the_function_it_deploys():
    plan = shipped_plan("prod")
    [stack] = plan.of_type("aws:serverlessrepository/cloudFormationStack:CloudFormationStack")
    [rotation] = [
        r
        for r in plan.of_type("aws:secretsmanager/secretRotation:SecretRotation")
        if r.name == "mobile-prod-db-master-rotation"
    ]
    assert rotation.inputs["rotationLambdaArn"] == stack.outputs["outputs"]["RotationLambdaARN"]
    isolated = {
        s.outputs["id"]
        for s in plan.of_type("aws:ec2/subnet:Subnet")
        if s.region == PRIMARY_REGION and s.inputs["tags"]["bulkhead:tier"] == "isolated"
    }
    assert set(stack.inputs["parameters"]["vpcSubnetIds"].split(",")) == isolated


def test_prod_cache_secondary_is_scaled_down_but_keeps_a_replica():
    plan = shipped_plan("prod")
    groups = {g.region: g.inputs for g in plan.of_type("aws:elasticache/replicationGroup:ReplicationGroup")}
    assert groups[DR_REGION]["numCacheClusters"] == 2 < groups[PRIMARY_REGION]["numCacheClusters"]
    assert groups[DR_REGION]["automaticFailoverEnabled"] is groups[PRIMARY_REGION]["automaticFailoverEnabled"] is True


def test_the_plan_warns_that_the_prod_vault_lock_becomes_permanent(capsys):
    from bulkhead.cli import main

    main(["plan", "--stack", "prod"])
    out = capsys.readouterr().out
    assert "Irreversible once applied:" in out
    assert "vault lock in compliance mode becomes immutable 3 days after it is created" in out


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_each_clusters_nodeport_service_opens_the_port_of_the_aws_layers_target_group_in_its_region(environment):
    plan = shipped_plan(environment)
    exported = plan.outputs[KUBERNETES_OUTPUT]["clusters"]
    groups = {g.region: g.inputs["port"] for g in plan.of_type("aws:lb/targetGroup:TargetGroup")}
    services = [s for s in plan.of_type("kubernetes:core/v1:Service") if s.inputs["spec"].get("type") == "NodePort"]
    assert len(services) == len(exported) == len(CLUSTER_REGIONS[environment])
    for service in services:
        role = "standby" if "::bulkhead-kubernetes-standby::" in service.urn else "primary"
        region = DR_REGION if role == "standby" else PRIMARY_REGION
        assert exported[role]["front_door_node_ports"] == {"api": groups[region]}
        assert service.inputs["spec"]["ports"][0]["nodePort"] == groups[region]
