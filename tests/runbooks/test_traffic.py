"""The traffic step of `dr failover` and the traffic line of `dr status`.

moto 5.2.5 implements Route 53 health checks (create, get, update with Inverted) and ELBv2 target
health, so the main paths run against moto. Its GetHealthCheckStatus always reports every checker
healthy, so the paths that need a failing primary replay Stubber responses shaped like the service
model instead.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import boto3
import pytest
from moto import mock_aws

from bulkhead.runbooks.aws import AwsCallError, call
from bulkhead.runbooks.dr_failover import dr_failover
from bulkhead.runbooks.outputs import OutputsError, StackOutputs, parse_outputs
from bulkhead.runbooks.steps import FailoverOptions, Step
from bulkhead.runbooks.traffic import (
    ROUTE53_API_REGION,
    HealthCheckState,
    ManualTrafficSwitch,
    traffic_status,
    traffic_switch,
)
from tests.runbooks.support import ACCOUNT, API, EAST, PROD_OUTPUTS, WEST, FakeClock, TestClients, front_door


def outputs_with(door: dict) -> StackOutputs:
    return parse_outputs({**copy.deepcopy(PROD_OUTPUTS), "front_door": door})


@dataclass
class FakeRun:
    """The parts of a `dr failover` run the traffic step reads."""

    outputs: StackOutputs
    clients: TestClients
    target: str
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)

    def log(self, message: str) -> None:
        self.lines.append(message)

    def mutate(self, step, service: str, method: str, **params: object):
        """As the failover run does it: one call through a mutating client of the target region."""
        self.log(f"{step.kind} {step.name}: calling {method} {params}")
        try:
            call(self.clients(service, self.target, mutating=True), method, **params)
        except AwsCallError as error:
            return error
        return None


def create_health_check() -> str:
    response = boto3.client("route53", ROUTE53_API_REGION).create_health_check(
        CallerReference="api-primary",
        HealthCheckConfig={
            "Type": "HTTPS",
            "FullyQualifiedDomainName": "edge-1234567890.us-east-1.elb.amazonaws.com",
            "Port": 443,
            "ResourcePath": "/readyz",
            "RequestInterval": 10,
            "FailureThreshold": 3,
            "Regions": ["us-east-1", "us-west-2", "eu-west-1"],
        },
    )
    return response["HealthCheck"]["Id"]


def create_target_group(region: str, *, with_node: bool) -> str:
    """A target group on the NodePort, with one node registered (as its Auto Scaling group does) or none."""
    vpc = boto3.client("ec2", region).create_vpc(CidrBlock="10.130.0.0/16")["Vpc"]["VpcId"]
    elbv2 = boto3.client("elbv2", region)
    arn = elbv2.create_target_group(Name="api-tg", Protocol="HTTP", Port=30080, VpcId=vpc, TargetType="instance")[
        "TargetGroups"
    ][0]["TargetGroupArn"]
    if with_node:
        elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": "i-0a1b2c3d4e5f60718", "Port": 30080}])
    return arn


def inverted(health_check_id: str) -> bool:
    check = boto3.client("route53", ROUTE53_API_REGION).get_health_check(HealthCheckId=health_check_id)
    return check["HealthCheck"]["HealthCheckConfig"]["Inverted"]


def run_step(outputs: StackOutputs, clients: TestClients, target: str, dry_run: bool = False) -> tuple[Step, FakeRun]:
    run = FakeRun(outputs, clients, target, dry_run)
    switch = traffic_switch(outputs)
    step = Step(3, "traffic", switch.name)
    switch.run(run, step)
    return step, run


@pytest.fixture
def prod_front_door(mixed):
    """Under moto: the primary's health check and a target group with a healthy node in each region."""
    with mock_aws():
        health_check_id = create_health_check()
        groups = {EAST: create_target_group(EAST, with_node=True), WEST: create_target_group(WEST, with_node=True)}
        yield outputs_with(front_door(health_check_id, groups)), health_check_id


def test_failover_to_the_dr_region_inverts_the_primary_health_check(mixed, prod_front_door) -> None:
    outputs, health_check_id = prod_front_door
    step, run = run_step(outputs, mixed, WEST)
    assert (step.action, step.before, step.after, step.status) == (
        "invert the primary health check",
        EAST,
        WEST,
        "done",
    )
    assert inverted(health_check_id) is True
    assert "UpdateHealthCheck" in mixed.operations()
    assert any("update_health_check" in line for line in run.lines)


