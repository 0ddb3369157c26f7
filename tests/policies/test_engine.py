"""The offline evaluator: real pulumi_policy arguments, exemptions, enforcement, stack attribution."""

from collections.abc import Mapping

import pytest
from pulumi_policy import ResourceValidationArgs, StackValidationArgs

from policies.config import PolicyConfigError, parse_config
from policies.engine import PolicyEvaluationError, evaluate
from policies.registry import RULES, by_name
from policies.rule import Rule
from tests.policies.support import golden_stack

CLUSTER = {
    "type": "aws:rds/cluster:Cluster",
    "name": "db",
    "urn": "urn:pulumi:prod::bulkhead::aws:rds/cluster:Cluster::db",
    "inputs": {"storageEncrypted": False},
}


def test_golden_stack_passes_every_policy():
    report = evaluate(golden_stack(), parse_config({}, "defaults"))
    assert report.findings == ()
    assert report.policies == len(RULES)


def test_rules_receive_real_pulumi_policy_arguments():
    seen = []

    def spy(args, report_violation):
        seen.append(args)

    resource_rule = Rule(**{**by_name()["rds-storage-encrypted"].__dict__, "check": spy})
    stack_rule = Rule(**{**by_name()["ec2-vpc-flow-logs"].__dict__, "check": spy})
    config = parse_config({}, "x", rules=(resource_rule, stack_rule))
    evaluate([CLUSTER], config, rules=(resource_rule, stack_rule))
    assert isinstance(seen[0], ResourceValidationArgs) and seen[0].name == "db" and seen[0].urn == CLUSTER["urn"]
    # A stack rule sees only its declared types (flow logs: VPCs and flow logs), never the cluster.
    assert isinstance(seen[1], StackValidationArgs) and seen[1].resources == []


def test_props_are_shaped_as_the_engine_sends_them():
    # pulumi_policy proxies mappings and lists, and protobuf turns every number into a float.
    seen = []
    rule = Rule(**{**by_name()["rds-backup-retention"].__dict__, "check": lambda args, report: seen.append(args)})
    cluster = {**CLUSTER, "inputs": {"backupRetentionPeriod": 14, "enabledCloudwatchLogsExports": ["postgresql"]}}
    evaluate([cluster], parse_config({}, "x", rules=(rule,)), rules=(rule,))
    props = seen[0].props
    assert not isinstance(props, dict) and isinstance(props, Mapping)
    assert not isinstance(props["enabledCloudwatchLogsExports"], list)
    assert props["backupRetentionPeriod"] == 14.0 and isinstance(props["backupRetentionPeriod"], float)
    assert isinstance(seen[0].get_config()["minDays"], float)


def test_float_numbers_from_the_engine_still_satisfy_integer_thresholds():
    cluster = {**CLUSTER, "inputs": {"backupRetentionPeriod": 14}}
    report = evaluate([cluster], parse_config({"rds-backup-retention": {"minDays": 14}}, "x"))
    assert not [f for f in report.findings if f.policy == "rds-backup-retention"]


def test_stack_props_merge_inputs_with_outputs_and_link_parents():
    captured = {}
    rule = Rule(
        **{
            **by_name()["ec2-vpc-flow-logs"].__dict__,
            "check": lambda args, report: captured.update({r.name: r for r in args.resources}),
        }
    )
    parent = {"type": "aws:ec2/flowLog:FlowLog", "name": "net", "urn": "urn:net", "inputs": {}}
    vpc = {
        "type": "aws:ec2/vpc:Vpc",
        "name": "vpc",
        "parent": "urn:net",
        "inputs": {"cidrBlock": "10.0.0.0/16"},
        "outputs": {"id": "vpc-1"},
    }
    evaluate([parent, vpc], parse_config({}, "x", rules=(rule,)), rules=(rule,))
    assert captured["vpc"].props == {"cidrBlock": "10.0.0.0/16", "id": "vpc-1"}
    assert captured["vpc"].parent is captured["net"]


