"""bulkhead/diff/replacement.py and the replace verdicts of the resource diff."""

import importlib
import inspect
import typing

import pytest

from bulkhead.diff.replacement import RULES, forced_replacements
from bulkhead.diff.resources import REPLACE, UPDATE, diff_resources
from bulkhead.diff.values import ABSENT, ValueChange
from bulkhead.diff.wording import protection_note

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"


def _sdk_class(resource_type: str) -> type:
    package, module_path, name = resource_type.split(":")
    if package == "aws":
        module = importlib.import_module(f"pulumi_aws.{module_path.split('/')[0]}")
    else:
        group, version = module_path.split("/")
        module = importlib.import_module(f"pulumi_kubernetes.{group.split('.')[0]}.{version}")
    return getattr(module, f"{name}Args")


def _inputs(cls: type) -> dict[str, typing.Any]:
    return {
        member.fget._pulumi_name: member.fget.__annotations__.get("return")
        for _, member in inspect.getmembers(cls)
        if isinstance(member, property) and hasattr(member.fget, "_pulumi_name")
    }


def _args_classes(annotation: typing.Any, module_name: str) -> list[type]:
    """The input classes an annotation names (forward references included)."""
    found, stack = [], [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, typing.ForwardRef) and item.__forward_arg__.endswith("Args"):
            *qualifier, name = item.__forward_arg__.split(".")
            package = module_name.rsplit(".", 1)[0]
            if qualifier:  # `_meta.v1.ObjectMetaArgs`: a sibling package of the SDK
                package = ".".join([module_name.split(".")[0], qualifier[0].lstrip("_"), *qualifier[1:]])
            for candidate in (module_name, package + "._inputs", package):
                cls = getattr(importlib.import_module(candidate), name, None)
                if cls is not None:
                    found.append(cls)
                    break
        stack += list(typing.get_args(item))
    return found


def _path_exists(cls: type, steps: list[str]) -> bool:
    inputs = _inputs(cls)
    if steps[0] not in inputs:
        return False
    if len(steps) == 1:
        return True
    nested = _args_classes(inputs[steps[0]], cls.__module__)
    return any(_path_exists(inner, steps[1:]) for inner in nested)


@pytest.mark.parametrize(("resource_type", "path"), [(t, r.path) for t, rules in RULES.items() for r in rules])
def test_every_replacement_rule_names_a_real_input_of_the_installed_sdk(resource_type, path):
    assert _path_exists(_sdk_class(resource_type), path.split(".")), f"{resource_type} has no input {path}"


def record(resource_type=NODE_GROUP, name="nodes", inputs=None, **fields):
    return {
        "urn": fields.pop("urn", f"urn:pulumi:dev::bulkhead::{resource_type}::{name}"),
        "type": resource_type,
        "name": name,
        "custom": True,
        "parent": fields.pop("parent", None),
        "dependencies": [],
        "provider": None,
        "region": fields.pop("region", "us-east-1"),
        "protect": fields.pop("protect", False),
        "inputs": inputs or {},
        "outputs": {},
    }


def only_change(old, new):
    (change,) = diff_resources([old], [new]).changes
    return change


def test_instance_types_of_a_node_group_force_a_replacement_and_name_the_source():
    change = only_change(
        record(inputs={"instanceTypes": ["m7i.large"], "scalingConfig": {"minSize": 1}}),
        record(inputs={"instanceTypes": ["m7i.xlarge"], "scalingConfig": {"minSize": 1}}),
    )
    assert change.action == REPLACE
    assert [(r.path, r.text, r.source) for r in change.reasons] == [
        (
            "instanceTypes",
            "cannot be updated in place",
            "terraform-provider-aws internal/service/eks/node_group.go",
        )
    ]


def test_scaling_a_node_group_is_an_update():
    change = only_change(
        record(inputs={"scalingConfig": {"minSize": 1}}), record(inputs={"scalingConfig": {"minSize": 2}})
    )
    assert (change.action, change.reasons) == (UPDATE, ())