def test_dry_run_plans_the_inversion_and_changes_nothing(mixed, prod_front_door) -> None:
    outputs, health_check_id = prod_front_door
    step, _ = run_step(outputs, mixed, WEST, dry_run=True)
    assert (step.before, step.after, step.status) == (EAST, WEST, "planned")
    assert inverted(health_check_id) is False
    assert "UpdateHealthCheck" not in mixed.operations()


def test_rerun_after_the_inversion_is_already_done(mixed, prod_front_door) -> None:
    outputs, health_check_id = prod_front_door
    run_step(outputs, mixed, WEST)
    step, _ = run_step(outputs, mixed, WEST)
    assert (step.before, step.status) == (WEST, "already-done")
    assert mixed.operations().count("UpdateHealthCheck") == 1


def test_failback_clears_the_inversion(mixed, prod_front_door) -> None:
    outputs, health_check_id = prod_front_door
    run_step(outputs, mixed, WEST)
    step, _ = run_step(outputs, mixed, EAST)
    assert (step.action, step.before, step.after, step.status) == (
        "clear the health check inversion",
        WEST,
        EAST,
        "done",
    )
    assert inverted(health_check_id) is False


def test_traffic_is_not_sent_to_a_region_without_healthy_targets(mixed) -> None:
    with mock_aws():
        health_check_id = create_health_check()
        groups = {EAST: create_target_group(EAST, with_node=True), WEST: create_target_group(WEST, with_node=False)}
        step, _ = run_step(outputs_with(front_door(health_check_id, groups)), mixed, WEST)
        assert step.status == "failed" and "no healthy target behind us-west-2's load balancer for api" in step.detail
        assert inverted(health_check_id) is False


def health_check_responses(clients: TestClients, *, inverted: bool, statuses: list[str]) -> None:
    route53 = clients.stub("route53", ROUTE53_API_REGION)
    route53.add_response(
        "get_health_check",
        {
            "HealthCheck": {
                "Id": "hc-1",
                "CallerReference": "api-primary",
                "HealthCheckConfig": {"Type": "HTTPS", "Inverted": inverted, "ResourcePath": "/readyz"},
                "HealthCheckVersion": 4,
            }
        },
        {"HealthCheckId": "hc-1"},
    )
    route53.add_response(
        "get_health_check_status",
        {
            "HealthCheckObservations": [
                {"Region": region, "IPAddress": "15.177.2.10", "StatusReport": {"Status": status}}
                for region, status in zip(("us-east-1", "us-west-2", "eu-west-1"), statuses, strict=True)
            ]
        },
        {"HealthCheckId": "hc-1"},
    )


def healthy_targets_response(clients: TestClients, region: str, arn: str) -> None:
    clients.stub("elbv2", region).add_response(
        "describe_target_health",
        {
            "TargetHealthDescriptions": [
                {"Target": {"Id": "i-0abc", "Port": 30080}, "TargetHealth": {"State": "healthy"}}
            ]
        },
        {"TargetGroupArn": arn},
    )


STUB_GROUPS = {
    EAST: f"arn:aws:elasticloadbalancing:{EAST}:{ACCOUNT}:targetgroup/api-tg/0123456789abcdef",
    WEST: f"arn:aws:elasticloadbalancing:{WEST}:{ACCOUNT}:targetgroup/api-tg/fedcba9876543210",
}
FAILURE = "Failure: HTTP Status Code 503, Service Unavailable."
SUCCESS = "Success: HTTP Status Code 200, OK."


def test_failback_is_refused_while_the_primary_readiness_fails(stubbed) -> None:
    health_check_responses(stubbed, inverted=True, statuses=[FAILURE, FAILURE, FAILURE])
    healthy_targets_response(stubbed, EAST, STUB_GROUPS[EAST])
    step, _ = run_step(outputs_with(front_door("hc-1", STUB_GROUPS)), stubbed, EAST)
    assert step.status == "failed" and "fix the primary first" in step.detail
    assert "UpdateHealthCheck" not in stubbed.operations()