def test_stack_findings_are_attributed_to_the_resource_they_name():
    report = evaluate(
        [{"type": "aws:ec2/vpc:Vpc", "name": "vpc", "inputs": {}, "outputs": {"id": "vpc-1"}}],
        parse_config({}, "x"),
    )
    [finding] = [f for f in report.findings if f.policy == "ec2-vpc-flow-logs"]
    assert finding.resource == "vpc" and finding.resource_type == "aws:ec2/vpc:Vpc"


def test_resource_findings_go_to_the_urn_a_rule_names_as_under_crossguard():
    group = {"type": "aws:rds/subnetGroup:SubnetGroup", "name": "db-subnets", "urn": "urn:db-subnets", "inputs": {}}
    rule = Rule(
        **{
            **by_name()["rds-storage-encrypted"].__dict__,
            "check": lambda args, report: report("subnet group is shared; give the database its own", "urn:db-subnets"),
        }
    )
    report = evaluate([CLUSTER, group], parse_config({}, "x", rules=(rule,)), rules=(rule,))
    assert [(f.urn, f.resource, f.resource_type) for f in report.findings] == [
        ("urn:db-subnets", "db-subnets", "aws:rds/subnetGroup:SubnetGroup")
    ]


def test_exemption_suppresses_only_the_named_finding_and_is_listed():
    policy = {"Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:*"], "Resource": "arn:aws:s3:::b"}]}
    resource = {"type": "aws:iam/policy:Policy", "name": "karpenter-policy", "inputs": {"policy": policy}}
    exemption = {
        "resource": "karpenter-policy",
        "finding": "policy Statement[0]:ec2:Describe*",
        "value": "ec2:Describe*",
        "reason": "Describe calls take no ARNs",
    }
    config = parse_config({"iam-no-wildcard-actions": {"exemptions": [exemption]}}, "x")
    report = evaluate([resource], config)
    wildcard = [f for f in report.findings if f.policy == "iam-no-wildcard-actions"]
    assert [("ec2:Describe*" in f.message, f.exemption is not None) for f in wildcard] == [
        (True, True),
        (False, False),
    ]
    assert [e.resource for e in report.exemptions] == ["karpenter-policy"]
    assert not report.passed


def test_exemptions_match_urns_as_well_as_names():
    config = parse_config(
        {
            "rds-deletion-protection": {
                "exemptions": [{"resource": CLUSTER["urn"], "reason": "being migrated to a new cluster"}]
            }
        },
        "x",
    )
    report = evaluate([CLUSTER], config)
    assert [f.exemption is not None for f in report.findings if f.policy == "rds-deletion-protection"] == [True]


def test_advisory_findings_do_not_fail_and_disabled_policies_do_not_run():
    config = parse_config({"rds-storage-encrypted": "advisory", "rds-storage-cmk": "disabled"}, "x")
    report = evaluate([CLUSTER], config)
    encrypted = [f for f in report.findings if f.policy == "rds-storage-encrypted"]
    assert [f.enforcement for f in encrypted] == ["advisory"] and not encrypted[0].mandatory
    assert not [f for f in report.findings if f.policy == "rds-storage-cmk"]


def test_a_crashing_rule_names_itself_and_the_resource():
    def broken(args, report_violation):
        raise KeyError("boom")

    rule = Rule(**{**by_name()["rds-storage-encrypted"].__dict__, "check": broken})
    with pytest.raises(
        PolicyEvaluationError, match="policy rds-storage-encrypted failed on urn:pulumi:prod::bulkhead::"
    ):
        evaluate([CLUSTER], parse_config({}, "x", rules=(rule,)), rules=(rule,))


DR_NODES = {
    "type": "aws:eks/nodeGroup:NodeGroup",
    "name": "dr-nodes",
    "inputs": {
        "scalingConfig": {"minSize": 2},
        "subnetIds": ["a", "b", "c"],
        "updateConfig": {"maxUnavailablePercentage": 33},
    },
}
GRANTED_FOR_TWO = {
    "eks-node-group-resilience": {
        "minSize": 3,
        "exemptions": [
            {
                "resource": "dr-nodes",
                "finding": "scalingConfig.minSize",
                "value": 2,
                "reason": "warm standby scaled down",
            }
        ],
    }
}


