"""Finding recorded Kubernetes objects by name, for the service and cluster-controller tests."""

from __future__ import annotations

from tests.support import Recorded

NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"


def named(recorded: Recorded, resource_type: str, name: str):
    """The first recorded object of `resource_type` whose metadata.name is `name`."""
    return next(r for r in recorded.of_type(resource_type) if r.inputs["metadata"]["name"] == name)