def test_a_primary_down_by_itself_already_serves_from_dr_but_still_gets_inverted(stubbed) -> None:
    """Route 53 already answers with DR; inverting keeps it there when the primary comes back half-healthy."""
    health_check_responses(stubbed, inverted=False, statuses=[FAILURE, FAILURE, FAILURE])
    healthy_targets_response(stubbed, WEST, STUB_GROUPS[WEST])
    stubbed.stub("route53", WEST).add_response(
        "update_health_check",
        {
            "HealthCheck": {
                "Id": "hc-1",
                "CallerReference": "api-primary",
                "HealthCheckConfig": {"Type": "HTTPS"},
                "HealthCheckVersion": 5,
            }
        },
        {"HealthCheckId": "hc-1", "Inverted": True, "HealthCheckVersion": 4},
    )
    health_check_responses(stubbed, inverted=True, statuses=[FAILURE, FAILURE, FAILURE])
    step, _ = run_step(outputs_with(front_door("hc-1", STUB_GROUPS)), stubbed, WEST)
    assert (step.before, step.after, step.status) == (WEST, WEST, "done")


def test_simple_routing_leaves_the_record_change_to_on_call() -> None:
    door = front_door(None, {EAST: STUB_GROUPS[EAST]}, routing="simple")
    outputs = parse_outputs({**copy.deepcopy(PROD_OUTPUTS), "front_door": door})
    step, _ = run_step(outputs, TestClients(allow_moto=False), WEST)
    assert step.status == "to-do"
    assert (
        "us-west-2 has no load balancer yet" in step.detail
        and "UPSERT the A alias api.mobile.example.com" in step.detail
    )


def test_outputs_without_a_front_door_leave_a_manual_step() -> None:
    assert isinstance(traffic_switch(parse_outputs(copy.deepcopy(PROD_OUTPUTS))), ManualTrafficSwitch)


def test_failover_routing_without_a_health_check_is_refused_by_the_outputs_contract() -> None:
    with pytest.raises(OutputsError, match="health_check_id must be set exactly when routing is 'failover'"):
        outputs_with(front_door(None, STUB_GROUPS))


def test_a_front_door_arn_in_the_wrong_region_is_refused() -> None:
    door = front_door("hc-1", STUB_GROUPS)
    door["regions"][WEST]["load_balancer_arn"] = door["regions"][EAST]["load_balancer_arn"]
    with pytest.raises(OutputsError, match="front_door.regions.us-west-2.load_balancer_arn: must be in region"):
        outputs_with(door)


def test_checker_majority_rule_follows_route53() -> None:
    # Route 53: healthy when more than 18% of checkers say so; an inversion flips what DNS answers.
    assert HealthCheckState(False, 1, healthy_checkers=1, checkers=3).routes_to_primary is True
    assert HealthCheckState(False, 1, healthy_checkers=0, checkers=3).routes_to_primary is False
    assert HealthCheckState(True, 1, healthy_checkers=3, checkers=3).routes_to_primary is False


def test_status_names_the_serving_region_and_flags_a_split_from_the_writers(mixed, prod_front_door) -> None:
    outputs, health_check_id = prod_front_door
    status = traffic_status(outputs, mixed, writer_regions={EAST})
    assert status is not None and status.serving == EAST and status.problems == []
    run_step(outputs, mixed, WEST)
    status = traffic_status(outputs, mixed, writer_regions={EAST})
    assert status.serving == WEST
    assert status.problems == [f"{WEST} serves the API but the data stores' writers are in ['{EAST}']"]
    assert status.text_lines()[0] == f"[FAIL] traffic {API}: failover routing, served by {WEST}"


def test_failover_lists_the_traffic_step_after_the_data_stores(stubbed) -> None:
    """A stack with no data stores (staging here) still runs the traffic step, last."""
    outputs = parse_outputs(
        {
            **copy.deepcopy(PROD_OUTPUTS),
            "environment": "staging",
            "databases": [],
            "caches": [],
            "front_door": front_door("hc-1", STUB_GROUPS),
        }
    )
    health_check_responses(stubbed, inverted=False, statuses=[SUCCESS, SUCCESS, SUCCESS])
    healthy_targets_response(stubbed, WEST, STUB_GROUPS[WEST])
    report = dr_failover(outputs, stubbed, FakeClock(), FailoverOptions(target=WEST, dry_run=True), lambda _: None)
    assert (report.items[-1].kind, report.items[-1].name, report.items[-1].status) == ("traffic", API, "planned")
    assert [s.kind for s in report.items] == ["fence", "traffic"]
