"""The architecture diagram: nodes and edges checked against the plan they are drawn from."""

import json
import os
import re
import stat

import pytest

from bulkhead.cli import main
from bulkhead.diagram.files import write_diagram
from bulkhead.diagram.graph import ACCESS, INTERNET, INTERNET_ID, REPLICA, build_architecture
from bulkhead.diagram.links import BACKUP, COPY
from bulkhead.diagram.mermaid import render_mermaid
from bulkhead.diagram.roles import DETAIL, LINK, TYPES, is_structural
from bulkhead.diff.report import compare_plans
from tests.diff.conftest import minimal_record
from tests.support import shipped_plan


@pytest.fixture(scope="module")
def prod():
    return json.loads(json.dumps(shipped_plan("prod").to_json()))


def records(plan, resource_type):
    return [r for r in plan["resources"] if r["type"] == resource_type]


def edges_by_urn(architecture, kind):
    return {
        (architecture.nodes[e.source].urn, architecture.nodes[e.target].urn, architecture.nodes[e.target].region)
        for e in architecture.edges
        if e.kind == kind and e.source != INTERNET_ID
    }


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_type_the_shipped_stacks_create_has_a_row_in_the_role_table(stack):
    plan = shipped_plan(stack)
    missing = {r.type for r in plan.resources if not is_structural(r.type, r.custom) and r.type not in TYPES}
    assert not missing, f"add a row to bulkhead/diagram/roles.py TYPES for {sorted(missing)}"


def test_data_stores_and_clusters_sit_in_the_vpc_of_their_region(prod):
    architecture = build_architecture(prod)
    vpcs = {r["region"]: architecture.node_for(r["urn"]).id for r in records(prod, "aws:ec2/vpc:Vpc")}
    for resource_type in (
        "aws:rds/cluster:Cluster",
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "aws:eks/cluster:Cluster",
    ):
        for record in records(prod, resource_type):
            node = architecture.node_for(record["urn"])
            assert (node.region, node.container) == (record["region"], vpcs[record["region"]]), record["name"]


def cluster_of_deployment(plan):
    """Deployment URN -> its EKS cluster record, read from the plan's layer table and exports."""
    eks = {r["inputs"]["name"]: r for r in records(plan, "aws:eks/cluster:Cluster")}
    exported = plan["outputs"]["kubernetes"]["clusters"]
    by_project = {
        layer["project"]: eks[exported[layer["cluster"]]["name"]]
        for layer in plan["layers"]
        if layer["layer"] == "kubernetes"
    }
    return {d["urn"]: by_project[d["urn"].split("::")[1]] for d in records(plan, "kubernetes:apps/v1:Deployment")}


def test_workloads_sit_in_the_cluster_their_layer_deploys_into(prod):
    architecture = build_architecture(prod)
    clusters = cluster_of_deployment(prod)
    assert len(clusters) == 8
    assert {c["region"] for c in clusters.values()} == {"us-east-1", "us-west-2"}
    for deployment, cluster in clusters.items():
        assert architecture.node_for(deployment).container == architecture.node_for(cluster["urn"]).id


def test_access_edges_are_the_stores_each_workload_is_given_by_endpoint_or_arn(prod):
    architecture = build_architecture(prod)
    access = edges_by_urn(architecture, ACCESS)
    stores = {
        r["name"]: r["urn"]
        for kind in ("aws:rds/cluster:Cluster", "aws:elasticache/replicationGroup:ReplicationGroup")
        for r in records(prod, kind)
    }
    (api,) = [
        d["urn"]
        for d in records(prod, "kubernetes:apps/v1:Deployment")
        if d["name"] == "mobile-prod-cluster-api-deployment"
    ]
    (api_dr,) = [
        d["urn"]
        for d in records(prod, "kubernetes:apps/v1:Deployment")
        if d["name"] == "mobile-prod-dr-cluster-api-deployment"
    ]
    reached = lambda source: {target for s, target, _ in access if s == source}  # noqa: E731
    assert {stores["mobile-prod-db-cluster"], stores["mobile-prod-cache-group"]} <= reached(api)
    assert {stores["mobile-prod-db-dr-cluster"], stores["mobile-prod-cache-dr-group"]} <= reached(api_dr)
    assert not {stores["mobile-prod-db-dr-cluster"], stores["mobile-prod-cache-dr-group"]} & reached(api)
    secrets = {r["urn"] for r in records(prod, "aws:secretsmanager/secret:Secret")}
    assert reached(api) & secrets, "the api is given its payments key by ARN"
    autoscalers = [d["urn"] for d in records(prod, "kubernetes:apps/v1:Deployment") if "autoscaler" in d["name"]]
    assert autoscalers and not any(reached(a) for a in autoscalers)


