"""The architecture as a Mermaid flowchart, which GitHub, GitLab and most review tools render in Markdown.

Regions are boxes (the primary first, then the DR region); VPCs and clusters are boxes inside them
when they hold anything; workloads, data stores, keys and vaults are nodes. Solid arrows: a
workload may reach a store. Dotted arrows: replication, backups and their copies. In a diff, nodes
and edges carry a status (added, removed, changed, replaced) drawn with the class styles below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bulkhead.diagram.grants import CONSUMES, SENDS
from bulkhead.diagram.graph import ACCESS, INTERNET, INTERNET_ID, REPLICA, Architecture, Edge, Node
from bulkhead.diagram.links import BACKUP, COPY
from infra.settings.redaction import mask_text

ADDED, REMOVED, CHANGED, REPLACED = "added", "removed", "changed", "replaced"
NODE_STYLES = {
    ADDED: "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px",
    REMOVED: "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 3",
    CHANGED: "fill:#fff8c5,stroke:#9a6700,stroke-width:2px",
    REPLACED: "fill:#fbefff,stroke:#8250df,stroke-width:3px",
}
EDGE_STYLES = {
    ADDED: "stroke:#1a7f37,stroke-width:2px",
    REMOVED: "stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 3",
}
UNMAPPED_STYLE = "fill:#f6f8fa,stroke:#57606a,stroke-dasharray:3 3"
ARROWS = {ACCESS: "-->", SENDS: "-->", CONSUMES: "-->", REPLICA: "-.->", BACKUP: "-.->", COPY: "-.->", INTERNET: "---"}
EDGE_LABELS = {ACCESS: "uses", SENDS: "sends", CONSUMES: "consumes", REPLICA: "replica", BACKUP: "backup", COPY: "copy"}
SHAPES = {
    "box": '["{}"]',
    "container": '["{}"]',
    "cylinder": '[("{}")]',
    "stadium": '(["{}"])',
    "hexagon": '{{{{"{}"}}}}',
    "trapezoid": '[/"{}"\\]',
}
GLOBAL = "global"


def _escape(text: str) -> str:
    """Mermaid label text: secrets masked (labels come from the plan file), then entity codes for the
    characters that end or break a quoted label."""
    text = mask_text(text)
    return text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _label(*lines: str) -> str:
    return "<br/>".join(_escape(line) for line in lines)


def _region_id(region: str) -> str:
    return "region_" + re.sub(r"[^A-Za-z0-9]", "_", region)


def _region_title(architecture: Architecture, region: str) -> str:
    if region == architecture.primary_region:
        return f"{region} (primary)"
    if region == architecture.dr_region:
        return f"{region} (DR)"
    return region


def _ordered_regions(architecture: Architecture) -> list[str]:
    regions = {node.region or GLOBAL for node in architecture.nodes.values()}
    regions |= {region or GLOBAL for region in architecture.unmapped}
    leading = [r for r in (architecture.primary_region, architecture.dr_region) if r in regions]
    return leading + sorted(regions - set(leading) - {GLOBAL}) + ([GLOBAL] if GLOBAL in regions else [])


def render_mermaid(
    architecture: Architecture,
    node_status: Mapping[str, str] | None = None,
    edge_status: Mapping[Edge, str] | None = None,
) -> str:
    node_status, edge_status = node_status or {}, edge_status or {}
    lines = ["flowchart LR"]
    if any(edge.source == INTERNET_ID for edge in architecture.edges):
        lines.append(f'  {INTERNET_ID}(("Internet"))')
    for region in _ordered_regions(architecture):
        lines.append(f'  subgraph {_region_id(region)}["{_escape(_region_title(architecture, region))}"]')
        top = [n for n in architecture.nodes.values() if (n.region or GLOBAL) == region and n.container is None]
        for node in top:
            lines += _node_lines(architecture, node, 2)
        lines += _unmapped_lines(architecture, region)
        lines.append("  end")
    links = []
    for edge in architecture.edges:
        label = EDGE_LABELS.get(edge.kind)
        arrow = ARROWS.get(edge.kind, "-->")
        lines.append(f"  {edge.source} {arrow}{f'|{label}|' if label else ''} {edge.target}")
        links.append(edge)
    for status, style in NODE_STYLES.items():
        members = [node_id for node_id, s in node_status.items() if s == status and node_id in architecture.nodes]
        if members:
            lines.append(f"  classDef {status} {style}")
            lines.append(f"  class {','.join(members)} {status}")
    if architecture.unmapped:
        lines.append(f"  classDef unmapped {UNMAPPED_STYLE}")
    for index, edge in enumerate(links):
        if edge in edge_status and edge_status[edge] in EDGE_STYLES:
            lines.append(f"  linkStyle {index} {EDGE_STYLES[edge_status[edge]]}")
    return "\n".join(lines) + "\n"


def _node_lines(architecture: Architecture, node: Node, depth: int) -> list[str]:
    indent = "  " * depth
    label = _label(node.title, node.name)
    children = architecture.children(node.id)
    if node.role.shape == "container" and children:
        lines = [f'{indent}subgraph {node.id}["{label}"]']
        for child in children:
            lines += _node_lines(architecture, child, depth + 1)
        return lines + [f"{indent}end"]
    return [f"{indent}{node.id}{SHAPES[node.role.shape].format(label)}"]


def _unmapped_lines(architecture: Architecture, region: str) -> list[str]:
    counts = next((c for r, c in architecture.unmapped.items() if (r or GLOBAL) == region), None)
    if not counts:
        return []
    entries = [f"{count} × {resource_type}" for resource_type, count in sorted(counts.items())]
    node_id = "unmapped_" + _region_id(region)
    return [f'    {node_id}["{_label("Unmapped types", *entries)}"]:::unmapped']
