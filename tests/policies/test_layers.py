"""The pack runs once per layer under the real engine (each layer is its own Pulumi stack): every stack
policy must see everything it needs inside one layer, so per layer and together give the same verdicts."""

import pytest

from bulkhead.plan.policy_report import evaluate_plan
from policies.registry import RULES
from tests.support import shipped_plan


def layer_of(resource_type: str) -> str:
    return "kubernetes" if resource_type.startswith("kubernetes:") else "aws"


@pytest.mark.parametrize("rule", [r for r in RULES if r.kind == "stack"], ids=lambda rule: rule.name)
def test_every_stack_policy_reads_the_resources_of_one_layer_only(rule):
    assert len({layer_of(resource_type) for resource_type in rule.types}) == 1, sorted(rule.types)


def test_each_clusters_namespaces_are_judged_on_their_own():
    # Judged together, the standby cluster's kube-system would pass on the primary's: one verdict each.
    report = evaluate_plan(shipped_plan("prod").to_json()["resources"], "prod")
    kube_system = [
        f for f in report.findings if f.policy == "k8s-network-policy" and "namespace 'kube-system'" in f.message
    ]
    assert sorted(f.urn.split("::")[1] for f in kube_system) == ["bulkhead-kubernetes", "bulkhead-kubernetes-standby"]
    assert all(f.exemption is not None for f in kube_system)  # with the reason in policies/config/prod.json
