"""Every shipped stack passes the pack under its own environment's policy config."""

import pytest

from bulkhead.plan.policy_report import evaluate_plan, render_text
from tests.support import shipped_plan


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_shipped_stack_has_no_mandatory_violation(stack):
    plan = shipped_plan(stack)
    report = evaluate_plan(plan.to_json()["resources"], plan.environment)
    assert report.mandatory == (), render_text(report)


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_exemption_in_a_shipped_config_still_matches_something(stack):
    # A stale exemption (its resource renamed or fixed) must be removed, not left to hide a future finding.
    plan = shipped_plan(stack)
    report = evaluate_plan(plan.to_json()["resources"], plan.environment)
    used = {f.exemption for f in report.exempted}
    assert [e for e in report.exemptions if e not in used] == []


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_resource_type_of_a_shipped_stack_is_reviewed(stack):
    from policies.reviewed import is_reviewed

    types = {r["type"] for r in shipped_plan(stack).to_json()["resources"]}
    assert sorted(t for t in types if not is_reviewed(t)) == []


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_exemption_of_a_valued_finding_records_the_value(stack):
    # A later, worse value must be a new violation: an exemption of a valued finding pins that value.
    plan = shipped_plan(stack)
    report = evaluate_plan(plan.to_json()["resources"], plan.environment)
    loose = [f.exemption for f in report.exempted if f.value is not None and not f.exemption.records_value]
    assert loose == []
