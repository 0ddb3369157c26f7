"""One picture from a two-layer plan.

Each cluster's Kubernetes layer is its own program: its records carry no region and reach the AWS
layer only through a stack reference, so nothing in their dependencies says which cluster runs
them or which stores a workload is given. The plan's layer table names the cluster of each
Kubernetes-layer project, and a workload is given a store by value (its endpoint, URL or ARN in the
workload's inputs; its feature flags by the agent's URL of the profile); `join_layers` writes both
back as the region and dependencies a one-program plan would have recorded, so the picture is drawn
the same way from either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

Record = Mapping[str, Any]

# The outputs by which a workload names a store it reaches.
_STORE_IDENTITIES = {
    "aws:rds/cluster:Cluster": ("endpoint", "readerEndpoint", "arn"),
    "aws:elasticache/replicationGroup:ReplicationGroup": ("primaryEndpointAddress", "readerEndpointAddress", "arn"),
    "aws:secretsmanager/secret:Secret": ("arn",),
    "aws:sqs/queue:Queue": ("url", "arn"),
}
_FLAG_PROFILE = "aws:appconfig/configurationProfile:ConfigurationProfile"
# The AppConfig Agent's URL of a profile (components/kubernetes/flags_agent.py): its application and profile ids.
_FLAGS_URL = re.compile(r"/applications/(?P<application>[^/]+)/environments/[^/]+/configurations/(?P<profile>[^/]+)\Z")
_PROVIDER = "pulumi:providers:kubernetes"


def join_layers(plan: Mapping[str, Any]) -> list[Record]:
    records: list[Record] = list(plan.get("resources") or [])
    cluster_of_project = _clusters_of_projects(plan, records)
    if not cluster_of_project:
        return records
    stores = _stores_by_identity(records)
    joined: list[Record] = []
    for record in records:
        cluster = cluster_of_project.get(_project(record["urn"]))
        if record.get("layer") != "kubernetes" or cluster is None:
            joined.append(record)
            continue
        given = [cluster["urn"]] if record["type"] == _PROVIDER else []
        given += sorted({stores[key] for key in _store_keys(record.get("inputs")) if key in stores})
        dependencies = [*(record.get("dependencies") or []), *given]
        joined.append({**record, "region": cluster.get("region"), "dependencies": dependencies})
    return joined


def _clusters_of_projects(plan: Mapping[str, Any], records: list[Record]) -> dict[str, Record]:
    """Kubernetes-layer project -> the EKS cluster record its layer deploys into."""
    exported = ((plan.get("outputs") or {}).get("kubernetes") or {}).get("clusters") or {}
    eks_by_name = {(r.get("inputs") or {}).get("name"): r for r in records if r["type"] == "aws:eks/cluster:Cluster"}
    clusters: dict[str, Record] = {}
    for layer in plan.get("layers") or []:
        facts = exported.get(layer.get("cluster")) or {}
        eks = eks_by_name.get(facts.get("name"))
        if layer.get("layer") == "kubernetes" and eks is not None:
            clusters[layer["project"]] = eks
    return clusters


def _stores_by_identity(records: list[Record]) -> dict[str, str]:
    """Endpoint or ARN -> the store's URN; a secret's replica ARNs name the secret itself."""
    stores: dict[str, str] = {}
    for record in records:
        outputs = record.get("outputs") or {}
        for key in _STORE_IDENTITIES.get(record["type"], ()):
            value = outputs.get(key)
            if isinstance(value, str) and value:
                stores[value] = record["urn"]
        if record["type"] == _FLAG_PROFILE and outputs.get("configurationProfileId"):
            application = (record.get("inputs") or {}).get("applicationId")
            stores[_profile_key(application, outputs["configurationProfileId"])] = record["urn"]
        arn, region = outputs.get("arn"), record.get("region")
        for replica in (record.get("inputs") or {}).get("replicas") or []:
            if record["type"] == "aws:secretsmanager/secret:Secret" and isinstance(arn, str) and region:
                stores[arn.replace(f":{region}:", f":{replica.get('region')}:", 1)] = record["urn"]
    return stores


def _store_keys(inputs: Any) -> Iterator[str]:
    """Every string of a workload's inputs, and the profile key of each flags URL among them."""
    for value in _strings(inputs):
        yield value
        match = _FLAGS_URL.search(value)
        if match:
            yield _profile_key(match["application"], match["profile"])


def _profile_key(application: Any, profile: Any) -> str:
    return f"appconfig:{application}/{profile}"


def _project(urn: str) -> str:
    parts = urn.split("::")
    return parts[1] if len(parts) > 2 else ""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