def test_replication_edges_are_the_global_database_datastore_key_replicas_and_secret_replicas(prod):
    architecture = build_architecture(prod)
    clusters = records(prod, "aws:rds/cluster:Cluster")
    groups = records(prod, "aws:elasticache/replicationGroup:ReplicationGroup")
    (global_group,) = records(prod, "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup")
    keys_by_arn = {k["outputs"]["arn"]: k for k in records(prod, "aws:kms/key:Key")}
    primary_db = next(c for c in clusters if c["region"] == "us-east-1")
    primary_cache = next(g for g in groups if g["outputs"]["id"] == global_group["inputs"]["primaryReplicationGroupId"])
    expected = {
        (primary_db["urn"], c["urn"], c["region"])
        for c in clusters
        if c is not primary_db
        and c["inputs"]["globalClusterIdentifier"] == primary_db["inputs"]["globalClusterIdentifier"]
    }
    expected |= {
        (primary_cache["urn"], g["urn"], g["region"])
        for g in groups
        if g["inputs"].get("globalReplicationGroupId") == global_group["outputs"]["globalReplicationGroupId"]
    }
    expected |= {
        (keys_by_arn[replica["inputs"]["primaryKeyArn"]]["urn"], replica["urn"], replica["region"])
        for replica in records(prod, "aws:kms/replicaKey:ReplicaKey")
    }
    expected |= {
        (secret["urn"], secret["urn"], replica["region"])
        for secret in records(prod, "aws:secretsmanager/secret:Secret")
        for replica in secret["inputs"].get("replicas") or []
    }
    # database, datastore, nine key replicas (five base keys, alerts, audit, queues, releases), three secret replicas
    assert len(expected) == 1 + 1 + 9 + 3
    assert edges_by_urn(architecture, REPLICA) == expected


def test_backup_edges_follow_the_selection_and_copy_edges_the_plan_rules(prod):
    architecture = build_architecture(prod)
    (selection,) = records(prod, "aws:backup/selection:Selection")
    vaults = {v["region"]: v for v in records(prod, "aws:backup/vault:Vault")}
    stores = [r for r in prod["resources"] if r["outputs"].get("arn") in selection["inputs"]["resources"]]
    assert edges_by_urn(architecture, BACKUP) == {(s["urn"], vaults["us-east-1"]["urn"], "us-east-1") for s in stores}
    assert edges_by_urn(architecture, COPY) == {(vaults["us-east-1"]["urn"], vaults["us-west-2"]["urn"], "us-west-2")}


def test_the_internet_reaches_the_edge_and_nothing_else(prod):
    architecture = build_architecture(prod)
    reached = {architecture.nodes[e.target].urn for e in architecture.edges if e.kind == INTERNET}
    front_doors = records(prod, "aws:ec2/internetGateway:InternetGateway") + records(
        prod, "aws:lb/loadBalancer:LoadBalancer"
    )
    assert reached == {r["urn"] for r in front_doors}
    assert {e.source for e in architecture.edges if e.kind == INTERNET} == {INTERNET_ID}


def test_unmapped_types_are_grouped_per_region_and_nothing_is_dropped(prod):
    plan = json.loads(json.dumps(prod))
    for name, region in (("orders", "us-east-1"), ("refunds", "us-east-1"), ("dr-orders", "us-west-2")):
        plan["resources"].append(minimal_record(name, region=region))
    architecture = build_architecture(plan)
    assert {region: dict(counts) for region, counts in architecture.unmapped.items()} == {
        "us-east-1": {"aws:sfn/stateMachine:StateMachine": 2},
        "us-west-2": {"aws:sfn/stateMachine:StateMachine": 1},
    }
    assert "2 × aws:sfn/stateMachine:StateMachine" in render_mermaid(architecture)
    custom = [r for r in plan["resources"] if not is_structural(r["type"], r["custom"])]
    drawn = {n.urn for n in architecture.nodes.values()}
    folded = [r for r in custom if TYPES.get(r["type"], (None,))[0] in (DETAIL, LINK)]
    assert len(custom) == len(drawn) + len(folded) + 3


