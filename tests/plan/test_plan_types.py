"""Every AWS resource type in the shipped plans is ready for the plan and the pack.

A newcomer adding a resource type must give it realistic mock outputs (bulkhead/plan/mock_outputs.py)
and have the pack review it (a policy, or policies/reviewed.py with the reason); these tests name the type
that was forgotten.
"""

from __future__ import annotations

import importlib
import re

import pytest

from bulkhead.plan.mock_outputs import ACCOUNT_ID
from bulkhead.plan.model import ResourceRecord
from policies.reviewed import reviewed_types
from tests.support import shipped_plan

STACKS = ("dev", "staging", "prod")
ARN = re.compile(r"^arn:aws:(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):(?P<account>[0-9]*):.+$")
# ARNs without a region: global services, and the global members of Aurora and ElastiCache.
REGIONLESS_SERVICES = frozenset({"iam", "route53", "s3"})
ACCOUNTLESS_SERVICES = frozenset({"route53", "s3"})  # hosted zones, health checks and buckets
REGIONLESS_TYPES = frozenset(
    {
        "aws:rds/globalCluster:GlobalCluster",
        "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
    }
)


def _aws_resources(stack: str) -> list[ResourceRecord]:
    return [r for r in shipped_plan(stack).resources if r.custom and r.type.startswith("aws:")]


def _sdk_has_arn(resource_type: str) -> bool:
    """Whether the installed pulumi-aws class for `aws:<module>/<x>:<Class>` has an `arn` output."""
    _, module, class_name = resource_type.split(":")
    cls = getattr(importlib.import_module(f"pulumi_aws.{module.split('/')[0]}"), class_name)
    return isinstance(vars(cls).get("arn"), property)


def _arn_problem(record: ResourceRecord) -> str | None:
    arn = {**record.inputs, **record.outputs}.get("arn")
    if not isinstance(arn, str):
        return "no `arn` in its mock outputs"
    match = ARN.match(arn)
    if match is None:
        return f"ARN {arn!r} is not arn:aws:<service>:<region>:<account>:<resource>"
    regionless = match["service"] in REGIONLESS_SERVICES or record.type in REGIONLESS_TYPES
    expected_region = "" if regionless else record.region
    if match["region"] != expected_region:
        return f"ARN {arn!r} is not in the resource's region {expected_region!r}"
    if match["account"] != ("" if match["service"] in ACCOUNTLESS_SERVICES else ACCOUNT_ID):
        return f"ARN {arn!r} is not in the account {ACCOUNT_ID}"
    return None


@pytest.mark.parametrize("stack", STACKS)
def test_every_resource_with_an_arn_gets_a_mock_arn_in_its_own_region_and_account(stack: str) -> None:
    problems = {
        record.type: f"{record.name}: {problem}"
        for record in _aws_resources(stack)
        if _sdk_has_arn(record.type) and (problem := _arn_problem(record)) is not None
    }
    assert not problems, "add realistic outputs to bulkhead/plan/mock_outputs.py:\n" + "\n".join(
        f"{t}: {p}" for t, p in sorted(problems.items())
    )


@pytest.mark.parametrize("stack", STACKS)
def test_every_resource_type_in_the_shipped_plans_is_reviewed_by_the_pack(stack: str) -> None:
    types = {record.type for record in _aws_resources(stack)} | {
        r.type for r in shipped_plan(stack).resources if r.custom and r.type.startswith("kubernetes:")
    }
    unreviewed = sorted(types - reviewed_types())
    assert not unreviewed, (
        f"{stack} plan has types the pack never reviewed: {unreviewed}; add a policy for each or list it in "
        "policies/reviewed.py (REVIEWED_WITHOUT_RULES) with the reason"
    )


def test_an_arn_in_another_region_is_reported() -> None:
    record = ResourceRecord(
        urn="urn:pulumi:prod::mobile::aws:sqs/queue:Queue::q",
        type="aws:sqs/queue:Queue",
        name="q",
        custom=True,
        parent=None,
        dependencies=[],
        provider=None,
        region="us-west-2",
        protect=False,
        inputs={},
        outputs={"arn": f"arn:aws:sqs:us-east-1:{ACCOUNT_ID}:q"},
    )
    assert "not in the resource's region 'us-west-2'" in (_arn_problem(record) or "")
