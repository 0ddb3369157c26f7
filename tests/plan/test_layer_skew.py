"""The Kubernetes layer refuses to run ahead of the AWS layer, with a message that says what to do."""

import copy

import pytest

from bulkhead.plan.runner import ORGANIZATION, PlanError, run_under_mocks
from infra import kubernetes_layer
from infra.layers import KUBERNETES_PROJECTS
from infra.settings import read_stack_config
from tests.settings.support import DEFAULT_STACKS_DIR
from tests.support import shipped_plan

REFERENCE = f"{ORGANIZATION}/bulkhead/dev"


def run_kubernetes_layer(outputs: dict, role: str = "primary") -> list:
    config = read_stack_config(DEFAULT_STACKS_DIR / "Pulumi.dev.yaml")
    records, _ = run_under_mocks(
        kubernetes_layer.main,
        project=KUBERNETES_PROJECTS[role],
        stack="dev",
        config=config,
        default_region=config["aws:region"],
        layer="kubernetes",
        stack_outputs={REFERENCE: outputs},
    )
    return records


@pytest.fixture
def outputs():
    return copy.deepcopy(shipped_plan("dev").outputs)


def test_a_service_the_aws_layer_has_no_role_for_stops_the_layer(outputs):
    del outputs["kubernetes"]["clusters"]["primary"]["pod_identity_roles"]["worker"]
    with pytest.raises(Exception, match=r"has no Pod Identity role for 'worker' .*apply the AWS layer"):
        run_kubernetes_layer(outputs)


def test_a_cluster_in_another_region_than_the_settings_stops_the_layer(outputs):
    outputs["kubernetes"]["clusters"]["primary"]["region"] = "eu-west-1"
    with pytest.raises(Exception, match=r"has this cluster in eu-west-1, the settings in us-east-1"):
        run_kubernetes_layer(outputs)


def test_an_aws_layer_without_the_cluster_stops_the_layer(outputs):
    del outputs["kubernetes"]["clusters"]["primary"]
    with pytest.raises(Exception, match=r"exports no primary cluster .*apply the AWS layer"):
        run_kubernetes_layer(outputs)


def test_a_standby_layer_of_a_stack_without_a_warm_standby_is_refused(outputs):
    with pytest.raises(PlanError, match=r"the standby cluster's layer needs `dr.standby`"):
        run_kubernetes_layer(outputs, role="standby")


def test_the_layer_runs_with_what_the_aws_layer_exports(outputs):
    run_kubernetes_layer(outputs)  # the same outputs, unmodified: no error


def test_an_exposed_service_the_aws_layer_has_no_target_group_for_stops_the_layer(outputs):
    del outputs["kubernetes"]["clusters"]["primary"]["front_door_node_ports"]["api"]
    with pytest.raises(Exception, match=r"has no front-door target group for 'api' .*apply the AWS layer"):
        run_kubernetes_layer(outputs)


def test_the_service_opens_the_port_the_aws_layer_exports_not_a_copy_of_the_settings(outputs):
    outputs["kubernetes"]["clusters"]["primary"]["front_door_node_ports"]["api"] = 31999
    records = run_kubernetes_layer(outputs)
    [api] = [r for r in records if r.type == "kubernetes:core/v1:Service" and r.inputs["metadata"]["name"] == "api"]
    assert api.inputs["spec"]["ports"][0]["nodePort"] == 31999


def test_a_service_reading_flags_the_aws_layer_has_built_none_for_stops_the_layer(outputs):
    outputs["kubernetes"]["clusters"]["primary"]["feature_flags"] = {}
    with pytest.raises(Exception, match=r"has no feature flags in this cluster's region: apply the AWS layer"):
        run_kubernetes_layer(outputs)


def test_the_agent_polls_the_profile_the_aws_layer_exports(outputs):
    outputs["kubernetes"]["clusters"]["primary"]["feature_flags"] = {
        "application_id": "app1234",
        "environment_id": "env5678",
        "profile_id": "prof901",
    }
    records = run_kubernetes_layer(outputs)
    [api] = [r for r in records if r.type == "kubernetes:apps/v1:Deployment" and r.inputs["metadata"]["name"] == "api"]
    containers = {c["name"]: c for c in api.inputs["spec"]["template"]["spec"]["containers"]}
    agent_env = {item["name"]: item["value"] for item in containers["appconfig-agent"]["env"]}
    service_env = {item["name"]: item["value"] for item in containers["api"]["env"]}
    assert agent_env["PREFETCH_LIST"] == "app1234:env5678:prof901"
    assert service_env["BULKHEAD_FLAGS_URL"].endswith(
        "/applications/app1234/environments/env5678/configurations/prof901"
    )
