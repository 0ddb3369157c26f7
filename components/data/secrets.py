"""Application secrets in Secrets Manager: CMK-encrypted, recoverable, replicated to the DR region.

The component never holds a secret value: operators (or a rotation function) write values out of
band, so no plaintext passes through Pulumi state or the plan. The one exception is
`generated_password`, whose value exists only inside write-only (`*_wo`) inputs, which AWS
receives and Pulumi never stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.reference.secrets import (
    LAMBDA_ARN_PATTERN,
    MAX_RECOVERY_WINDOW_DAYS,
    MAX_ROTATION_DAYS,
    MIN_RECOVERY_WINDOW_DAYS,
    SECRET_NAME_PATTERN,
)
from components.support.grants import arn_part, grant_to_role, kms_decrypt_via
from components.support.iam import account_root, document, statement
from components.support.validation import require_between, require_other_region

GENERATED_PASSWORD_LENGTH = 40


@dataclass(frozen=True, kw_only=True)
class SecretRotationArgs:
    """Rotation by a Lambda function (AWS provides templates for RDS, ElastiCache, Redshift, DocumentDB).

    Attributes:
        lambda_arn: ARN of the rotation function (in the secret's region); may be an output.
        every_days: Days between rotations, 1-90. Default: 30
    """

    lambda_arn: pulumi.Input[str]
    every_days: int = 30

    def __post_init__(self) -> None:
        if isinstance(self.lambda_arn, str) and not LAMBDA_ARN_PATTERN.match(self.lambda_arn):
            raise ValueError(f"SecretRotationArgs.lambda_arn: must be a Lambda function ARN (got {self.lambda_arn!r})")
        require_between("SecretRotationArgs.every_days", self.every_days, 1, MAX_ROTATION_DAYS)


@dataclass(frozen=True, kw_only=True)
class SecretArgs:
    """Inputs for `Secret`.

    Attributes:
        secret_name: Name of the secret in Secrets Manager (letters, digits and /_+=.@-).
        kms_key_arn: CMK that encrypts the secret.
        region: Region of the secret (scopes the kms:ViaService condition of grants).
        description: What the secret holds. Default: - "Managed by Bulkhead".
        recovery_window_days: Days a deleted secret stays recoverable, 7-30. Default: 30
        rotation: Rotation function and schedule. Default: - no rotation (values managed out of band;
            only secrets with an AWS rotation template can rotate automatically).
        replica_region: Region of a read replica of the secret. Default: - no replica.
        replica_kms_key_arn: CMK in `replica_region`; required with it. Default: - none.
    """

    secret_name: str
    kms_key_arn: pulumi.Input[str]
    region: str
    description: str = "Managed by Bulkhead"
    recovery_window_days: int = MAX_RECOVERY_WINDOW_DAYS
    rotation: SecretRotationArgs | None = None
    replica_region: str | None = None
    replica_kms_key_arn: pulumi.Input[str] | None = None

    def __post_init__(self) -> None:
        if not SECRET_NAME_PATTERN.match(self.secret_name):
            raise ValueError(
                f"SecretArgs.secret_name: must be 1-512 of letters, digits and /_+=.@- (got {self.secret_name!r})"
            )
        require_between(
            "SecretArgs.recovery_window_days",
            self.recovery_window_days,
            MIN_RECOVERY_WINDOW_DAYS,
            MAX_RECOVERY_WINDOW_DAYS,
        )
        if (self.replica_region is None) != (self.replica_kms_key_arn is None):
            raise ValueError("SecretArgs.replica_region and replica_kms_key_arn: set both or neither")
        require_other_region("SecretArgs.replica_region", self.replica_region, self.region)


class Secret(pulumi.ComponentResource):
    """One Secrets Manager secret with a resource policy that blocks public access, and `grant_read`."""

    arn: pulumi.Output[str]
    name: pulumi.Output[str]
    kms_key_arn: pulumi.Input[str]

    def __init__(self, name: str, args: SecretArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:secrets:Secret", name, None, opts)
        self._name = name
        self._args = args
        replicas = None
        if args.replica_region is not None:
            replicas = [
                aws.secretsmanager.SecretReplicaArgs(region=args.replica_region, kms_key_id=args.replica_kms_key_arn)
            ]
        self._secret = aws.secretsmanager.Secret(
            f"{name}-secret",
            name=args.secret_name,
            description=args.description,
            kms_key_id=args.kms_key_arn,
            recovery_window_in_days=args.recovery_window_days,
            replicas=replicas,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.arn = self._secret.arn
        self.name = self._secret.name
        self.kms_key_arn = args.kms_key_arn
        self._create_policy()
        if args.rotation is not None:
            self.rotate(args.rotation)
        self.register_outputs({"arn": self.arn, "name": self.name})

    def rotate(
        self, rotation: SecretRotationArgs, *, after_value: Sequence[pulumi.Resource] = ()
    ) -> aws.secretsmanager.SecretRotation:
        """Turns rotation on, every `every_days`.

        A rotation run that finds no value fails and leaves an AWSPENDING version behind, which makes
        every later RotateSecret fail. So: with `after_value` (what writes the first value, and what the
        function logs in to), rotation starts once they exist and runs at once; without it (the value is
        written out of band after deployment), the first run waits for the schedule.
        """
        return aws.secretsmanager.SecretRotation(
            f"{self._name}-rotation",
            secret_id=self._secret.id,
            rotation_lambda_arn=rotation.lambda_arn,
            rotation_rules=aws.secretsmanager.SecretRotationRotationRulesArgs(
                automatically_after_days=rotation.every_days
            ),
            rotate_immediately=bool(after_value),
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(after_value)),
        )

    def _create_policy(self) -> None:
        # Reads stay with this account's IAM policies (see grant_read); block_public_policy makes
        # Secrets Manager refuse any later policy that would open the secret more widely.
        account = arn_part(self._secret.arn, 4)
        aws.secretsmanager.SecretPolicy(
            f"{self._name}-policy",
            secret_arn=self._secret.arn,
            block_public_policy=True,
            policy=document(
                [
                    statement(
                        "ReadOnlyThroughIamPoliciesOfThisAccount",
                        ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                        [self._secret.arn],
                        principals={"AWS": account_root(account)},
                    )
                ]
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )

    @property
    def replica_arn(self) -> pulumi.Output[str] | None:
        """ARN of the DR-region replica (same name, the replica's region), or None without a replica."""
        region = self._args.replica_region
        if region is None:
            return None
        return self.arn.apply(lambda arn: ":".join([*arn.split(":")[:3], region, *arn.split(":")[4:]]))

    def grant_read(self, role: aws.iam.Role) -> aws.iam.RolePolicy:
        """`secretsmanager:GetSecretValue` on this secret, `kms:Decrypt` on its key via Secrets Manager only.

        With a replica, the same two permissions on the replica and its regional key, so the workload
        keeps reading after a failover to the DR region.
        """
        args = self._args
        statements = [
            statement("ReadSecret", ["secretsmanager:GetSecretValue"], [self.arn]),
            kms_decrypt_via(
                "DecryptSecret",
                args.kms_key_arn,
                "secretsmanager",
                args.region,
                encryption_context={"SecretARN": self.arn},
            ),
        ]
        replica_arn, replica_key = self.replica_arn, args.replica_kms_key_arn
        if args.replica_region is not None and replica_arn is not None and replica_key is not None:
            # SecretArgs sets the replica's key with its region, so all three are set together.
            statements += [
                statement("ReadSecretReplica", ["secretsmanager:GetSecretValue"], [replica_arn]),
                kms_decrypt_via(
                    "DecryptSecretReplica",
                    replica_key,
                    "secretsmanager",
                    args.replica_region,
                    encryption_context={"SecretARN": replica_arn},
                ),
            ]
        return grant_to_role(self, self._name, role, "read", statements)


def generated_password(parent: pulumi.Resource, *, length: int = GENERATED_PASSWORD_LENGTH) -> pulumi.Output[str]:
    """A password generated by Secrets Manager (GetRandomPassword), marked secret.

    Pass it only to write-only inputs (`master_password_wo`, `secret_string_wo`, `passwords_wo`) with
    a fixed `*_wo_version`: AWS receives it, Pulumi state never holds it, and re-running the program
    (which generates a new value) changes nothing until the version is bumped.
    """
    generated = aws.secretsmanager.get_random_password_output(
        password_length=length,
        exclude_punctuation=True,
        require_each_included_type=True,
        opts=pulumi.InvokeOptions(parent=parent),
    )
    return pulumi.Output.secret(generated.random_password)
