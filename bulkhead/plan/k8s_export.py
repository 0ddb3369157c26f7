"""Writes the rendered Kubernetes objects of a plan as YAML files, one per object.

Each `kubernetes:*` resource's recorded inputs are the full object pulumi-kubernetes would apply
(apiVersion, kind, metadata, spec), so reviewers and tools (kubeconform, kube-linter, Polaris) can
read them without a cluster. Layout: `<namespace>/<Kind>-<name>.yaml`; cluster-scoped objects go
to `_cluster/`. When a plan holds objects of several clusters (a warm standby in the DR region),
each cluster's files sit under a folder named after its Kubernetes provider.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bulkhead.plan.model import ResourceRecord

KUBERNETES_PREFIX = "kubernetes:"
CLUSTER_SCOPED_DIR = "_cluster"
_KEY_ORDER = ("apiVersion", "kind", "metadata")


@dataclass(frozen=True)
class RenderedObject:
    """One Kubernetes object as it would be applied, and where it came from."""

    manifest: dict[str, Any]
    provider: str | None
    urn: str

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def name(self) -> str:
        return self.manifest["metadata"]["name"]

    @property
    def namespace(self) -> str | None:
        return self.manifest["metadata"].get("namespace")

    def relative_path(self) -> Path:
        return Path(self.namespace or CLUSTER_SCOPED_DIR) / f"{self.kind}-{self.name}.yaml"


def rendered_objects(resources: Iterable[ResourceRecord]) -> list[RenderedObject]:
    """Every Kubernetes object of the plan (custom resources of a `kubernetes:` type), in plan order."""
    objects = []
    for record in resources:
        if not record.custom or not record.type.startswith(KUBERNETES_PREFIX):
            continue
        manifest = {key: record.inputs[key] for key in _KEY_ORDER if key in record.inputs}
        manifest.update((key, value) for key, value in record.inputs.items() if key not in _KEY_ORDER)
        if "kind" not in manifest or "name" not in manifest.get("metadata", {}):
            raise ValueError(f"{record.urn}: a Kubernetes object needs kind and metadata.name to be exported")
        objects.append(RenderedObject(manifest=manifest, provider=record.provider, urn=record.urn))
    return objects


def export_k8s_objects(resources: Sequence[ResourceRecord], out_dir: Path) -> list[Path]:
    """Writes each object to `out_dir`; returns the written paths. Files already there are overwritten
    only where an object has the same path; nothing else in `out_dir` is touched."""
    objects = rendered_objects(resources)
    several_clusters = len({obj.provider for obj in objects}) > 1
    paths: dict[Path, str] = {}
    for obj in objects:
        folder = out_dir / _provider_folder(obj.provider) if several_clusters else out_dir
        path = folder / obj.relative_path()
        if path in paths:
            raise ValueError(f"two objects would be written to {path}: {paths[path]} and {obj.urn}")
        paths[path] = obj.urn
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(obj.manifest, sort_keys=False), encoding="utf-8")
    return sorted(paths)


def _provider_folder(provider: str | None) -> str:
    """`urn:...::mobile-prod-cluster-k8s` -> `mobile-prod-cluster-k8s`."""
    return provider.rsplit("::", 1)[-1] if provider else "_default"
