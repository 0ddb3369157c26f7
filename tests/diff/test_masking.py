"""infra/settings/redaction.py: secret names, secret-looking values and free text are masked; others are not."""

import json
import random
import string
from pathlib import Path

import pytest

from infra.settings.redaction import MASK, is_secret_name, looks_secret, mask_structure, mask_text, mask_value

PLAN_FILES = Path(__file__).resolve().parents[2] / "stacks"


@pytest.mark.parametrize(
    "name", ["password", "masterPassword", "authToken", "DB_PASSWORD", "api-key", "privateKey", "client_secret"]
)
def test_secret_names_are_recognised(name):
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "secretArn",
        "secretId",
        "kmsKeyId",
        "httpTokens",
        "authTokenUpdateStrategy",
        "BULKHEAD_SECRET_API_KEY_ARN",
        "name",
    ],
)
def test_references_to_secrets_and_settings_about_them_are_not_secret_names(name):
    assert not is_secret_name(name)


@pytest.mark.parametrize(
    "value",
    [
        "AKIAIOSFODNN7EXAMPLE",
        "key id ASIAZ7QW3ERT5YUI8OPA in a sentence",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
        "Xq7pL2mZ9vRt4Kw8NbYc3Hs6JdFg1QaE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ],
)
def test_secret_looking_values_are_recognised(value):
    assert looks_secret(value)


@pytest.mark.parametrize(
    "value",
    [
        "sha256:461388d03eb5b55db58941ee7a81d9a619dd15302b01cbab9f5a9946715994b4",
        "3f1c0a6e-8b7d-4c2e-9a51-0d3b7e6f2a19",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        "https://oidc.eks.us-east-1.amazonaws.com/id/F7E3B5AB5CED9500CDD274D68092C389",
        "UseThroughIamPoliciesOfThisAccount",
        "cluster-3B98B0305CD017E5F64503671D/api",
        "mobile-prod-cluster-node-AmazonEKSWorkerNodePolicy-cf5f454f",
    ],
)
def test_digests_ids_and_names_are_not_mistaken_for_secrets(value):
    assert not looks_secret(value)


def test_random_keys_of_32_characters_are_masked_almost_always():
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits
    keys = ["".join(rng.choice(alphabet) for _ in range(32)) for _ in range(500)]
    assert sum(looks_secret(key) for key in keys) >= 0.9 * len(keys)


def test_mask_value_masks_all_of_a_secret_keyed_value_but_keeps_booleans():
    assert mask_value("hunter2", secret=True) == MASK
    assert mask_value({"user": "a", "password": "b"}, secret=True) == MASK
    assert mask_value(True, secret=True) is True


def test_mask_structure_masks_secret_keys_name_value_pairs_and_secret_looking_leaves():
    document = {
        "env": [{"name": "DB_PASSWORD", "value": "hunter2"}, {"name": "REGION", "value": "us-east-1"}],
        "authToken": "abc",
        "owner": "AKIAIOSFODNN7EXAMPLE",
        "secretArn": "arn:aws:secretsmanager:us-east-1:111122223333:secret:app-AbCdEf",
    }
    assert mask_structure(document) == {
        "env": [{"name": "DB_PASSWORD", "value": MASK}, {"name": "REGION", "value": "us-east-1"}],
        "authToken": MASK,
        "owner": MASK,
        "secretArn": "arn:aws:secretsmanager:us-east-1:111122223333:secret:app-AbCdEf",
    }


def test_mask_text_masks_assignments_keys_and_key_blocks_in_free_text():
    text = (
        'login failed: password=hunter2 "token": "abc" for AKIAIOSFODNN7EXAMPLE '
        "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- in us-east-1"
    )
    assert mask_text(text) == f'login failed: password={MASK} "token": "{MASK}" for {MASK} {MASK} in us-east-1'


def test_shipped_stack_files_hold_nothing_that_looks_secret():
    # A guard for the detector as much as for the stacks: ordinary settings must not trip it.
    import yaml

    for path in sorted(PLAN_FILES.glob("Pulumi.*.yaml")):
        settings = yaml.safe_load(path.read_text())
        assert mask_structure(settings) == settings, path.name
        assert json.dumps(settings)
