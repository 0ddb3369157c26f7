"""The rotation functions AWS publishes for Secrets Manager in the Serverless Application Repository.

Sources (read 2026-11): Secrets Manager User Guide "Rotation function templates"; the parameters and the
output are those of the published applications as aws-cdk-lib's SecretRotation deploys them
(packages/aws-cdk-lib/aws-secretsmanager/lib/secret-rotation.ts: `endpoint`, `functionName`,
`vpcSubnetIds`, `vpcSecurityGroupIds`, `kmsKeyArn`, output `RotationLambdaARN`), which also pins the
versions below for the `aws` partition. The application's template creates the function, its execution
role and Secrets Manager's permission to invoke it, so deploying it needs CAPABILITY_IAM and
CAPABILITY_RESOURCE_POLICY.
"""

from __future__ import annotations

PUBLISHER_ACCOUNT = "297356227824"  # the AWS account that publishes the rotation applications
PUBLISHER_REGION = "us-east-1"
POSTGRES_SINGLE_USER = "SecretsManagerRDSPostgreSQLRotationSingleUser"
APPLICATION_VERSIONS = {POSTGRES_SINGLE_USER: "1.1.650"}
CAPABILITIES = ("CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY")
FUNCTION_ARN_OUTPUT = "RotationLambdaARN"
MAX_FUNCTION_NAME_LENGTH = 64


def application_arn(application: str) -> str:
    """`arn:aws:serverlessrepo:us-east-1:297356227824:applications/<application>`."""
    return f"arn:aws:serverlessrepo:{PUBLISHER_REGION}:{PUBLISHER_ACCOUNT}:applications/{application}"
