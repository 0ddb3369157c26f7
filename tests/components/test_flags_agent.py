"""The AppConfig Agent sidecar and the rollout limits of the service's Deployment."""

import pytest

from components.kubernetes.flags_agent import FlagsAgentArgs
from components.kubernetes.objects import RolloutArgs
from tests.components.k8s_records import NETWORK_POLICY, named
from tests.components.test_service import build_service

AGENT_IMAGE = "public.ecr.aws/aws-appconfig/aws-appconfig-agent:2.x@sha256:" + "5e" * 32
AGENT = FlagsAgentArgs(
    image=AGENT_IMAGE, region="us-east-1", application_id="m58vdht", environment_id="k9ktr61", profile_id="ojhphae"
)


@pytest.fixture(scope="module")
def recorded():
    return build_service(flags_agent=AGENT, rollout=RolloutArgs(progress_deadline_seconds=900, min_ready_seconds=30))


def containers(recorded) -> dict:
    spec = recorded.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"]
    return {container["name"]: container for container in spec["containers"]}


def test_the_agent_runs_beside_the_service_pinned_and_restricted_like_it(recorded):
    by_name = containers(recorded)
    assert list(by_name) == ["api", "appconfig-agent"]
    agent, service = by_name["appconfig-agent"], by_name["api"]
    assert agent["image"] == AGENT_IMAGE
    assert agent["securityContext"] == service["securityContext"]
    assert agent["securityContext"]["readOnlyRootFilesystem"] is True
    assert agent["resources"] == {
        "requests": {"cpu": "50m", "memory": "64Mi"},
        "limits": {"cpu": "200m", "memory": "128Mi"},
    }
    assert agent["livenessProbe"]["tcpSocket"] == {"port": "appconfig"}
    assert agent["readinessProbe"]["tcpSocket"] == {"port": "appconfig"}
    assert agent["ports"] == [{"name": "appconfig", "containerPort": 2772, "protocol": "TCP"}]


def test_the_agent_polls_the_profile_of_its_region_and_the_service_reads_it_on_localhost(recorded):
    by_name = containers(recorded)
    env = {item["name"]: item["value"] for item in by_name["appconfig-agent"]["env"]}
    assert env == {
        "HTTP_PORT": "2772",
        "LOG_LEVEL": "info",
        "POLL_INTERVAL": "45s",
        "PREFETCH_LIST": "m58vdht:k9ktr61:ojhphae",
        "SERVICE_REGION": "us-east-1",
    }
    service_env = {item["name"]: item["value"] for item in by_name["api"]["env"]}
    assert service_env["BULKHEAD_FLAGS_URL"] == (
        "http://localhost:2772/applications/m58vdht/environments/k9ktr61/configurations/ojhphae"
    )


def test_no_other_pod_may_reach_the_agent(recorded):
    allow = named(recorded, NETWORK_POLICY, "api-allow").inputs["spec"]
    admitted_ports = {port["port"] for rule in allow["ingress"] for port in rule["ports"]}
    assert 2772 not in admitted_ports


def test_the_deployment_fails_a_rollout_without_progress_after_the_deadline(recorded):
    spec = recorded.one("kubernetes:apps/v1:Deployment").inputs["spec"]
    assert (spec["progressDeadlineSeconds"], spec["minReadySeconds"]) == (900, 30)


def test_without_flags_the_pod_has_one_container_and_default_rollout_limits():
    recorded = build_service()
    spec = recorded.one("kubernetes:apps/v1:Deployment").inputs["spec"]
    assert [c["name"] for c in spec["template"]["spec"]["containers"]] == ["api"]
    assert (spec["progressDeadlineSeconds"], spec["minReadySeconds"]) == (600, 10)


@pytest.mark.parametrize(
    ("build_args", "message"),
    [
        (
            lambda: FlagsAgentArgs(**{**vars(AGENT), "image": "public.ecr.aws/aws-appconfig/aws-appconfig-agent:2.x"}),
            "FlagsAgentArgs.image: must be pinned as `repository:tag@sha256:<digest>` "
            "(got 'public.ecr.aws/aws-appconfig/aws-appconfig-agent:2.x')",
        ),
        (
            lambda: FlagsAgentArgs(**{**vars(AGENT), "poll_interval_seconds": 5}),
            "FlagsAgentArgs.poll_interval_seconds: must be between 15 and 3600 (got 5)",
        ),
        (
            lambda: RolloutArgs(progress_deadline_seconds=10, min_ready_seconds=10),
            "RolloutArgs.progress_deadline_seconds: must be greater than min_ready_seconds (10), as Kubernetes "
            "requires (got 10)",
        ),
        (lambda: RolloutArgs(min_ready_seconds=-1), "RolloutArgs.min_ready_seconds: must be >= 0 (got -1)"),
    ],
)
def test_bad_args_are_refused_with_the_field_and_the_value(build_args, message):
    with pytest.raises(ValueError) as caught:
        build_args()
    assert str(caught.value) == message
