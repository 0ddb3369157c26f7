"""bulkhead/diff/values.py: input changes path by path, documents statement by statement, values masked."""

import json

from bulkhead.diff.values import ABSENT, ValueChange, diff_values, schema_path
from infra.settings.redaction import MASK


def changes(old, new):
    return [(c.path, c.old, c.new) for c in diff_values(old, new)]


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def test_scalars_nested_objects_and_added_or_removed_keys_each_give_one_path():
    old = {"a": 1, "b": {"c": "x", "d": True}, "gone": 1}
    new = {"a": 2, "b": {"c": "y", "d": True}, "came": [1]}
    assert changes(old, new) == [
        ("a", 1, 2),
        ("b.c", "x", "y"),
        ("came", ABSENT, [1]),
        ("gone", 1, ABSENT),
    ]


def test_keys_that_are_not_identifiers_are_quoted():
    old = {"tags": {"kubernetes.io/role/elb": "1"}}
    new = {"tags": {"kubernetes.io/role/elb": "2"}}
    assert changes(old, new) == [('tags["kubernetes.io/role/elb"]', "1", "2")]
    assert schema_path('tags["kubernetes.io/role/elb"]') == "tags.kubernetes.io/role/elb"
    assert schema_path("spec.containers[name=api].image") == "spec.containers.image"


def test_policy_documents_in_strings_are_diffed_statement_by_statement_by_sid():
    old = {"policy": policy({"Sid": "Read", "Action": ["s3:GetObject"]}, {"Sid": "Keys", "Action": ["kms:Decrypt"]})}
    new = {
        "policy": policy(
            {"Sid": "Keys", "Action": ["kms:Decrypt"]}, {"Sid": "Read", "Action": ["s3:GetObject", "s3:ListBucket"]}
        )
    }
    assert changes(old, new) == [
        ("policy.Statement[Sid=Read].Action", ["s3:GetObject"], ["s3:GetObject", "s3:ListBucket"])
    ]


def test_statements_without_sid_match_by_content_and_an_edited_one_shows_field_by_field():
    same = {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "k1"}
    old = {"policy": policy(same, {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "q1"})}
    new = {
        "policy": policy(
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "q2"},
            same,
            {"Effect": "Deny", "Action": "*", "Resource": "*"},
        )
    }
    assert changes(old, new) == [
        ("policy.Statement[#0].Resource", "q1", "q2"),
        ("policy.Statement[#2]", ABSENT, {"Effect": "Deny", "Action": "*", "Resource": "*"}),
    ]


def test_equivalent_json_documents_are_unchanged():
    assert changes({"policy": '{"a": 1, "b": 2}'}, {"policy": '{"b":2,"a":1}'}) == []


def test_environment_variables_match_by_name_so_an_insertion_is_one_addition():
    old = {"env": [{"name": "A", "value": "1"}, {"name": "C", "value": "3"}]}
    new = {"env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}, {"name": "C", "value": "3"}]}
    assert changes(old, new) == [("env[name=B]", ABSENT, {"name": "B", "value": "2"})]


def test_values_are_masked_by_key_by_pair_name_and_by_shape():
    old = {"authToken": "old", "env": [{"name": "DB_PASSWORD", "value": "a"}], "tags": {"owner": "x"}}
    new = {
        "authToken": "new",
        "env": [{"name": "DB_PASSWORD", "value": "b"}],
        "tags": {"owner": "AKIAIOSFODNN7EXAMPLE"},
    }
    assert changes(old, new) == [
        ("authToken", MASK, MASK),
        ("env[name=DB_PASSWORD].value", MASK, MASK),
        ("tags.owner", "x", MASK),
    ]


def test_pulumi_secrets_already_masked_in_plans_never_show_as_changes():
    assert changes({"masterPasswordWo": MASK}, {"masterPasswordWo": MASK}) == []


def test_change_kind_follows_the_absent_side():
    assert [ValueChange("p", ABSENT, 1).kind, ValueChange("p", 1, ABSENT).kind, ValueChange("p", 1, 2).kind] == [
        "added",
        "removed",
        "changed",
    ]


def test_a_key_that_is_a_pasted_secret_is_masked_in_the_path():
    [(path, old, new)] = changes({"tags": {}}, {"tags": {"AKIAIOSFODNN7EXAMPLE": "1"}})
    assert "AKIAIOSFODNN7EXAMPLE" not in path and path.startswith("tags") and (old, new) == (ABSENT, "1")
