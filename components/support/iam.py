"""IAM and key-policy documents, built as JSON in Python so that the policy pack can read them.

Every builder takes plain values or Outputs and returns an `Output[str]` holding the JSON document.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

POLICY_VERSION = "2012-10-17"


def statement(
    sid: str,
    actions: Sequence[str],
    resources: Sequence[pulumi.Input[str]] | None = None,
    *,
    principals: Mapping[str, Any] | None = None,
    conditions: Mapping[str, Mapping[str, Any]] | None = None,
    effect: str = "Allow",
) -> dict[str, Any]:
    """One policy statement; `resources` may hold Outputs (resolved by `document`)."""
    result: dict[str, Any] = {"Sid": sid, "Effect": effect, "Action": sorted(actions)}
    if principals is not None:
        result["Principal"] = dict(principals)
    if resources is not None:
        result["Resource"] = list(resources)
    if conditions:
        result["Condition"] = {operator: dict(values) for operator, values in conditions.items()}
    return result


def document(statements: Sequence[pulumi.Input[Mapping[str, Any]]]) -> pulumi.Output[str]:
    """A policy document as JSON, once every Output inside the statements has resolved."""
    return pulumi.Output.from_input({"Version": POLICY_VERSION, "Statement": list(statements)}).apply(
        lambda doc: json.dumps(doc, sort_keys=True)
    )


def service_trust(service: str, conditions: Mapping[str, Mapping[str, Any]] | None = None) -> pulumi.Output[str]:
    """Trust policy that lets one AWS service assume a role, optionally scoped by conditions."""
    return document(
        [statement("TrustService", ["sts:AssumeRole"], principals={"Service": service}, conditions=conditions)]
    )


def account_root(account_id: pulumi.Input[str]) -> pulumi.Output[str]:
    return pulumi.Output.concat("arn:aws:iam::", account_id, ":root")
