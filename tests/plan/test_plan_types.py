"""Every AWS resource type in the shipped plans has realistic mock outputs (bulkhead/plan/mock_outputs.py).

Where the installed SDK says the type has an `arn`, the plan must carry one in the resource's own region
and account; the test names the type that was forgotten. (That the pack reviews every type is
tests/policies/test_shipped_stacks.py::test_every_resource_type_of_a_shipped_stack_is_reviewed.)
"""

from __future__ import annotations

import importlib
import keyword
import re

import pytest

from bulkhead.plan.mock_outputs import ACCOUNT_ID
from bulkhead.plan.model import ResourceRecord
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
    package = module.split("/")[0]
    # The SDK spells modules named like Python keywords with a trailing underscore (`lambda_`).
    cls = getattr(
        importlib.import_module(f"pulumi_aws.{package}_" if keyword.iskeyword(package) else f"pulumi_aws.{package}"),
        class_name,
    )
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
        layer="aws",
        protect=False,
        inputs={},
        outputs={"arn": f"arn:aws:sqs:us-east-1:{ACCOUNT_ID}:q"},
    )
    assert "not in the resource's region 'us-west-2'" in (_arn_problem(record) or "")
