"""The mutation self-check (bench/mutation_selfcheck.py) on the golden stack: every breakage is caught."""

import json

from bench.mutation_selfcheck import DELETE, mutate, mutations, self_check, summary
from policies.config import default_config_path, parse_config
from tests.policies.support import golden_stack


def _prod_like_config():
    data = json.loads(default_config_path("prod").read_text())
    # The golden stack has two database instances and no DR region; every other prod threshold applies.
    data["rds-cluster-availability"]["minInstances"] = 2
    data["global-replication"]["required"] = False
    return parse_config(data, "prod-like")


def test_every_mutation_of_the_golden_stack_is_caught():
    outcomes = self_check(golden_stack(), _prod_like_config())
    assert len(outcomes) > 150
    assert [o for o in outcomes if o.verdict != "caught"] == [], summary(outcomes)


def test_mutations_skip_properties_that_are_absent_or_already_insecure():
    resource = {"type": "aws:rds/cluster:Cluster", "name": "db", "inputs": {"storageEncrypted": False}}
    assert mutate(resource, "storageEncrypted", False) is None
    assert mutate(resource, "kmsKeyId", DELETE) is None
    assert mutate(resource, "storageEncrypted", DELETE)["inputs"] == {}
    assert resource["inputs"] == {"storageEncrypted": False}, "the original is never changed"


def test_workload_mutations_reach_the_pod_spec_of_each_kind():
    cron = {
        "type": "kubernetes:batch/v1:CronJob",
        "name": "c",
        "inputs": {
            "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "x:1"}]}}}}}
        },
    }
    paths = {path for _, path, _, _ in mutations([cron])}
    assert "spec.jobTemplate.spec.template.spec.containers.0.securityContext.privileged" in paths
    assert "spec.jobTemplate.spec.template.spec.hostNetwork" in paths
