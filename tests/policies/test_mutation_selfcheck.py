"""The adversarial self-check (bulkhead policy selfcheck): a sample of each class on the golden stack.

The full run on the prod plan is a command (`bulkhead policy selfcheck --stack prod`); here each class is
sampled so the test stays fast, and the sample must be caught or exempted, never missed.
"""

import json

import pytest

from bulkhead.selfcheck import CLASSES, Target, evasions, run, summary
from bulkhead.selfcheck.properties import DELETE, mutate, mutations
from bulkhead.selfcheck.sdk_types import sdk_types
from policies.config import default_config_path, parse_config
from policies.reviewed import is_reviewed
from tests.policies.support import golden_stack


def _prod_like_target() -> Target:
    data = json.loads(default_config_path("prod").read_text())
    # The golden stack has two database instances and no DR region; every other prod threshold applies.
    data["rds-cluster-availability"]["minInstances"] = 2
    data["global-replication"]["required"] = False
    return Target("golden", "prod", golden_stack(), parse_config(data, "prod-like"))


@pytest.fixture(scope="module")
def outcomes():
    return run(_prod_like_target(), limit=40)


def test_every_sampled_mutation_of_the_golden_stack_is_caught(outcomes):
    assert [o for o in outcomes if o.verdict != "caught"] == [], summary(outcomes)


def test_the_sample_covers_every_class(outcomes):
    assert {o.kind for o in outcomes} == set(CLASSES)


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


def test_sdk_type_lists_are_read_from_the_installed_packages():
    aws, kubernetes = sdk_types("pulumi_aws"), sdk_types("pulumi_kubernetes")
    assert "aws:s3/bucket:Bucket" in aws and len(aws) > 1000
    assert "kubernetes:apps/v1:DeploymentPatch" in kubernetes and len(kubernetes) > 300


def test_every_unreviewed_sdk_type_becomes_one_mutation():
    types = [
        "aws:s3/bucket:Bucket",
        "aws:sagemaker/notebookInstance:NotebookInstance",
        "kubernetes:apps/v1:DeploymentList",
    ]
    added = [m.description for m in evasions.unreviewed_types(golden_stack(), types)]
    assert added == [t for t in types if not is_reviewed(t)] and "aws:s3/bucket:Bucket" not in added
