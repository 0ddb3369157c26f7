"""Checks shared by launch templates and instances: instance metadata, volumes, public addresses."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from policies.support.props import Violation, as_bool, as_int, check_cmk, get, violation


def imds_problems(props: Mapping[str, Any], limit: int) -> list[Violation]:
    """IMDSv2 only, with a response hop limit of at most `limit` (pods cannot borrow node credentials)."""
    problems = []
    tokens = get(props, "metadataOptions.httpTokens")
    if tokens != "required":
        problems.append(violation("metadataOptions.httpTokens", tokens, "set it to 'required'"))
    hops = get(props, "metadataOptions.httpPutResponseHopLimit")
    if as_int(hops) is None or not 1 <= hops <= limit:
        problems.append(violation("metadataOptions.httpPutResponseHopLimit", hops, f"set it to {limit}"))
    return problems


def check_volume(report: Callable[..., None], path: str, ebs: Any, encrypted_key: str = "encrypted") -> None:
    """An EBS volume definition is encrypted with a customer-managed key."""
    value = get(ebs, encrypted_key) if isinstance(ebs, Mapping) else None
    if as_bool(value) is not True:
        report(violation(f"{path}.{encrypted_key}", value, "set it to true"))
    check_cmk(report, f"{path}.kmsKeyId", get(ebs, "kmsKeyId") if isinstance(ebs, Mapping) else None)
