"""The plan: every resource the program registered, and the stack outputs (docs/plan-format.md)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

PLAN_FORMAT = "bulkhead-plan"
PLAN_VERSION = 2  # 2: each resource names its layer; `layers` lists the projects planned


@dataclass
class ResourceRecord:
    """One registered resource, as the engine would see it."""

    urn: str
    type: str
    name: str
    custom: bool
    parent: str | None
    dependencies: list[str]
    provider: str | None
    region: str | None
    protect: bool
    inputs: dict[str, Any]
    layer: str  # "aws" or "kubernetes": which layer's program registered it (docs/layers.md)
    outputs: dict[str, Any] = field(default_factory=dict)

    @property
    def is_component(self) -> bool:
        return not self.custom and not self.type.startswith("pulumi:providers:")


@dataclass(frozen=True)
class LayerRun:
    """One program the plan ran: its layer, Pulumi project and, for the Kubernetes layer, the cluster."""

    layer: str
    project: str
    cluster: str | None = None


@dataclass
class Plan:
    """A stack's recorded resources; `bulkhead plan` attaches policy findings and the DR posture as sections."""

    project: str
    stack: str
    environment: str
    region: str
    dr_region: str | None
    resources: list[ResourceRecord]
    outputs: dict[str, Any]
    layers: list[LayerRun] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)

    def of_type(self, resource_type: str) -> list[ResourceRecord]:
        return [record for record in self.resources if record.type == resource_type]

    def count_by_type(self) -> Counter[str]:
        return Counter(record.type for record in self.resources if record.custom)

    def count_by_region(self) -> Counter[str]:
        return Counter(record.region or "(none)" for record in self.resources if record.custom)

    def count_by_layer(self) -> Counter[str]:
        return Counter(record.layer for record in self.resources if record.custom)

    def in_layer(self, layer: str) -> list[ResourceRecord]:
        return [record for record in self.resources if record.layer == layer]

    @property
    def resource_count(self) -> int:
        return sum(1 for record in self.resources if record.custom)

    @property
    def component_count(self) -> int:
        return sum(1 for record in self.resources if record.is_component)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PLAN_FORMAT,
            "version": PLAN_VERSION,
            "project": self.project,
            "stack": self.stack,
            "environment": self.environment,
            "region": self.region,
            "dr_region": self.dr_region,
            "summary": {
                "resources": self.resource_count,
                "components": self.component_count,
                "by_type": dict(sorted(self.count_by_type().items())),
                "by_region": dict(sorted(self.count_by_region().items())),
                "by_layer": dict(sorted(self.count_by_layer().items())),
            },
            "layers": [asdict(run) for run in self.layers],
            "resources": [asdict(record) for record in self.resources],
            "outputs": self.outputs,
            **self.sections,
        }
