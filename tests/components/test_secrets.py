"""The secret component under recording mocks: CMK, recovery window, replicas, resource policy, grant_read."""

import pulumi_aws as aws
import pytest

from components.data.secrets import Secret, SecretArgs, SecretRotationArgs
from tests.support import (
    ACCOUNT_ID,
    DR_REGION,
    PRIMARY_REGION,
    in_provider,
    policy_document,
    provider,
    record,
)

SECRETS_KEY = f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-secrets"
DR_SECRETS_KEY = f"arn:aws:kms:{DR_REGION}:{ACCOUNT_ID}:key/mrk-secrets"
ROTATION_LAMBDA = f"arn:aws:lambda:{PRIMARY_REGION}:{ACCOUNT_ID}:function:rotate-payments-key"
SECRET = "aws:secretsmanager/secret:Secret"


def secret_args(**overrides) -> SecretArgs:
    values = dict(secret_name="mobile-prod/payments-api-key", kms_key_arn=SECRETS_KEY, region=PRIMARY_REGION)
    return SecretArgs(**{**values, **overrides})


def build_secret(*, grant: bool = True, **overrides):
    def build():
        primary = provider()
        secret = Secret("payments", secret_args(**overrides), opts=in_provider(primary))
        if grant:
            secret.grant_read(aws.iam.Role("orders-role", assume_role_policy="{}", opts=in_provider(primary)))

    return record(build)


@pytest.fixture(scope="module")
def replicated():
    return build_secret(
        replica_region=DR_REGION,
        replica_kms_key_arn=DR_SECRETS_KEY,
        rotation=SecretRotationArgs(lambda_arn=ROTATION_LAMBDA, every_days=30),
    )


def test_secret_is_on_the_cmk_with_a_recovery_window_and_no_value(replicated):
    secret = replicated.one(SECRET).inputs
    assert secret["kmsKeyId"] == SECRETS_KEY
    assert secret["recoveryWindowInDays"] == 30
    assert secret["name"] == "mobile-prod/payments-api-key"
    # Values are written out of band: Pulumi never sees them.
    assert replicated.of_type("aws:secretsmanager/secretVersion:SecretVersion") == []


def test_replica_in_the_dr_region_uses_the_regional_key(replicated):
    assert replicated.one(SECRET).inputs["replicas"] == [{"region": DR_REGION, "kmsKeyId": DR_SECRETS_KEY}]
    assert "replicas" not in build_secret(grant=False).one(SECRET).inputs


def test_rotation_is_scheduled_by_the_given_function(replicated):
    rotation = replicated.one("aws:secretsmanager/secretRotation:SecretRotation").inputs
    assert rotation["rotationLambdaArn"] == ROTATION_LAMBDA
    assert rotation["rotationRules"]["automaticallyAfterDays"] == 30
    assert rotation["secretId"] == replicated.one(SECRET).outputs["arn"]
    # The value is written out of band after deployment: a run now would find none, fail, and leave an
    # AWSPENDING version that blocks every later rotation; the first run waits for the schedule.
    assert rotation["rotateImmediately"] is False


def test_resource_policy_blocks_public_access_and_names_only_this_account(replicated):
    policy = replicated.one("aws:secretsmanager/secretPolicy:SecretPolicy")
    assert policy.inputs["blockPublicPolicy"] is True
    arn = replicated.one(SECRET).outputs["arn"]
    (statement,) = policy_document(policy)["Statement"]
    assert statement["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}
    assert statement["Resource"] == [arn]


def test_grant_read_is_get_secret_value_and_decrypt_via_secrets_manager_only():
    recorded = build_secret()
    arn = recorded.one(SECRET).outputs["arn"]
    read, decrypt = policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]
    assert (read["Action"], read["Resource"]) == (["secretsmanager:GetSecretValue"], [arn])
    assert (decrypt["Action"], decrypt["Resource"]) == (["kms:Decrypt"], [SECRETS_KEY])
    assert decrypt["Condition"]["StringEquals"] == {
        "kms:ViaService": f"secretsmanager.{PRIMARY_REGION}.amazonaws.com",
        "kms:EncryptionContext:SecretARN": arn,
    }


def test_grant_read_follows_the_replica_to_the_dr_region(replicated):
    arn = replicated.one(SECRET).outputs["arn"]
    statements = policy_document(replicated.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]
    replica_read, replica_decrypt = statements[2:]
    replica_arn = arn.replace(f":{PRIMARY_REGION}:", f":{DR_REGION}:")
    assert replica_read["Resource"] == [replica_arn]
    assert replica_decrypt["Resource"] == [DR_SECRETS_KEY]
    assert replica_decrypt["Condition"]["StringEquals"]["kms:ViaService"] == f"secretsmanager.{DR_REGION}.amazonaws.com"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"recovery_window_days": 0}, r"SecretArgs.recovery_window_days: must be between 7 and 30 \(got 0\)"),
        (
            {"recovery_window_days": 31},
            r"SecretArgs.recovery_window_days: must be between 7 and 30 \(got 31\)",
        ),
        ({"secret_name": "bad name!"}, r"SecretArgs.secret_name: .*got 'bad name!'"),
        ({"replica_region": DR_REGION}, r"replica_region and replica_kms_key_arn: set both or neither"),
        (
            {"replica_region": PRIMARY_REGION, "replica_kms_key_arn": SECRETS_KEY},
            r"replica_region: must differ",
        ),
    ],
)
def test_bad_arguments_name_field_value_and_range(overrides, message):
    with pytest.raises(ValueError, match=message):
        secret_args(**overrides)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"lambda_arn": "rotate-me"},
            r"SecretRotationArgs.lambda_arn: must be a Lambda function ARN \(got 'rotate-me'\)",
        ),
        (
            {"lambda_arn": ROTATION_LAMBDA, "every_days": 91},
            r"every_days: must be between 1 and 90 \(got 91\)",
        ),
    ],
)
def test_bad_rotation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SecretRotationArgs(**kwargs)
