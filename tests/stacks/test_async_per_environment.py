"""Queues and feature flags in the shipped stacks' plans, and what `bulkhead policy check` says when they
lose their safeguards."""

import copy
import json

import pytest

from bulkhead.cli import main
from bulkhead.exit_codes import EXIT_FAILED, EXIT_OK
from bulkhead.plan.posture import compute_posture, render_text
from tests.support import DR_REGION, PRIMARY_REGION, plan_modified, policy_document, shipped_plan

QUEUE = "aws:sqs/queue:Queue"
ENVIRONMENT = "aws:appconfig/environment:Environment"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"


def records(plan, resource_type, region=None):
    return [r for r in plan.of_type(resource_type) if region is None or r.region == region]


def containers(plan, name_suffix):
    deployment = next(r for r in plan.of_type(DEPLOYMENT) if r.name.endswith(name_suffix))
    return {c["name"]: c for c in deployment.inputs["spec"]["template"]["spec"]["containers"]}


def env(container) -> dict:
    return {item["name"]: item.get("value") for item in container.get("env", [])}


def test_prod_has_the_push_jobs_queue_and_its_dlq_in_both_regions():
    plan = shipped_plan("prod")
    for region in (PRIMARY_REGION, DR_REGION):
        names = sorted(r.inputs["name"] for r in records(plan, QUEUE, region))
        assert names == ["mobile-prod-push-jobs", "mobile-prod-push-jobs-dlq"]
        key = next(k for k in plan.of_type("aws:kms/key:Key") if k.name.endswith("keys-queues"))
        assert all(r.inputs["kmsMasterKeyId"].split(":")[3] == region for r in records(plan, QUEUE, region))
        assert key.region == PRIMARY_REGION


def test_staging_runs_no_standby_so_its_queues_stay_in_the_primary_region():
    plan = shipped_plan("staging")
    assert {r.region for r in plan.of_type(QUEUE)} == {PRIMARY_REGION}
    assert {r.region for r in plan.of_type(ENVIRONMENT)} == {PRIMARY_REGION}


def test_the_api_sends_and_the_worker_consumes_each_with_its_own_grant_only():
    plan = shipped_plan("prod")
    grants = {
        r.name: policy_document(r)
        for r in plan.of_type("aws:iam/rolePolicy:RolePolicy")
        if r.name.startswith("mobile-prod-queue-push-jobs-") and r.region == PRIMARY_REGION
    }
    actions = {
        name: sorted({a for s in doc["Statement"] for a in s["Action"] if a.startswith("sqs:")})
        for name, doc in grants.items()
        if "dr-cluster" not in name
    }
    assert actions == {
        "mobile-prod-queue-push-jobs-send-mobile-prod-cluster-api-role": ["sqs:SendMessage"],
        "mobile-prod-queue-push-jobs-consume-mobile-prod-cluster-worker-role": [
            "sqs:ChangeMessageVisibility",
            "sqs:DeleteMessage",
            "sqs:ReceiveMessage",
        ],
    }


def test_services_get_the_queue_url_of_their_own_region_as_plain_environment():
    plan = shipped_plan("prod")
    for suffix, region in (("-cluster-api-deployment", PRIMARY_REGION), ("-dr-cluster-api-deployment", DR_REGION)):
        url = env(containers(plan, suffix)["api"])["BULKHEAD_QUEUE_PUSH_JOBS_URL"]
        assert url == f"https://sqs.{region}.amazonaws.com/111122223333/mobile-prod-push-jobs"
    assert "BULKHEAD_QUEUE_PUSH_JOBS_URL" in env(containers(plan, "-cluster-worker-deployment")["worker"])


def test_only_the_api_runs_the_appconfig_agent_and_it_polls_its_own_region():
    plan = shipped_plan("prod")
    assert list(containers(plan, "-cluster-worker-deployment")) == ["worker"]
    for suffix, region in (("-cluster-api-deployment", PRIMARY_REGION), ("-dr-cluster-api-deployment", DR_REGION)):
        agent = containers(plan, suffix)["appconfig-agent"]
        assert "@sha256:" in agent["image"]
        assert env(agent)["SERVICE_REGION"] == region


def test_flag_rollouts_are_watched_by_the_service_health_and_queue_alarms_of_their_region():
    plan = shipped_plan("prod")
    environments = plan.of_type(ENVIRONMENT)
    assert len(environments) == 2
    for environment in environments:
        alarms = [m["alarmArn"] for m in environment.inputs["monitors"]]
        assert [a.split(":")[3] for a in alarms] == [environment.region] * 4
        # Per service in name order, each alarm once: the queue both services use is watched once.
        assert [a.rsplit(":", 1)[1] for a in alarms] == [
            "mobile-prod-ticket-api-unhealthy",
            "mobile-prod-push-jobs-dlq-not-empty",
            "mobile-prod-push-jobs-oldest-message-age",
            "mobile-prod-ticket-worker-unhealthy",
        ]