def test_the_mermaid_text_is_well_formed(prod):
    text = render_mermaid(build_architecture(prod))
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert sum(line.strip().startswith("subgraph ") for line in lines) == sum(line.strip() == "end" for line in lines)
    declared = re.findall(r"^\s*(?:subgraph )?([A-Za-z0-9_]+)[\[({]", text, re.MULTILINE)
    assert len(declared) == len(set(declared))
    for source, target in re.findall(r"^\s*(\S+) (?:-->|-\.->|---)(?:\|[^|]*\|)? (\S+)$", text, re.MULTILINE):
        assert source in declared and target in declared
    labels = re.findall(r'"([^"]*)"', text)
    assert labels and all("[" not in label and "]" not in label for label in labels)


def test_a_diff_diagram_marks_what_the_change_removes_replaces_and_touches(document):
    diff = compare_plans(document("dev-with-dr"), document("dev"), "base", "head")
    classes = dict(re.findall(r"^  class (\S+) (\w+)$", diff.diagram, re.MULTILINE))
    old = build_architecture(document("dev-with-dr"))
    names = {node.id: (node.title, node.name, node.region) for node in old.nodes.values()}
    marked = {status: sorted(names[i] for i in ids.split(",")) for ids, status in classes.items()}
    assert marked["removed"] == sorted(n for n in names.values() if n[2] == "us-west-2")
    assert marked["replaced"] == sorted(
        [("Backup vault", "backup-vault", "us-east-1"), ("ElastiCache", "cache-group", "us-east-1")]
        + [("Aurora cluster", "db-cluster", "us-east-1")]
        + [
            ("KMS key", f"keys-{purpose}", "us-east-1")
            for purpose in ("alerts", "backup", "cluster", "data", "logs", "queues", "releases", "secrets")
        ]
    )
    assert ("EKS cluster", "cluster", "us-east-1") in marked["changed"]
    assert diff.diagram.count("linkStyle") == sum(1 for e in old.edges if names[e.target][2] == "us-west-2")


def test_the_markdown_plan_carries_the_diagram_and_plan_diagram_writes_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no Mermaid renderer here
    target = tmp_path / "architecture.mmd"
    assert main(["plan", "--stack", "dev", "--format", "markdown", "--diagram", str(target)]) == 0
    captured = capsys.readouterr()
    assert f"```mermaid\n{target.read_text()}```" in captured.out
    assert target.read_text().startswith("flowchart LR\n")
    assert f"bulkhead plan: wrote the Mermaid diagram to {target}" in captured.err
    assert "no image: no Mermaid renderer (mmdc) on PATH" in captured.err


def _fake_renderer(directory, script):
    path = directory / "mmdc"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_an_image_is_rendered_when_a_mermaid_renderer_is_on_path(tmp_path, monkeypatch):
    _fake_renderer(
        tmp_path,
        'while [ $# -gt 0 ]; do [ "$1" = --output ] && out=$2; shift; done\necho "<svg/>" > "$out"\n',
    )
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/bin{os.pathsep}/usr/bin")
    notes = write_diagram("flowchart LR\n", tmp_path / "architecture.svg")
    assert (tmp_path / "architecture.mmd").read_text() == "flowchart LR\n"
    assert (tmp_path / "architecture.svg").read_text() == "<svg/>\n"
    assert notes[-1] == f"rendered {tmp_path / 'architecture.svg'} with mmdc"


def test_a_failing_renderer_is_reported_and_the_text_is_still_written(tmp_path, monkeypatch):
    _fake_renderer(tmp_path, 'echo "Error: no browser" >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/bin{os.pathsep}/usr/bin")
    notes = write_diagram("flowchart LR\n", tmp_path / "architecture.mmd")
    assert (tmp_path / "architecture.mmd").exists() and not (tmp_path / "architecture.svg").exists()
    assert notes[-1] == "no image: mmdc failed: Error: no browser"


def test_a_diff_diagram_marks_an_added_service_and_its_new_paths(document):
    diff = compare_plans(document("dev"), document("dev-payments"), "base", "head")
    new = build_architecture(document("dev-payments"))
    (payments,) = [n for n in new.nodes.values() if n.name == "payments/payments"]
    assert f"  class {payments.id} added" in diff.diagram
    styled = {int(i) for i in re.findall(r"^  linkStyle (\d+) stroke:#1a7f37", diff.diagram, re.MULTILINE)}
    drawn = [line for line in diff.diagram.splitlines() if re.match(r"^  \S+ (-->|-\.->|---)", line)]
    assert {drawn[i].split()[0] for i in styled} == {payments.id}
    assert len(styled) == 1  # the database it is given
