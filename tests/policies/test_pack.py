"""The CrossGuard side: policies built for PolicyPack, enforcement, schema, exemptions under the engine."""

from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
)

from policies.pack import build_policies
from policies.registry import RULES, by_name


def _args(config):
    options = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])
    return ResourceValidationArgs(
        "aws:rds/cluster:Cluster",
        {"deletionProtection": False},
        "urn:pulumi:prod::bulkhead::aws:rds/cluster:Cluster::legacy-db",
        "legacy-db",
        options,
        None,
        config,
    )


def test_every_rule_becomes_a_mandatory_policy_with_its_metadata():
    policies = {p.name: p for p in build_policies()}
    assert len(policies) == len(RULES)
    for rule in RULES:
        policy = policies[rule.name]
        kind = ResourceValidationPolicy if rule.kind == "resource" else StackValidationPolicy
        assert isinstance(policy, kind)
        assert policy.enforcement_level is EnforcementLevel.MANDATORY
        assert policy.severity.value == rule.severity and policy.remediation_steps == rule.remediation
        assert rule.category in policy.tags and set(rule.controls) <= set(policy.tags)


def test_config_schema_declares_thresholds_and_exemptions_except_for_encryption():
    policies = {p.name: p for p in build_policies()}
    assert set(policies["rds-backup-retention"].config_schema.properties) == {"minDays", "exemptions"}
    assert "exemptions" not in policies["rds-storage-encrypted"].config_schema.properties


def test_policy_applies_exemptions_from_its_crossguard_config():
    policy = {p.name: p for p in build_policies()}["rds-deletion-protection"]
    reported = []
    policy.validate(_args({"required": True}), lambda message, urn=None: reported.append(message))
    assert reported == ["deletionProtection is false; set it to true"]
    reported.clear()
    exempt = {
        "required": True,
        "exemptions": [{"resource": "legacy-db", "reason": "decommissioned next sprint"}],
    }
    policy.validate(_args(exempt), lambda message, urn=None: reported.append(message))
    assert reported == []


def test_rule_defaults_apply_when_crossguard_sends_no_config():
    reported = []
    by_name()["rds-deletion-protection"].check(_args({}), lambda message, urn=None: reported.append(message))
    assert len(reported) == 1


def test_stack_findings_without_a_resource_are_exempted_by_the_same_target_as_offline():
    from types import SimpleNamespace

    from policies.exemptions import STACK_TARGET
    from policies.pack import _without_exempted

    rule = SimpleNamespace(
        name="any-stack-rule",
        kind="stack",
        applies_to=lambda t: True,
        check=lambda args, report: report("the stack lacks X"),
    )
    stack_args = SimpleNamespace(
        resources=[],
        get_config=lambda: {"exemptions": [{"resource": STACK_TARGET, "reason": "accepted for this stack by review"}]},
    )
    reported = []
    _without_exempted(rule)(stack_args, lambda message, urn=None: reported.append(message))
    assert reported == []
    unexempted = SimpleNamespace(resources=[], get_config=lambda: {})
    _without_exempted(rule)(unexempted, lambda message, urn=None: reported.append(message))
    assert reported == ["the stack lacks X"]