def test_a_nested_forced_field_inside_a_block_that_appears_forces_a_replacement():
    old = record(inputs={"version": "1"})
    new = record(inputs={"version": "1", "launchTemplate": {"id": "lt-0123456789abcdef0", "version": "3"}})
    assert only_change(old, new).forcing_paths == {"launchTemplate"}


@pytest.mark.parametrize(
    ("old", "new", "action"),
    [("8.0", "7.2", REPLACE), ("7.2", "8.0", UPDATE)],
)
def test_a_cache_engine_downgrade_replaces_and_an_upgrade_updates(old, new, action):
    cache = "aws:elasticache/replicationGroup:ReplicationGroup"
    change = only_change(record(cache, inputs={"engineVersion": old}), record(cache, inputs={"engineVersion": new}))
    assert change.action == action


def test_removing_eks_secrets_encryption_replaces_the_cluster_but_changing_its_key_does_not():
    cluster = "aws:eks/cluster:Cluster"
    encrypted = {"encryptionConfig": {"provider": {"keyArn": "k1"}, "resources": ["secrets"]}}
    rekeyed = {"encryptionConfig": {"provider": {"keyArn": "k2"}, "resources": ["secrets"]}}
    assert only_change(record(cluster, inputs=encrypted), record(cluster, inputs={})).action == REPLACE
    assert only_change(record(cluster, inputs=encrypted), record(cluster, inputs=rekeyed)).action == UPDATE


def test_a_region_change_replaces_an_aws_resource():
    change = only_change(record(region="us-east-1"), record(region="us-west-2"))
    assert (change.action, change.forcing_paths) == (REPLACE, {"record.region"})


def test_renaming_a_kubernetes_object_replaces_it():
    deployment = "kubernetes:apps/v1:Deployment"
    old = record(deployment, inputs={"metadata": {"name": "api"}}, region=None)
    new = record(deployment, inputs={"metadata": {"name": "api-v2"}}, region=None)
    assert only_change(old, new).forcing_paths == {"metadata.name"}


def test_a_type_or_parent_change_moves_the_urn_and_shows_as_one_replacement():
    old = record(
        "aws:rds/cluster:Cluster",
        name="db",
        parent="urn:a",
        urn="urn:pulumi:dev::bulkhead::a$aws:rds/cluster:Cluster::db",
    )
    new = record(
        "aws:rds/cluster:Cluster",
        name="db",
        parent="urn:b",
        urn="urn:pulumi:dev::bulkhead::b$aws:rds/cluster:Cluster::db",
    )
    change = only_change(old, new)
    assert (change.action, change.old_urn, change.forcing_paths) == (REPLACE, old["urn"], {"record.parent"})


def test_a_protected_resource_to_replace_carries_a_warning():
    change = only_change(
        record(inputs={"instanceTypes": ["a"]}, protect=True), record(inputs={"instanceTypes": ["b"]}, protect=True)
    )
    assert "refuses to delete it" in protection_note(change)


def test_fields_only_one_plan_version_has_are_not_compared():
    old = record(inputs={"x": 1})
    new = {**record(inputs={"x": 1}), "layer": "aws"}
    assert diff_resources([old], [new]).changes == ()


def test_a_field_both_versions_have_is_compared():
    old = {**record(), "layer": "aws"}
    new = {**record(), "layer": "kubernetes"}
    assert [(c.path, c.old, c.new) for c in only_change(old, new).changes] == [("record.layer", "aws", "kubernetes")]


def test_changes_to_unknown_types_never_claim_a_replacement():
    assert forced_replacements("aws:sqs/queue:Queue", [ValueChange("name", "a", "b")]) == []
    assert forced_replacements(NODE_GROUP, [ValueChange("diskSize", ABSENT, 50)])[0].path == "diskSize"
