"""Which way a workload uses a queue, read from the grants its role received from that queue.

A workload depends on every queue whose URL it is given, whether it sends to it or consumes it; the
inline policies the queue component attaches to the workload's role (the AWS-layer role its pod
template names in `bulkhead.io/pod-identity-role`) say which: `sqs:SendMessage` draws a `sends` edge,
`sqs:ReceiveMessage` a `consumes` edge.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bulkhead.diagram.links import RecordIndex

Record = Mapping[str, Any]

SENDS, CONSUMES = "sends", "consumes"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
POD_IDENTITY_ROLE_ANNOTATION = "bulkhead.io/pod-identity-role"  # components/kubernetes/objects.py
_DIRECTIONS = {"sqs:sendmessage": SENDS, "sqs:receivemessage": CONSUMES}


def queue_directions(workload: Record, queue: Record, index: RecordIndex) -> list[str]:
    """`sends` and/or `consumes`, as the queue's grants to the workload's role state; [] when unknown."""
    role_arn = _pod_identity_role(workload)
    roles = {
        value
        for record in index.by_urn.values()
        if record["type"] == ROLE and role_arn and (record.get("outputs") or {}).get("arn") == role_arn
        for value in ((record.get("outputs") or {}).get("id"), (record.get("inputs") or {}).get("name"))
        if value
    }
    directions: set[str] = set()
    for record in index.by_urn.values():
        inputs = record.get("inputs") or {}
        if record["type"] != ROLE_POLICY or record.get("parent") != queue.get("parent"):
            continue
        if inputs.get("role") in roles:
            directions |= {_DIRECTIONS[a] for a in _actions(inputs.get("policy")) if a in _DIRECTIONS}
    return sorted(directions)


def _pod_identity_role(workload: Record) -> Any:
    template = (((workload.get("inputs") or {}).get("spec") or {}).get("template") or {}).get("metadata") or {}
    return (template.get("annotations") or {}).get(POD_IDENTITY_ROLE_ANNOTATION)


def _actions(policy: Any) -> list[str]:
    try:
        document = json.loads(policy) if isinstance(policy, str) else policy
    except json.JSONDecodeError:
        return []
    statements = (document or {}).get("Statement") or [] if isinstance(document, Mapping) else []
    actions: list[str] = []
    for statement in statements if isinstance(statements, list) else [statements]:
        if isinstance(statement, Mapping) and statement.get("Effect") == "Allow":
            listed = statement.get("Action") or []
            actions += [str(a).lower() for a in (listed if isinstance(listed, list) else [listed])]
    return actions
