"""Answers for the AWS operations moto 5.2.5 lacks (or cannot show as AWS would), per operation.

botocore's Stubber answers every call of a client or none; the verify tests need moto for most
operations of a client and a prepared answer for a few (EKS `DescribeCluster` comes from here, but a
cache group's `DescribeReplicationGroups` from moto while `DescribeGlobalReplicationGroups` is
answered). So this does what Stubber does, one operation at a time: a `before-call` handler on the
boto3 session returns the prepared response instead of sending the request, after validating it
against the operation's output shape in botocore's service model (`validate_parameters`, the check
Stubber applies to every response it is given). Field names and nesting are therefore real; the
values come from the shipped plan (tests/verify/environment.py).

The session also records every operation any of its clients calls, answered or not: the tests derive
the IAM actions verify needs from that record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.validate import validate_parameters

# (region, the call's parameters) -> the response, or {"Error": {"Code": ..., "Message": ...}}.
Answer = Callable[[str, dict[str, Any]], dict[str, Any]]
PARAMS = "verify-tests.params"


class Answers:
    def __init__(self, session: boto3.Session):
        self._answers: dict[tuple[str, str], Answer] = {}
        self.calls: list[tuple[str, str, str]] = []  # (service, operation, region) of every call, in order
        session.events.register("before-parameter-build", self._remember)
        session.events.register("before-call", self._answer)

    def clear(self) -> None:
        """Forget every answer and call: a new deployment is about to be answered."""
        self._answers.clear()
        self.calls.clear()

    def add(self, service: str, operation: str, answer: Answer) -> None:
        self._answers[(service, operation)] = answer

    def _remember(self, params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        context[PARAMS] = dict(params)
        self.calls.append((model.service_model.service_name, model.name, context["client_region"]))

    def _answer(self, model: Any, context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        answer = self._answers.get((model.service_model.service_name, model.name))
        if answer is None:
            return None  # moto serves it
        response = answer(context["client_region"], context[PARAMS])
        if "Error" in response:
            return AWSResponse(None, 400, {}, None), response
        validate_parameters(response, model.output_shape)
        return AWSResponse(None, 200, {}, None), response


def not_found(code: str, what: str) -> dict[str, Any]:
    return {"Error": {"Code": code, "Message": f"{what} not found"}, "ResponseMetadata": {"HTTPStatusCode": 404}}