def test_more_rollback_alarms_than_appconfig_watches_are_gathered_into_one_composite_the_pack_accepts(tmp_path):
    from dataclasses import asdict

    from bulkhead.plan.policy_report import evaluate_plan

    def three_more_workers(settings):
        worker = next(s for s in settings["services"] if s["name"] == "worker")
        for index in range(2, 5):
            extra = copy.deepcopy(worker)
            extra.update(name=f"worker-{index:02d}", port=9000 + index, needs={"cache": True})
            settings["services"].append(extra)

    plan = plan_modified(tmp_path, "prod", three_more_workers)  # 5 health alarms + 2 queue alarms per region
    composites = plan.of_type("aws:cloudwatch/compositeAlarm:CompositeAlarm")
    for environment in plan.of_type(ENVIRONMENT):
        (monitor,) = environment.inputs["monitors"]
        (gatherer,) = [c for c in composites if c.outputs["arn"] == monitor["alarmArn"]]
        assert gatherer.inputs["alarmRule"].count('ALARM("') == 7
    verdict = evaluate_plan([asdict(r) for r in plan.resources], "prod")
    assert [f.policy for f in verdict.violations if f.mandatory] == []


@pytest.mark.parametrize(("stack", "deadline", "ready"), [("dev", 300, 5), ("staging", 600, 15), ("prod", 600, 30)])
def test_every_deployment_fails_a_stuck_rollout_with_the_stack_limits(stack, deadline, ready):
    deployments = shipped_plan(stack).of_type(DEPLOYMENT)
    assert len(deployments) >= 4  # the services and the cluster's controllers
    for deployment in deployments:
        spec = deployment.inputs["spec"]
        assert (spec["progressDeadlineSeconds"], spec["minReadySeconds"]) == (deadline, ready), deployment.name


def test_the_dr_posture_says_where_messages_in_flight_go():
    posture = render_text(compute_posture(shipped_plan("prod")))
    assert "queue mobile-prod-push-jobs: messages in flight stay in us-east-1 (SQS does not replicate)" in posture
    assert "drain it first" in posture and "its own queue in us-west-2" in posture


# --- bulkhead policy check on the prod plan with one safeguard removed ------------------------------


def _check(tmp_path, capsys, change) -> tuple[int, str]:
    document = copy.deepcopy(shipped_plan("prod").to_json())
    change(document["resources"])
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document))
    code = main(["policy", "check", str(path), "--stack", "prod"])
    return code, capsys.readouterr().out


def _work_queue(resources):
    return next(r for r in resources if r["type"] == QUEUE and r["inputs"]["name"] == "mobile-prod-push-jobs")


def test_policy_check_passes_the_shipped_prod_plan(tmp_path, capsys):
    code, out = _check(tmp_path, capsys, lambda resources: None)
    assert code == EXIT_OK, out


def test_policy_check_fails_when_a_queue_loses_its_dead_letter_queue(tmp_path, capsys):
    code, out = _check(tmp_path, capsys, lambda resources: _work_queue(resources)["inputs"].pop("redrivePolicy"))
    assert code == EXIT_FAILED and "sqs-dead-letter-queue" in out


def test_policy_check_fails_when_a_queue_loses_its_key(tmp_path, capsys):
    code, out = _check(tmp_path, capsys, lambda resources: _work_queue(resources)["inputs"].pop("kmsMasterKeyId"))
    assert code == EXIT_FAILED and "sqs-queue-cmk" in out


def test_policy_check_fails_when_a_prod_flag_rollout_has_no_monitor(tmp_path, capsys):
    def drop_monitors(resources):
        for resource in resources:
            if resource["type"] == ENVIRONMENT:
                resource["inputs"].pop("monitors")

    code, out = _check(tmp_path, capsys, drop_monitors)
    assert code == EXIT_FAILED and "appconfig-environment-monitors" in out


def test_policy_check_fails_when_the_prod_flag_strategy_is_all_at_once(tmp_path, capsys):
    def all_at_once(resources):
        for resource in resources:
            if resource["type"] == "aws:appconfig/deploymentStrategy:DeploymentStrategy":
                resource["inputs"].update(growthFactor=100, deploymentDurationInMinutes=0)

    code, out = _check(tmp_path, capsys, all_at_once)
    assert code == EXIT_FAILED and "appconfig-deployment-strategy-gradual" in out