def _resilience(nodes, config=GRANTED_FOR_TWO, today=None):
    report = evaluate([nodes], parse_config(config, "x"), today=today)
    return [f for f in report.findings if f.policy == "eks-node-group-resilience"], report


@pytest.mark.parametrize("worse", [1, 0])
def test_an_exemption_covers_only_the_value_it_was_granted_for(worse):
    findings, _ = _resilience(DR_NODES)
    assert [f.exemption is not None for f in findings] == [True]
    nodes = {**DR_NODES, "inputs": {**DR_NODES["inputs"], "scalingConfig": {"minSize": worse}}}
    findings, report = _resilience(nodes)
    assert [f.exemption for f in findings] == [None] and not report.passed


def test_an_exemption_binds_the_exact_name_not_a_prefix_or_suffix():
    for name in ("dr-nodes-2", "x-dr-nodes", "DR-NODES"):
        findings, _ = _resilience({**DR_NODES, "name": name})
        assert [f.exemption for f in findings] == [None], name


def test_an_exemption_on_another_finding_key_does_not_apply():
    config = {"eks-node-group-resilience": {**GRANTED_FOR_TWO["eks-node-group-resilience"]}}
    config["eks-node-group-resilience"]["exemptions"] = [
        {**config["eks-node-group-resilience"]["exemptions"][0], "finding": "scalingConfig"}
    ]
    findings, _ = _resilience(DR_NODES, config)
    assert [f.exemption for f in findings] == [None]


def test_an_expired_exemption_is_not_applied_and_is_reported():
    import datetime

    config = {"eks-node-group-resilience": {**GRANTED_FOR_TWO["eks-node-group-resilience"]}}
    config["eks-node-group-resilience"]["exemptions"] = [
        {**config["eks-node-group-resilience"]["exemptions"][0], "expires": "2026-06-30"}
    ]
    findings, report = _resilience(DR_NODES, config, today=datetime.date(2026, 6, 30))
    assert [f.exemption is not None for f in findings] == [True] and report.expired == ()
    findings, report = _resilience(DR_NODES, config, today=datetime.date(2026, 7, 1))
    assert [f.exemption for f in findings] == [None] and len(report.expired) == 1


@pytest.mark.parametrize("resource", ["*-nodes", "dr-?odes", "dr-[n]odes"])
def test_glob_exemptions_are_refused(resource):
    config = {"eks-node-group-resilience": {"exemptions": [{"resource": resource, "reason": "a reason of length"}]}}
    with pytest.raises(PolicyConfigError, match="does not match"):
        parse_config(config, "x")


def test_malformed_resources_are_refused_with_every_problem_named():
    bad = [
        {"type": "aws:ec2/vpc:Vpc", "name": "a", "inputs": []},
        {"name": 3},
        {"type": "x:y:Z", "name": "a", "dependencies": [1]},
    ]
    with pytest.raises(PolicyEvaluationError) as error:
        evaluate([*bad, bad[0]], parse_config({}, "x"))
    text = str(error.value)
    assert "resources[0].inputs: must be an object" in text and "resources[1].type" in text
    assert "resources[2].dependencies" in text and "duplicate URN" in text


def test_a_companion_in_another_region_does_not_satisfy_the_rule():
    vpc = {"type": "aws:ec2/vpc:Vpc", "name": "vpc", "inputs": {}, "outputs": {"id": "vpc-1"}, "region": "us-east-1"}
    log = {"type": "aws:ec2/flowLog:FlowLog", "name": "log", "inputs": {"vpcId": "vpc-1", "trafficType": "ALL"}}
    config = parse_config({}, "x")
    here = evaluate([vpc, {**log, "region": "us-east-1"}], config)
    assert not [f for f in here.findings if f.policy == "ec2-vpc-flow-logs"]
    for moved in (
        {**log, "region": "us-west-2"},
        {**log, "region": "us-east-1", "inputs": {**log["inputs"], "region": "us-west-2"}},
    ):
        there = evaluate([vpc, moved], config)
        assert [f.resource for f in there.findings if f.policy == "ec2-vpc-flow-logs"] == ["vpc"]
