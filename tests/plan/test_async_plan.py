"""The plan side of queues and releases: realistic mock outputs, the fate of queued messages in the DR
posture, and the architecture diagram's send/consume edges."""

import json
import re

import pytest

from bulkhead.diagram.graph import build_architecture
from bulkhead.plan import posture as p
from bulkhead.plan.mock_outputs import MockContext, mock_resource_outputs
from bulkhead.plan.posture import compute_posture, posture_to_json, render_text
from tests.plan.test_posture import ACCOUNT, DR, PRIMARY, plan, rec
from tests.support import shipped_plan

APPCONFIG_ID = re.compile(r"^[a-z0-9]{7}$")


def outputs(resource_type: str, logical_name: str, region: str = "us-west-2", **inputs) -> tuple[str, dict]:
    urn = f"urn:pulumi:prod::bulkhead::{resource_type}::{logical_name}"
    return mock_resource_outputs(MockContext(resource_type, logical_name, urn, region, inputs))


def test_a_queue_is_identified_by_its_url_in_its_own_region():
    ident, state = outputs("aws:sqs/queue:Queue", "jobs", name="mobile-prod-push-jobs")
    assert ident == state["url"] == f"https://sqs.us-west-2.amazonaws.com/{ACCOUNT}/mobile-prod-push-jobs"
    assert state["arn"] == f"arn:aws:sqs:us-west-2:{ACCOUNT}:mobile-prod-push-jobs"


def test_queue_policies_are_identified_by_the_queue_url():
    url = f"https://sqs.us-west-2.amazonaws.com/{ACCOUNT}/mobile-prod-push-jobs-dlq"
    for kind in ("queuePolicy:QueuePolicy", "redriveAllowPolicy:RedriveAllowPolicy"):
        assert outputs(f"aws:sqs/{kind}", "p", queueUrl=url)[0] == url


def test_an_alarm_arn_names_the_alarm_in_its_region():
    ident, state = outputs("aws:cloudwatch/metricAlarm:MetricAlarm", "a", name="mobile-prod-push-jobs-dlq-not-empty")
    assert ident == "mobile-prod-push-jobs-dlq-not-empty"
    assert state["arn"] == f"arn:aws:cloudwatch:us-west-2:{ACCOUNT}:alarm:mobile-prod-push-jobs-dlq-not-empty"


def test_appconfig_ids_and_arns_follow_the_provider():
    app, app_state = outputs("aws:appconfig/application:Application", "app", name="mobile")
    assert APPCONFIG_ID.match(app) and app_state["arn"] == f"arn:aws:appconfig:us-west-2:{ACCOUNT}:application/{app}"
    env_id, env = outputs("aws:appconfig/environment:Environment", "env", applicationId=app)
    assert env_id == f"{env['environmentId']}:{app}" and APPCONFIG_ID.match(env["environmentId"])
    assert env["arn"].endswith(f"application/{app}/environment/{env['environmentId']}")
    profile_id, profile = outputs(
        "aws:appconfig/configurationProfile:ConfigurationProfile", "p", applicationId=app, kmsKeyIdentifier="k"
    )
    assert profile_id == f"{profile['configurationProfileId']}:{app}" and profile["kmsKeyArn"] == "k"
    version_id, version = outputs(
        "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion",
        "v",
        applicationId=app,
        configurationProfileId=profile["configurationProfileId"],
    )
    assert version_id == f"{app}/{profile['configurationProfileId']}/1" and version["versionNumber"] == 1
    deployment_id, deployment = outputs(
        "aws:appconfig/deployment:Deployment", "d", applicationId=app, environmentId=env["environmentId"]
    )
    assert deployment_id == f"{app}/{env['environmentId']}/1" and deployment["deploymentNumber"] == 1
    assert deployment["arn"].endswith(f"environment/{env['environmentId']}/deployment/1")
    strategy_id, strategy = outputs("aws:appconfig/deploymentStrategy:DeploymentStrategy", "s")
    assert strategy["arn"] == f"arn:aws:appconfig:us-west-2:{ACCOUNT}:deploymentstrategy/{strategy_id}"


# --- DR posture --------------------------------------------------------------------------------------


def queue(name, region, *, dead_letter=None, retention=345600):
    inputs = {"name": name, "messageRetentionSeconds": retention}
    if dead_letter:
        inputs["redrivePolicy"] = json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{region}:{ACCOUNT}:{dead_letter}"})
    return rec(p.QUEUE_TYPE, f"{name}-{region}", region, inputs, {"arn": f"arn:aws:sqs:{region}:{ACCOUNT}:{name}"})


def queues(region):
    return [queue("jobs", region, dead_letter="jobs-dlq"), queue("jobs-dlq", region, retention=1209600)]


def test_a_warm_standby_states_that_messages_in_flight_stay_behind_and_the_standby_uses_its_own_queue():
    posture = compute_posture(plan(queues(PRIMARY) + queues(DR)))
    [jobs] = posture.queues  # the dead-letter queue is not a work queue
    assert (jobs.name, jobs.region, jobs.dr_queue, jobs.retention_seconds) == ("jobs", PRIMARY, True, 345600)
    assert jobs.in_flight.startswith("messages in flight stay in us-east-1 (SQS does not replicate), kept for 4 days")
    assert "drain it first" in jobs.in_flight and "its own queue in us-west-2" in jobs.in_flight
    assert "  queue jobs: messages in flight stay in us-east-1" in render_text(posture)
    assert posture_to_json(posture)["queues"][0]["dr_queue"] is True


def test_without_a_dr_queue_messages_in_flight_wait_for_the_region_or_are_lost():
    [jobs] = compute_posture(plan(queues(PRIMARY), strategy="backup-restore", rpo=1440, rto=480)).queues
    assert jobs.dr_queue is False
    assert "us-west-2 has no queue until the stack is applied there" in jobs.in_flight
    assert jobs.in_flight.endswith("or are lost")


def test_without_a_dr_region_losing_the_queue_loses_its_messages():
    [jobs] = compute_posture(plan(queues(PRIMARY), strategy="none", dr_region=None, rpo=1440, rto=None)).queues
    assert jobs.in_flight == "messages live only in us-east-1, for 4 days; losing the queue loses them"


def test_queues_never_fail_the_recovery_targets():
    posture = compute_posture(plan(queues(PRIMARY)))
    assert p.failures(posture) == []


# --- diagram -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def architecture():
    return build_architecture(shipped_plan("prod").to_json())


def _edges_to(architecture, title):
    queue_ids = {node.id: node for node in architecture.nodes.values() if node.title == title}
    names = {node.id: node.name for node in architecture.nodes.values()}
    return sorted((names[e.source], e.kind, names[e.target]) for e in architecture.edges if e.target in queue_ids)


def test_the_diagram_draws_the_api_sending_and_the_worker_consuming_in_each_region(architecture):
    edges = _edges_to(architecture, "SQS queue")
    sends = [e for e in edges if e[1] == "sends"]
    consumes = [e for e in edges if e[1] == "consumes"]
    assert len(sends) == len(consumes) == 2  # primary and DR region
    assert all("api" in source for source, _, _ in sends) and all("worker" in source for source, _, _ in consumes)
    assert not [e for e in edges if e[1] == "access"], "every queue edge says its direction"


def test_the_diagram_draws_only_the_api_reaching_the_feature_flags(architecture):
    edges = _edges_to(architecture, "AppConfig feature flags")
    assert len(edges) == 2 and all("api" in source and kind == "access" for source, kind, _ in edges)
