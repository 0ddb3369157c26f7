"""The architecture of both plans in one Mermaid diagram, with what the change touches marked.

Nodes and edges of either plan are drawn; a node only the new plan has is added, only the old one
removed; a node whose resource is replaced or updated is marked so, and so is a node that owns a
detail that changed (a subnet marks its VPC, a parameter group its database). Edges only one plan
has are added or removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bulkhead.diagram.graph import Architecture, build_architecture
from bulkhead.diagram.mermaid import ADDED, CHANGED, REMOVED, REPLACED, render_mermaid
from bulkhead.diff.resources import REMOVE, REPLACE, ResourceDiff

_STRENGTH = {CHANGED: 1, REPLACED: 2, ADDED: 3, REMOVED: 3}


def _merge(old: Architecture, new: Architecture) -> Architecture:
    merged = Architecture(
        primary_region=new.primary_region or old.primary_region, dr_region=new.dr_region or old.dr_region
    )
    merged.nodes = {**new.nodes, **{i: n for i, n in old.nodes.items() if i not in new.nodes}}
    merged.edges = list(new.edges) + [edge for edge in old.edges if edge not in new.edges]
    merged.unmapped = {**old.unmapped, **new.unmapped}
    return merged


def _mark(status: dict[str, str], node_ids: tuple[str, ...] | list[str], mark: str) -> None:
    for node_id in node_ids:
        if _STRENGTH[mark] > _STRENGTH.get(status.get(node_id, ""), 0):
            status[node_id] = mark


def diff_diagram(old_plan: Mapping[str, Any], new_plan: Mapping[str, Any], resources: ResourceDiff) -> str:
    old, new = build_architecture(old_plan), build_architecture(new_plan)
    merged = _merge(old, new)
    status: dict[str, str] = {}
    for change in resources.changes:
        owners = (old if change.action == REMOVE else new).owners.get(change.urn, ())
        own = [node_id for node_id in owners if merged.nodes[node_id].urn == change.urn]
        _mark(status, own, REPLACED if change.action == REPLACE else CHANGED)
        _mark(status, [node_id for node_id in owners if node_id not in own], CHANGED)
    _mark(status, [node_id for node_id in new.nodes if node_id not in old.nodes], ADDED)
    _mark(status, [node_id for node_id in old.nodes if node_id not in new.nodes], REMOVED)
    edge_status = {edge: ADDED for edge in new.edges if edge not in old.edges}
    edge_status.update({edge: REMOVED for edge in old.edges if edge not in new.edges})
    return render_mermaid(merged, status, edge_status)
