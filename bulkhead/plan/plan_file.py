"""The shape `bulkhead policy check` requires of a plan file (docs/plan-format.md).

Strict where the policy engine reads: every resource record has a type token and a name, and every
field it has is of its documented type. Fields the engine does not need may be left out (a hand-made
plan of a few resources is a valid input); unknown fields in a record are refused (a typo would
otherwise hide the value a policy reads).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bulkhead.plan.model import PLAN_FORMAT, PLAN_VERSION

MAX_PLAN_BYTES = 64 * 1024 * 1024  # the prod plan is under 2 MiB
MAX_PROBLEMS = 50
TYPE_TOKEN_PATTERN = r"^[a-zA-Z0-9-]+:[a-zA-Z0-9./-]*:[A-Za-z0-9]+\Z"


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, regex_engine="python-re", frozen=True)


class ResourceRecord(_Strict):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(pattern=TYPE_TOKEN_PATTERN)
    name: str = Field(min_length=1)
    urn: str | None = None
    custom: bool = True
    parent: str | None = None
    dependencies: list[str] = []
    provider: str | None = None
    region: str | None = None
    protect: bool = False
    inputs: dict[str, Any] = {}
    outputs: dict[str, Any] = {}


class PlanFile(_Strict):
    model_config = ConfigDict(extra="allow")  # summary, outputs, policy, dr_posture: not read here

    format: Literal[PLAN_FORMAT]
    version: Literal[PLAN_VERSION]
    environment: Literal["dev", "staging", "prod"] | None = None
    stack: str | None = None
    resources: list[ResourceRecord]
