"""IAM document analysis: parsing, wildcards, one finding per offending statement, key policies."""

import json

import pytest

from policies.support.iam import covers, is_wildcard_resource, parse, trusted_namespaces
from tests.policies.support import evaluate_policy


@pytest.mark.parametrize(
    "value",
    [
        json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}),
        {"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}},
    ],
)
def test_documents_parse_from_json_strings_and_dicts(value):
    doc, problem = parse(value)
    assert problem is None and doc["Statement"]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, "is absent"),
        ("", "is absent"),
        ("{", "is not valid JSON"),
        ('{"Version": "2012-10-17"}', "has no Statement"),
    ],
)
def test_unusable_documents_say_why(value, problem):
    assert parse(value)[1].startswith(problem)


@pytest.mark.parametrize(
    ("resource", "wildcard"),
    [
        ("*", True),
        ("arn:aws:s3:::*", True),
        ("arn:aws:kms:us-east-1:111122223333:key/*", True),
        ("arn:aws:secretsmanager:us-east-1:111122223333:secret:*", True),
        ("arn:aws:s3:::bucket/*", False),
        ("arn:aws:kms:us-east-1:111122223333:key/0d5c8f2e", False),
        ("arn:aws:iam::111122223333:role/api", False),
    ],
)
def test_wildcard_resources(resource, wildcard):
    assert is_wildcard_resource(resource) is wildcard


def test_action_patterns_cover_case_insensitively():
    assert (
        covers("iam:Put*", "iam:PutRolePolicy") and covers("*", "kms:Decrypt") and covers("KMS:decrypt", "kms:Decrypt")
    )
    assert not covers("iam:Get*", "iam:PutRolePolicy")


def test_trusted_namespaces_from_pod_identity_tags_and_oidc_sub():
    from policies.support.iam import Statement

    pod = Statement("x", {"Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": "kube-system"}}})
    oidc = Statement("y", {"Condition": {"StringEquals": {"oidc/id/X:sub": "system:serviceaccount:api:api"}}})
    assert trusted_namespaces(pod) == {"kube-system"} and trusted_namespaces(oidc) == {"api"}


def test_key_policy_resource_star_means_this_key_and_is_not_a_finding():
    key_policy = json.dumps(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                    "Action": "kms:Decrypt",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}},
                }
            ]
        }
    )
    key = {"type": "aws:kms/key:Key", "name": "key", "inputs": {"policy": key_policy}}
    for policy in (
        "iam-no-wildcard-resources",
        "iam-no-kms-decrypt-all-keys",
        "iam-resource-policy-no-public-principal",
    ):
        assert evaluate_policy(policy, [key]).findings == (), policy


def test_one_finding_per_offending_statement_and_action():
    doc = json.dumps(
        {
            "Statement": [
                {"Sid": "A", "Effect": "Allow", "Action": ["s3:*", "sqs:*"], "Resource": "*"},
                {"Sid": "B", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"},
                {"Sid": "C", "Effect": "Deny", "Action": "*", "Resource": "*"},
            ]
        }
    )
    resource = {"type": "aws:iam/rolePolicy:RolePolicy", "name": "p", "inputs": {"policy": doc}}
    actions = evaluate_policy("iam-no-wildcard-actions", [resource]).violations
    resources = evaluate_policy("iam-no-wildcard-resources", [resource]).violations
    assert [("'s3:*'" in f.message, "(Sid 'A')" in f.message) for f in actions] == [
        (True, True),
        (False, True),
    ]
    assert ["(Sid 'A')" in f.message for f in resources] == [True, False]
    assert "(Sid 'B')" in resources[1].message


def test_label_selectors_follow_kubernetes_semantics():
    from policies.support.k8s import selector_matches

    labels = {"app": "api", "tier": "web"}
    assert selector_matches({}, labels) and selector_matches({"matchLabels": {"app": "api"}}, labels)
    assert selector_matches(
        {
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["web"]},
                {"key": "canary", "operator": "DoesNotExist"},
            ]
        },
        labels,
    )
    assert not selector_matches({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["web"]}]}, labels)
    assert not selector_matches({"matchLabels": {"app": "web"}}, labels) and not selector_matches(None, labels)
