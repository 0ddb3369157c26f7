"""A Secrets Manager rotation function from the application AWS publishes for the engine, in the VPC.

Deployed from the Serverless Application Repository (a CloudFormation stack named
`serverlessrepo-<name>`), pinned to a version, in the isolated subnets next to the database. Its
security group has no ingress and two ways out: the database port to the database's security group
(the caller opens the database side with `allow_from(function.security_group_id)`), and HTTPS to the
Secrets Manager interface endpoint's security group (the isolated subnets have no route out, so the
function reaches Secrets Manager only through that endpoint; its private DNS name is the regional
one). Its log group is created first, on the logs CMK with a retention, instead of the unencrypted,
never-expiring one Lambda would create. Secrets Manager may invoke it for the one secret given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.reference.rotation import (
    APPLICATION_VERSIONS,
    CAPABILITIES,
    FUNCTION_ARN_OUTPUT,
    MAX_FUNCTION_NAME_LENGTH,
    application_arn,
)
from components.support.firewall import closed_security_group
from components.support.logs import encrypted_log_group
from components.support.validation import require_between

HTTPS = 443
SECRETS_MANAGER_PRINCIPAL = "secretsmanager.amazonaws.com"


@dataclass(frozen=True, kw_only=True)
class RotationFunctionArgs:
    """Inputs for `RotationFunction`.

    Attributes:
        application: The AWS rotation application, a key of APPLICATION_VERSIONS (such as
            "SecretsManagerRDSPostgreSQLRotationSingleUser").
        region: Region of the function, of the secret and of the database.
        account_id: The account of all three.
        secret_arn: The secret the function rotates (Secrets Manager may invoke it for this one only).
        secret_kms_key_arn: CMK of that secret (the function's role may use it).
        vpc_id: VPC of the database.
        subnet_ids: Isolated subnets of the database, at least two.
        database_port: The database's port (the function's only egress besides HTTPS).
        database_security_group_id: The database's security group.
        secrets_endpoint_security_group_id: Security group of the VPC's Secrets Manager interface endpoint.
        logs_kms_key_arn: CMK of the function's log group.
        log_retention_days: Retention of the function's log group. Default: 365
    """

    application: str
    region: str
    account_id: pulumi.Input[str]
    secret_arn: pulumi.Input[str]
    secret_kms_key_arn: pulumi.Input[str]
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]
    database_port: int
    database_security_group_id: pulumi.Input[str]
    secrets_endpoint_security_group_id: pulumi.Input[str]
    logs_kms_key_arn: pulumi.Input[str]
    log_retention_days: int = 365

    def __post_init__(self) -> None:
        if self.application not in APPLICATION_VERSIONS:
            raise ValueError(
                f"RotationFunctionArgs.application: must be one of {sorted(APPLICATION_VERSIONS)} "
                f"(got {self.application!r})"
            )
        if len(self.subnet_ids) < 2:
            raise ValueError(
                f"RotationFunctionArgs.subnet_ids: must list subnets in at least 2 AZs (got {len(self.subnet_ids)})"
            )
        require_between("RotationFunctionArgs.database_port", self.database_port, 1150, 65535)


class RotationFunction(pulumi.ComponentResource):
    """The AWS-published rotation function for one secret, in the database's VPC."""

    function_arn: pulumi.Output[str]
    function_name: str
    security_group_id: pulumi.Output[str]

    def __init__(self, name: str, args: RotationFunctionArgs, opts: pulumi.ResourceOptions | None = None):
        if len(name) > MAX_FUNCTION_NAME_LENGTH:
            raise ValueError(
                f"RotationFunction name: must be at most {MAX_FUNCTION_NAME_LENGTH} characters, as Lambda "
                f"function names are (got {name!r})"
            )
        super().__init__("bulkhead:rotation:RotationFunction", name, None, opts)
        self.function_name = name
        log_group = encrypted_log_group(
            f"{name}-logs",
            log_group_name=f"/aws/lambda/{name}",
            kms_key_arn=args.logs_kms_key_arn,
            retention_days=args.log_retention_days,
            parent=self,
        )
        security_group = closed_security_group(
            f"{name}-sg",
            vpc_id=args.vpc_id,
            description=f"{name}: no ingress; the database port and the Secrets Manager endpoint out",
            parent=self,
        )
        self.security_group_id = security_group.id
        egress = [
            self._egress("to-database", security_group, args.database_security_group_id, args.database_port),
            self._egress("to-secrets-manager", security_group, args.secrets_endpoint_security_group_id, HTTPS),
        ]
        stack = aws.serverlessrepository.CloudFormationStack(
            name,
            name=name,
            application_id=application_arn(args.application),
            semantic_version=APPLICATION_VERSIONS[args.application],
            capabilities=list(CAPABILITIES),
            parameters={
                "functionName": name,
                # The regional name: the endpoint's private DNS resolves it inside the VPC.
                "endpoint": f"https://secretsmanager.{args.region}.amazonaws.com",
                "vpcSubnetIds": pulumi.Output.all(*args.subnet_ids).apply(",".join),
                "vpcSecurityGroupIds": security_group.id,
                "kmsKeyArn": args.secret_kms_key_arn,
            },
            opts=pulumi.ResourceOptions(parent=self, depends_on=[log_group, *egress]),
        )
        self.function_arn = stack.outputs.apply(lambda outputs: outputs[FUNCTION_ARN_OUTPUT])
        aws.lambda_.Permission(
            f"{name}-invoke",
            function=self.function_arn,
            action="lambda:InvokeFunction",
            principal=SECRETS_MANAGER_PRINCIPAL,
            source_account=args.account_id,
            source_arn=args.secret_arn,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"function_arn": self.function_arn, "security_group_id": self.security_group_id})

    def _egress(
        self, label: str, group: aws.ec2.SecurityGroup, target_group_id: pulumi.Input[str], port: int
    ) -> aws.vpc.SecurityGroupEgressRule:
        return aws.vpc.SecurityGroupEgressRule(
            f"{self.function_name}-{label}",
            security_group_id=group.id,
            referenced_security_group_id=target_group_id,
            ip_protocol="tcp",
            from_port=port,
            to_port=port,
            description=f"{self.function_name}: {label.replace('-', ' ')}",
            opts=pulumi.ResourceOptions(parent=self),
        )
