"""The pack runs once per layer under the real engine (each layer is its own Pulumi stack): every stack
policy must see everything it needs inside one layer, so per layer and together give the same verdicts."""

import pytest

from bulkhead.plan.policy_report import evaluate_plan
from policies.config import default_config_path, load_config
from policies.engine import evaluate
from policies.registry import RULES
from policies.rule import EVERY_TYPE
from tests.support import shipped_plan


def layer_of(resource_type: str) -> str:
    return "kubernetes" if resource_type.startswith("kubernetes:") else "aws"


# Stack policies that read every type, and how each treats the two layers.
EVERY_LAYER = {
    "resource-type-reviewed": "judges each resource's own type, whatever its layer",
    "environment-baseline": "skips a stack of Kubernetes objects only (policies.support.stack.is_kubernetes_layer)",
    "account-security-baseline": "skips a stack of Kubernetes objects only (the trail, detectors and hubs are the "
    "AWS layer's)",
}


@pytest.mark.parametrize("rule", [r for r in RULES if r.kind == "stack"], ids=lambda rule: rule.name)
def test_every_stack_policy_reads_the_resources_of_one_layer_only(rule):
    if EVERY_TYPE in rule.types:
        assert rule.name in EVERY_LAYER
    else:
        assert len({layer_of(resource_type) for resource_type in rule.types}) == 1, sorted(rule.types)


def _project(resources, project):
    return [r for r in resources if r["urn"].split("::")[1] == project]


def test_the_baseline_is_required_of_the_aws_layer_and_not_of_a_kubernetes_layer():
    resources = shipped_plan("prod").to_json()["resources"]
    config = load_config(default_config_path("prod"))

    def baseline_findings(group):
        return [f.message for f in evaluate(group, config, "prod").findings if f.policy == "environment-baseline"]

    for project in ("bulkhead-kubernetes", "bulkhead-kubernetes-standby"):
        assert _project(resources, project) and baseline_findings(_project(resources, project)) == []
    aws_layer = _project(resources, "bulkhead")
    assert baseline_findings(aws_layer) == []
    without_keys = [r for r in aws_layer if r["type"] != "aws:kms/key:Key"]
    assert [m for m in baseline_findings(without_keys) if "KMS keys" in m]


def test_each_clusters_namespaces_are_judged_on_their_own():
    # Judged together, the standby cluster's kube-system would pass on the primary's: one verdict each.
    report = evaluate_plan(shipped_plan("prod").to_json()["resources"], "prod")
    kube_system = [
        f for f in report.findings if f.policy == "k8s-network-policy" and "namespace 'kube-system'" in f.message
    ]
    assert sorted(f.urn.split("::")[1] for f in kube_system) == ["bulkhead-kubernetes", "bulkhead-kubernetes-standby"]
    assert all(f.exemption is not None for f in kube_system)  # with the reason in policies/config/prod.json
