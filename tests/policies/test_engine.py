"""The offline evaluator: real pulumi_policy arguments, exemptions, enforcement, stack attribution."""

from collections.abc import Mapping

import pytest
from pulumi_policy import ResourceValidationArgs, StackValidationArgs

from policies.config import parse_config
from policies.engine import evaluate
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
    assert isinstance(seen[1], StackValidationArgs) and seen[1].resources[0].props == CLUSTER["inputs"]


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
    parent = {"type": "bulkhead:network:Network", "name": "net", "urn": "urn:net", "inputs": {}}
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
        "resource": "karpenter-*",
        "finding": "ec2:Describe*",
        "reason": "Describe calls take no ARNs",
    }
    config = parse_config({"iam-no-wildcard-actions": {"exemptions": [exemption]}}, "x")
    report = evaluate([resource], config)
    wildcard = [f for f in report.findings if f.policy == "iam-no-wildcard-actions"]
    assert [("ec2:Describe*" in f.message, f.exemption is not None) for f in wildcard] == [
        (True, True),
        (False, False),
    ]
    assert [e.resource for e in report.exemptions] == ["karpenter-*"]
    assert not report.passed


def test_exemptions_match_urns_as_well_as_names():
    config = parse_config(
        {
            "rds-deletion-protection": {
                "exemptions": [{"resource": "urn:pulumi:prod::*::db", "reason": "being migrated to a new cluster"}]
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
    with pytest.raises(RuntimeError, match="policy rds-storage-encrypted failed on urn:pulumi:prod::bulkhead::"):
        evaluate([CLUSTER], parse_config({}, "x", rules=(rule,)), rules=(rule,))
