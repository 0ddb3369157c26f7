"""`bulkhead plan --k8s-out DIR`: one YAML file per rendered Kubernetes object."""

from pathlib import Path

import pytest
import yaml

from bulkhead.cli import main
from bulkhead.plan.k8s_export import export_k8s_objects, rendered_objects
from bulkhead.plan.model import ResourceRecord

PROVIDER = "urn:pulumi:prod::bulkhead-kubernetes::pulumi:providers:kubernetes::mobile-prod-cluster-k8s"
DR_PROVIDER = "urn:pulumi:prod::bulkhead-kubernetes-standby::pulumi:providers:kubernetes::mobile-prod-dr-k8s"


def k8s_record(kind: str, name: str, namespace: str | None, provider: str = PROVIDER, **spec) -> ResourceRecord:
    metadata = {"name": name, **({"namespace": namespace} if namespace else {})}
    api_version = {"Namespace": "v1", "Deployment": "apps/v1"}.get(kind, "v1")
    return ResourceRecord(
        urn=f"urn:pulumi:prod::bulkhead::kubernetes:x/v1:{kind}::{provider[-12:]}-{name}",
        type=f"kubernetes:{api_version if '/' in api_version else 'core/v1'}:{kind}",
        name=name,
        custom=True,
        parent=None,
        dependencies=[],
        provider=provider,
        region=None,
        protect=False,
        inputs={"spec": spec, "metadata": metadata, "kind": kind, "apiVersion": api_version},
        layer="kubernetes",
    )


def test_one_file_per_object_by_namespace_kind_and_name(tmp_path):
    records = [
        k8s_record("Namespace", "api", None),
        k8s_record("Deployment", "api", "api", replicas=3),
        ResourceRecord(
            urn="urn:x",
            type="aws:eks/cluster:Cluster",
            name="eks",
            custom=True,
            parent=None,
            dependencies=[],
            provider=None,
            region="us-east-1",
            protect=False,
            inputs={"name": "eks"},
            layer="aws",
        ),
    ]
    written = export_k8s_objects(records, tmp_path)
    assert [path.relative_to(tmp_path) for path in written] == [
        Path("_cluster/Namespace-api.yaml"),
        Path("api/Deployment-api.yaml"),
    ]
    text = (tmp_path / "api/Deployment-api.yaml").read_text()
    assert text.splitlines()[:2] == ["apiVersion: apps/v1", "kind: Deployment"]
    assert yaml.safe_load(text) == records[1].inputs


def test_objects_of_several_clusters_go_to_one_folder_per_provider(tmp_path):
    records = [
        k8s_record("Deployment", "api", "api"),
        k8s_record("Deployment", "api", "api", provider=DR_PROVIDER),
    ]
    written = export_k8s_objects(records, tmp_path)
    assert [path.relative_to(tmp_path) for path in written] == [
        Path("mobile-prod-cluster-k8s/api/Deployment-api.yaml"),
        Path("mobile-prod-dr-k8s/api/Deployment-api.yaml"),
    ]


def test_two_objects_on_one_path_are_refused(tmp_path):
    records = [k8s_record("Deployment", "api", "api"), k8s_record("Deployment", "api", "api")]
    records[1].urn += "-again"
    with pytest.raises(ValueError, match=r"two objects would be written to .*api/Deployment-api.yaml"):
        export_k8s_objects(records, tmp_path)


def test_an_object_without_a_name_is_refused():
    record = k8s_record("Deployment", "api", "api")
    del record.inputs["metadata"]["name"]
    with pytest.raises(ValueError, match=r"needs kind and metadata.name"):
        rendered_objects([record])


def test_plan_command_writes_the_stacks_objects(tmp_path, capsys):
    status = main(["plan", "--stack", "staging", "--k8s-out", str(tmp_path)])
    assert status in (0, 1)  # 1 only when a policy verdict or the DR posture fails
    files = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.yaml")}
    assert {
        "api/Deployment-api.yaml",
        "api/NetworkPolicy-default-deny.yaml",
        "worker/HorizontalPodAutoscaler-worker.yaml",
        "kube-system/Deployment-cluster-autoscaler.yaml",
        "_cluster/Namespace-worker.yaml",
    } <= files
    hpa = yaml.safe_load((tmp_path / "worker/HorizontalPodAutoscaler-worker.yaml").read_text())
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 4)
    capsys.readouterr()
