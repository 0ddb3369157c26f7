"""`allow_from`/`allow_dr_from` of both data stores go through one `IngressPaths`: the same labels, the
same refusals, one rule per label across the primary and the DR secondary."""

import pytest

from tests.components.test_cache import build_cache
from tests.components.test_database import build_database

RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
STORES = [
    pytest.param(build_database, "mobile-prod-db", 5432, "PostgreSQL", id="database"),
    pytest.param(build_cache, "mobile-prod-cache", 6379, "valkey", id="cache"),
]


@pytest.mark.parametrize(("build", "name", "port", "protocol"), STORES)
def test_each_label_opens_one_port_from_one_security_group(build, name, port, protocol):
    def open_paths(store, _):
        store.allow_from("sg-0nodes00000000000", label="cluster-nodes")
        store.allow_dr_from("sg-0drnodes000000000", label="standby-nodes")

    recorded = build(dr=True, then=open_paths)
    rules = {rule.name: rule for rule in recorded.of_type(RULE)}
    assert sorted(rules) == [f"{name}-from-cluster-nodes", f"{name}-from-standby-nodes"]
    primary, standby = rules[f"{name}-from-cluster-nodes"], rules[f"{name}-from-standby-nodes"]
    assert (primary.inputs["fromPort"], primary.inputs["toPort"], primary.inputs["ipProtocol"]) == (port, port, "tcp")
    assert primary.inputs["referencedSecurityGroupId"] == "sg-0nodes00000000000"
    assert primary.inputs["description"] == f"{protocol} from cluster-nodes"
    assert standby.inputs["referencedSecurityGroupId"] == "sg-0drnodes000000000"
    assert standby.region != primary.region


@pytest.mark.parametrize(("build", "name", "port", "protocol"), STORES)
def test_a_label_is_used_once_across_primary_and_dr(build, name, port, protocol):
    def reuse(store, _):
        store.allow_from("sg-0nodes00000000000", label="nodes")
        store.allow_dr_from("sg-0drnodes000000000", label="nodes")

    with pytest.raises(Exception, match=rf"{name}.allow_from: label must be unique .*got 'nodes'; used: \['nodes'\]"):
        build(dr=True, then=reuse)


@pytest.mark.parametrize(("build", "name", "port", "protocol"), STORES)
def test_labels_must_be_lowercase_names(build, name, port, protocol):
    with pytest.raises(Exception, match=rf"{name}.allow_from: label must be unique and match .*got 'Nodes!'"):
        build(then=lambda store, _: store.allow_from("sg-0nodes00000000000", label="Nodes!"))
