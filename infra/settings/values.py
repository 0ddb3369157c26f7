"""Setting types checked against the reference tables (components/reference/): what AWS would accept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator

from components.reference.cache import node_type_problem
from components.reference.ec2_instance_types import node_instance_type_problem
from components.reference.eks import kubernetes_version_problem
from components.reference.regions import region_problem


def checked_by(problem: Callable[[str], str | None]) -> AfterValidator:
    """A validator raising `problem(value)` when there is one (the message says what is allowed)."""

    def check(value: str) -> str:
        message = problem(value)
        if message is not None:
            raise ValueError(message)
        return value

    return AfterValidator(check)


Region = Annotated[str, checked_by(region_problem)]
KubernetesVersion = Annotated[str, checked_by(kubernetes_version_problem)]
NodeInstanceType = Annotated[str, checked_by(node_instance_type_problem)]
CacheNodeType = Annotated[str, checked_by(node_type_problem)]
