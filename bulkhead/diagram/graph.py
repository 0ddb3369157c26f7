"""The architecture of a plan as nodes and edges, derived from resource types and their relationships.

- Nodes: every resource whose role is drawn (bulkhead/diagram/roles.py), in its region; a node
  whose role sits in a network or a cluster goes inside the nearest VPC or EKS cluster its
  dependencies (or its Kubernetes provider) lead to.
- Edges:
  - access: a workload depends on a data store (its connection settings or the secret ARNs it is
    given), so it may reach that store; for a queue, `sends` / `consumes` as its grants state
    (bulkhead/diagram/grants.py);
  - replica: a node depends, directly or through one undrawn resource (a global database, a DB
    instance), on a node of the same role in another region: the DR secondary and its primary;
    and a node whose `replicas` input lists regions has a replica in each;
  - backup / copy: what LINK resources state (bulkhead/diagram/links.py);
  - internet: every edge node (internet gateway, later the load balancers) is reachable from it.
- Details (a subnet, a parameter group) are owned by the drawn resource next to them in the same
  component, so a diff can mark that resource as changed.
- Unmapped types are counted per region.
- A two-layer plan is joined first (bulkhead/diagram/layers.py): Kubernetes-layer records take the
  region of their cluster, and workloads the stores they are given by endpoint or ARN.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from bulkhead.diagram.grants import queue_directions
from bulkhead.diagram.layers import join_layers
from bulkhead.diagram.links import LINK_RULES, RecordIndex
from bulkhead.diagram.roles import (
    CLUSTER,
    DETAIL,
    EDGE,
    LINK,
    NETWORK,
    QUEUE,
    TYPES,
    WORKLOAD,
    Role,
    is_structural,
    role_of,
)

Record = Mapping[str, Any]

ACCESS, REPLICA, INTERNET = "access", "replica", "internet"
INTERNET_ID = "internet"
# How far dependencies are followed to find a node's VPC or cluster, or a replica's primary.
_PLACEMENT_DEPTH = 4
_REPLICA_DEPTH = 2


@dataclass(frozen=True)
class Node:
    id: str
    urn: str
    role: Role
    title: str
    name: str
    region: str | None
    container: str | None = None  # id of the VPC or cluster node it sits in


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str


@dataclass
class Architecture:
    primary_region: str | None
    dr_region: str | None
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    unmapped: dict[str | None, Counter[str]] = field(default_factory=dict)
    owners: dict[str, tuple[str, ...]] = field(default_factory=dict)  # record URN -> node ids it marks

    def node_for(self, urn: str) -> Node | None:
        return self.nodes.get(node_id(urn))

    def children(self, container: str | None) -> list[Node]:
        return [node for node in self.nodes.values() if node.container == container]


def node_id(urn: str, suffix: str = "") -> str:
    return "n" + hashlib.sha256((urn + suffix).encode()).hexdigest()[:10]


def build_architecture(plan: Mapping[str, Any]) -> Architecture:
    records = join_layers(plan)
    index = RecordIndex(records)
    architecture = Architecture(primary_region=plan.get("region"), dr_region=plan.get("dr_region"))
    drawn = [r for r in records if not is_structural(r["type"], bool(r.get("custom"))) and _drawn(r)]
    prefix = _common_prefix([r["name"] for r in drawn if not r["type"].startswith("kubernetes:")])
    for record in drawn:
        _add_node(architecture, record, index, prefix)
    for record in records:
        if not is_structural(record["type"], bool(record.get("custom"))) and role_of(record["type"]) is None:
            region = record.get("region")
            architecture.unmapped.setdefault(region, Counter())[record["type"]] += 1
    _add_edges(architecture, records, index)
    architecture.owners = _owners(records, index, architecture)
    return architecture


def _drawn(record: Record) -> bool:
    role = role_of(record["type"])
    return role is not None and role.drawn


def _common_prefix(names: list[str]) -> str:
    """The shared `<app>-<env>-` style prefix of resource names, cut at a hyphen."""
    prefix = os.path.commonprefix(names) if len(names) > 1 else ""
    return prefix[: prefix.rfind("-") + 1]


def _display_name(record: Record, prefix: str) -> str:
    metadata = (record.get("inputs") or {}).get("metadata")
    if record["type"].startswith("kubernetes:") and isinstance(metadata, dict) and metadata.get("name"):
        namespace = metadata.get("namespace")
        return f"{namespace}/{metadata['name']}" if namespace else str(metadata["name"])
    name = record["name"]
    return name[len(prefix) :] if prefix and name.startswith(prefix) and len(name) > len(prefix) else name


def _neighbours(record: Record) -> Iterator[str]:
    yield from record.get("dependencies") or []
    if record.get("provider"):
        yield record["provider"]


def _nearest(start: Record, index: RecordIndex, wanted: Role, region: str | None, depth: int) -> Record | None:
    """The closest record of role `wanted` along dependencies (and providers), in `region` when given."""
    seen, queue = {start["urn"]}, deque([(start, 0)])
    while queue:
        record, distance = queue.popleft()
        if distance == depth:
            continue
        for urn in _neighbours(record):
            neighbour = index.by_urn.get(urn)
            if neighbour is None or urn in seen:
                continue
            seen.add(urn)
            if role_of(neighbour["type"]) == wanted and (region is None or neighbour.get("region") == region):
                return neighbour
            queue.append((neighbour, distance + 1))
    return None


def _container_role(role: Role) -> Role | None:
    return {"network": NETWORK, "cluster": CLUSTER}.get(role.placement)


def _add_node(architecture: Architecture, record: Record, index: RecordIndex, prefix: str) -> None:
    role, title = TYPES[record["type"]]
    region = record.get("region")
    container = None
    container_role = _container_role(role)
    if container_role is not None:
        found = _nearest(record, index, container_role, region, _PLACEMENT_DEPTH)
        if found is not None:
            container = node_id(found["urn"])
            region = region or found.get("region")
    node = Node(node_id(record["urn"]), record["urn"], role, title, _display_name(record, prefix), region, container)
    architecture.nodes[node.id] = node
    for replica_region in _inline_replica_regions(record):
        replica = Node(
            node_id(record["urn"], "@" + replica_region),
            record["urn"],
            role,
            f"{title} replica",
            node.name,
            replica_region,
        )
        architecture.nodes[replica.id] = replica
        architecture.edges.append(Edge(node.id, replica.id, REPLICA))


def _inline_replica_regions(record: Record) -> list[str]:
    replicas = (record.get("inputs") or {}).get("replicas")
    if not isinstance(replicas, list):
        return []
    return [r["region"] for r in replicas if isinstance(r, dict) and isinstance(r.get("region"), str)]


def _add_edges(architecture: Architecture, records: list[Record], index: RecordIndex) -> None:
    edges: list[Edge] = []
    for node in list(architecture.nodes.values()):
        record = index.by_urn[node.urn]
        if node.id != node_id(node.urn):
            continue  # an inline replica: its edge is already there
        if node.role == WORKLOAD:
            for urn in record.get("dependencies") or []:
                target = architecture.node_for(urn)
                if target is not None and target.role.data:
                    kinds = queue_directions(record, index.by_urn[urn], index) if target.role == QUEUE else []
                    edges += [Edge(node.id, target.id, kind) for kind in kinds or [ACCESS]]
        primary = _replica_source(record, index, node)
        if primary is not None:
            edges.append(Edge(node_id(primary["urn"]), node.id, REPLICA))
        if node.role == EDGE:
            edges.append(Edge(INTERNET_ID, node.id, INTERNET))
    for record in records:
        rule = LINK_RULES.get(record["type"])
        for source_urn, target_urn, kind in rule(record, index) if rule else ():
            if architecture.node_for(source_urn) and architecture.node_for(target_urn):
                edges.append(Edge(node_id(source_urn), node_id(target_urn), kind))
    for edge in edges:
        if edge not in architecture.edges:
            architecture.edges.append(edge)


def _replica_source(record: Record, index: RecordIndex, node: Node) -> Record | None:
    """The same-role resource in another region this one depends on, through at most one undrawn record."""
    frontier, seen = [record], {record["urn"]}
    for _ in range(_REPLICA_DEPTH):
        next_frontier = []
        for current in frontier:
            for urn in current.get("dependencies") or []:
                other = index.by_urn.get(urn)
                if other is None or urn in seen:
                    continue
                seen.add(urn)
                if role_of(other["type"]) == node.role and other.get("region") not in (None, node.region):
                    return other
                if not _drawn(other):
                    next_frontier.append(other)
        frontier = next_frontier
    return None


def _owners(records: list[Record], index: RecordIndex, architecture: Architecture) -> dict[str, tuple[str, ...]]:
    """Which drawn nodes a change to each record marks (the record's own node, or its owner's)."""
    drawn_by_parent: dict[str | None, list[Record]] = {}
    for record in records:
        if architecture.node_for(record["urn"]) is not None:
            drawn_by_parent.setdefault(record.get("parent"), []).append(record)
    owners: dict[str, tuple[str, ...]] = {}
    for record in records:
        own = [node.id for node in architecture.nodes.values() if node.urn == record["urn"]]
        if own:
            owners[record["urn"]] = tuple(own)
        elif role_of(record["type"]) in (DETAIL, LINK):
            owners[record["urn"]] = _owner_of_detail(record, index, drawn_by_parent)
    return owners


def _owner_of_detail(record: Record, index: RecordIndex, drawn_by_parent: dict) -> tuple[str, ...]:
    """The drawn siblings closest along its dependencies, else those depending on it, else the only
    drawn sibling; up the component tree until one is found. Several unrelated candidates: no owner."""
    parent = record.get("parent")
    while parent is not None:
        siblings = {s["urn"]: s for s in drawn_by_parent.get(parent, [])}
        closest = _closest_dependencies(record, index, set(siblings))
        dependents = [urn for urn, s in siblings.items() if record["urn"] in (s.get("dependencies") or [])]
        chosen = closest or dependents or (list(siblings) if len(siblings) == 1 else [])
        if chosen or siblings:
            return tuple(node_id(urn) for urn in chosen)
        parent = (index.by_urn.get(parent) or {}).get("parent")
    return ()


def _closest_dependencies(record: Record, index: RecordIndex, wanted: set[str]) -> list[str]:
    """The URNs in `wanted` reached first when following `record`'s dependencies (all at that distance)."""
    frontier, seen = [record], {record["urn"]}
    for _ in range(_PLACEMENT_DEPTH):
        reached: list[str] = []
        next_frontier: list[Record] = []
        for current in frontier:
            for urn in current.get("dependencies") or []:
                if urn in seen or urn not in index.by_urn:
                    continue
                seen.add(urn)
                if urn in wanted:
                    reached.append(urn)
                else:
                    next_frontier.append(index.by_urn[urn])
        if reached:
            return sorted(reached)
        frontier = next_frontier
    return []
