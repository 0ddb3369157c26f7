"""The pack under pulumi_policy's own analyzer servicer: what `pulumi preview --policy-pack` would run.

The servicer is driven in-process (no gRPC server, no Pulumi CLI) with the protobuf messages the engine
sends: GetAnalyzerInfo, Configure with a shipped config file, Analyze and AnalyzeStack.
"""

import json

import pytest
from google.protobuf import struct_pb2
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import _PolicyAnalyzerServicer
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from policies.config import default_config_path
from policies.pack import PACK_NAME, build_policies
from policies.registry import RULES

URN = "urn:pulumi:prod::bulkhead::aws:rds/cluster:Cluster::"
LEVELS = {"mandatory": "MANDATORY", "advisory": "ADVISORY", "disabled": "DISABLED"}


def _struct(values):
    struct = struct_pb2.Struct()
    struct.update(values)
    return struct


def _configure(servicer, data):
    """What the CLI sends for `--policy-pack-config`: one PolicyConfig per policy ("all" expanded)."""
    request = proto.ConfigureAnalyzerRequest()
    default = data.get("all", "mandatory")
    for rule in RULES:
        entry = data.get(rule.name, {})
        entry = {"enforcementLevel": entry} if isinstance(entry, str) else entry
        level = entry.get("enforcementLevel", default)
        properties = {**rule.defaults(), **{k: v for k, v in entry.items() if k != "enforcementLevel"}}
        request.policyConfig[rule.name].CopyFrom(
            proto.PolicyConfig(
                enforcementLevel=proto.EnforcementLevel.Value(LEVELS[level]), properties=_struct(properties)
            )
        )
    servicer.Configure(request, None)


@pytest.fixture
def servicer():
    analyzer = _PolicyAnalyzerServicer(PACK_NAME, "0.1.0", build_policies(), EnforcementLevel.MANDATORY)
    _configure(analyzer, json.loads(default_config_path("prod").read_text()))
    return analyzer


def _analyze(servicer, props, name="legacy-db"):
    request = proto.AnalyzeRequest(type="aws:rds/cluster:Cluster", properties=_struct(props), urn=URN + name, name=name)
    return {(d.policyName, d.message.split("\n", 1)[-1]) for d in servicer.Analyze(request, None).diagnostics}


def test_analyzer_info_lists_every_policy_as_mandatory_with_its_schema(servicer):
    info = servicer.GetAnalyzerInfo(None, None)
    assert info.name == PACK_NAME and info.supportsConfig
    assert sorted(p.name for p in info.policies) == sorted(rule.name for rule in RULES)
    assert {p.enforcementLevel for p in info.policies} == {proto.EnforcementLevel.Value("MANDATORY")}
    retention = next(p for p in info.policies if p.name == "rds-backup-retention")
    assert set(retention.configSchema.properties) == {"minDays", "exemptions"}


def test_numbers_arrive_as_floats_and_still_meet_integer_thresholds(servicer):
    findings = _analyze(servicer, {"backupRetentionPeriod": 35})
    assert not [f for f in findings if f[0] == "rds-backup-retention"]
    findings = _analyze(servicer, {"backupRetentionPeriod": 34})
    assert ("rds-backup-retention", "backupRetentionPeriod is 34; set it to an integer >= 35 and <= 35") in findings


def test_configured_exemptions_are_honoured_by_the_real_analyzer():
    analyzer = _PolicyAnalyzerServicer(PACK_NAME, "0.1.0", build_policies(), EnforcementLevel.MANDATORY)
    exemption = {"resource": "legacy-db", "reason": "decommissioned in the next release"}
    _configure(analyzer, {"rds-deletion-protection": {"exemptions": [exemption]}})
    assert not [f for f in _analyze(analyzer, {"deletionProtection": False}) if f[0] == "rds-deletion-protection"]
    assert [
        f
        for f in _analyze(analyzer, {"deletionProtection": False}, name="orders-db")
        if f[0] == "rds-deletion-protection"
    ]


def test_unknown_values_during_preview_skip_the_policy_instead_of_failing(servicer):
    request = proto.AnalyzeRequest(
        type="aws:rds/cluster:Cluster",
        urn=URN + "legacy-db",
        name="legacy-db",
        properties=_struct({"kmsKeyId": UNKNOWN_STRING_VALUE, "storageEncrypted": True}),
    )
    diagnostics = [d for d in servicer.Analyze(request, None).diagnostics if d.policyName == "rds-storage-cmk"]
    assert len(diagnostics) == 1 and "can't be known during preview" in diagnostics[0].message
    assert diagnostics[0].enforcementLevel == proto.EnforcementLevel.Value("ADVISORY")


def test_stack_policies_run_under_analyze_stack(servicer):
    vpc = proto.AnalyzerResource(
        type="aws:ec2/vpc:Vpc",
        urn="urn:pulumi:prod::bulkhead::aws:ec2/vpc:Vpc::vpc",
        name="vpc",
        properties=_struct({"id": "vpc-1", "cidrBlock": "10.0.0.0/16"}),
    )
    response = servicer.AnalyzeStack(proto.AnalyzeStackRequest(resources=[vpc]), None)
    flow = [d for d in response.diagnostics if d.policyName == "ec2-vpc-flow-logs"]
    assert len(flow) == 1 and flow[0].urn == vpc.urn
