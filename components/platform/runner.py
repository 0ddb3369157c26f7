"""The in-VPC runner: an AWS CodeBuild project that applies the Kubernetes layer to one cluster.

The cluster's API endpoint is private, so `pulumi up` of the Kubernetes layer must run inside the
cluster's VPC. Each build installs a pinned Pulumi CLI, logs in to the S3 state backend and runs
`pulumi up` of one Kubernetes-layer project for one stack, with the policy pack.

- Network: the VPC's private subnets, a security group of its own with no ingress and HTTPS egress
  only (the private API endpoint and the interface endpoints in the VPC; through NAT, the Pulumi CLI
  and provider downloads, PyPI, the source host and the state bucket, which have no fixed addresses).
- Identity: a role only CodeBuild may assume, for this project only; it may write its own log group,
  read and write this stack's objects in the state bucket (and read the AWS layer's checkpoint, which
  the StackReference reads), decrypt the stack secrets, describe its cluster, and manage the build's
  network interfaces in its subnets. Nothing else.
- Cluster access: an EKS access entry for the role with AmazonEKSClusterAdminPolicy at cluster scope.
  The Kubernetes layer creates cluster-scoped objects (Namespaces, ClusterRoles and bindings for the
  controllers, metrics-server's APIService), and Kubernetes RBAC lets a principal create a role or
  binding only for permissions it holds, so no namespaced access policy suffices (docs/layers.md).
- Logs to a CMK-encrypted log group with retention, created before the project; build artifacts
  encrypted with the same CMK; no privileged mode (no Docker daemon).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.reference.codebuild import (
    COMPUTE_TYPES,
    DEFAULT_COMPUTE_TYPE,
    DEFAULT_IMAGE,
    MAX_BUILD_TIMEOUT_MINUTES,
    MIN_BUILD_TIMEOUT_MINUTES,
    PULUMI_VERSION_PATTERN,
    PYTHON_RUNTIME,
    ComputeType,
    SourceType,
    source_location_problem,
)
from components.reference.pulumi_state import awskms_secrets_provider, kms_key_problem, parse_s3_backend
from components.support.firewall import closed_security_group
from components.support.iam import document, service_trust, statement
from components.support.logs import encrypted_log_group
from components.support.validation import require_between

HTTPS = 443
ANYWHERE = "0.0.0.0/0"
CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
# EC2 calls CodeBuild makes for a build in a VPC; the Describe calls and the create/delete of the
# interface support no resource-level scoping that AWS documents for this use (CodeBuild User Guide,
# "Allow CodeBuild access to AWS services required to create a VPC network interface").
# CodeBuild's documented policy for a project in a VPC: these two on Resource '*' (the interfaces do not
# exist yet), the describes (no resource-level permission), and the attach permission below.
NETWORK_INTERFACE_ACTIONS = ("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface")
NETWORK_DESCRIBE_ACTIONS = (
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcs",
)
STATE_OBJECT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")


@dataclass(frozen=True, kw_only=True)
class RunnerSource:
    """Where the runner gets the repository it applies.

    Attributes:
        type: GITHUB, GITLAB or BITBUCKET (CodeBuild uses the account's source credential for that
            host, imported once with `aws codebuild import-source-credentials`), or S3 (a zip of the
            repository; the runner may read that one object).
        location: `https://github.com/<owner>/<repo>.git` (and the like), or `<bucket>/<key>.zip` for S3.
        version: Branch, tag or commit to build (S3: object version id).
            Default: - the repository's default branch (S3: the latest version).
    """

    type: SourceType
    location: str
    version: str | None = None

    def __post_init__(self) -> None:
        problem = source_location_problem(self.type, self.location)
        if problem is not None:
            raise ValueError(f"RunnerSource.location: {problem} (got {self.location!r})")


@dataclass(frozen=True, kw_only=True)
class RunnerArgs:
    """Inputs for `Runner`.

    Attributes:
        region: Region of the runner and of its cluster.
        account_id: The account of both.
        vpc_id: The cluster's VPC.
        subnet_ids: Private subnets of that VPC (egress through NAT), at least one.
        cluster_name: The cluster the runner applies Kubernetes objects to.
        cluster_arn: That cluster's ARN.
        kms_key_arn: CMK of the runner's log group and of its build artifacts.
        state_backend_url: The S3 state backend, as given to `pulumi login`.
        secrets_key_arn: KMS key of the stacks' secrets provider (awskms), also the state bucket's
            SSE-KMS key.
        aws_project: Name of the AWS layer's Pulumi project (its checkpoint is read, never written).
        kubernetes_project: Name of the Kubernetes-layer project the runner applies.
        project_dir: Folder of that project in the repository, such as `infra/kubernetes/primary`.
        stack: The stack the runner applies (the same name in both layers).
        policy_config: Path of the policy pack config in the repository, such as
            `policies/config/prod.json`.
        source: Where the repository comes from.
        pulumi_version: The Pulumi CLI version the build installs, such as "3.272.0".
        compute_type: A CodeBuild Linux compute type. Default: "BUILD_GENERAL1_SMALL"
        image: The build image; it must have the AWS CLI, curl and Python 3.11.
            Default: "aws/codebuild/amazonlinux-x86_64-standard:5.0"
        build_timeout_minutes: Minutes before a build is stopped, 5-2160. Default: 60
        log_retention_days: Retention of the build logs. Default: 365
    """

    region: str
    account_id: pulumi.Input[str]
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]
    cluster_name: pulumi.Input[str]
    cluster_arn: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]
    state_backend_url: str
    secrets_key_arn: str
    aws_project: str
    kubernetes_project: str
    project_dir: str
    stack: str
    policy_config: str
    source: RunnerSource
    pulumi_version: str
    compute_type: ComputeType = DEFAULT_COMPUTE_TYPE
    image: str = DEFAULT_IMAGE
    build_timeout_minutes: int = 60
    log_retention_days: int = 365

    def __post_init__(self) -> None:
        if not self.subnet_ids:
            raise ValueError("RunnerArgs.subnet_ids: must name at least one private subnet (got none)")
        try:
            parse_s3_backend(self.state_backend_url)
        except ValueError as error:
            raise ValueError(f"RunnerArgs.state_backend_url: {error} (got {self.state_backend_url!r})") from None
        problem = kms_key_problem(self.secrets_key_arn)
        if problem is not None:
            raise ValueError(f"RunnerArgs.secrets_key_arn: {problem} (got {self.secrets_key_arn!r})")
        if not PULUMI_VERSION_PATTERN.match(self.pulumi_version):
            raise ValueError(f"RunnerArgs.pulumi_version: must be a 3.x.y release (got {self.pulumi_version!r})")
        if self.compute_type not in COMPUTE_TYPES:
            raise ValueError(
                f"RunnerArgs.compute_type: must be one of {list(COMPUTE_TYPES)} (got {self.compute_type!r})"
            )
        require_between(
            "RunnerArgs.build_timeout_minutes",
            self.build_timeout_minutes,
            MIN_BUILD_TIMEOUT_MINUTES,
            MAX_BUILD_TIMEOUT_MINUTES,
        )
        for field in ("project_dir", "policy_config"):
            value = getattr(self, field)
            if value.startswith("/") or ".." in value.split("/"):
                raise ValueError(f"RunnerArgs.{field}: must be a path inside the repository (got {value!r})")


class Runner(pulumi.ComponentResource):
    """A CodeBuild project in the cluster's VPC that runs the Kubernetes layer's `pulumi up`."""

    project_name: str
    project_arn: pulumi.Output[str]
    role_arn: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    log_group_name: pulumi.Output[str]
    subnet_ids: list[pulumi.Input[str]]
    kms_key_arn: pulumi.Input[str]

    def __init__(self, name: str, args: RunnerArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:runner:Runner", name, None, opts)
        self._name = name
        self._args = args
        self.project_name = name
        self.subnet_ids, self.kms_key_arn = list(args.subnet_ids), args.kms_key_arn
        project_arn = pulumi.Output.concat("arn:aws:codebuild:", args.region, ":", args.account_id, ":project/", name)
        log_group = encrypted_log_group(
            f"{name}-logs",
            log_group_name=f"/aws/codebuild/{name}",
            kms_key_arn=args.kms_key_arn,
            retention_days=args.log_retention_days,
            parent=self,
        )
        self.log_group_name = log_group.name
        security_group = self._create_security_group()
        self.security_group_id = security_group.id
        role = aws.iam.Role(
            f"{name}-role",
            description=f"{name}: applies the Kubernetes layer (CodeBuild, this project only)",
            assume_role_policy=service_trust(
                "codebuild.amazonaws.com",
                {"StringEquals": {"aws:SourceAccount": args.account_id, "aws:SourceArn": project_arn}},
            ),
            opts=self._child(),
        )
        self.role_arn = role.arn
        permissions = aws.iam.RolePolicy(
            f"{name}-permissions", role=role.id, policy=self._policy(log_group), opts=self._child()
        )
        cluster_access = self._create_cluster_access(role)
        project = aws.codebuild.Project(
            name,
            name=name,
            description=f"{name}: pulumi up of {args.kubernetes_project} for stack {args.stack}",
            service_role=role.arn,
            encryption_key=args.kms_key_arn,
            build_timeout=args.build_timeout_minutes,
            concurrent_build_limit=1,  # one `pulumi up` per stack at a time (the state lock would refuse more)
            source=aws.codebuild.ProjectSourceArgs(
                type=args.source.type,
                location=args.source.location,
                buildspec=buildspec(),
                **({"git_clone_depth": 1} if args.source.type != "S3" else {}),
            ),
            source_version=args.source.version,
            artifacts=aws.codebuild.ProjectArtifactsArgs(type="NO_ARTIFACTS"),
            environment=aws.codebuild.ProjectEnvironmentArgs(
                type="LINUX_CONTAINER",
                compute_type=args.compute_type,
                image=args.image,
                image_pull_credentials_type="CODEBUILD",
                privileged_mode=False,
                environment_variables=[
                    aws.codebuild.ProjectEnvironmentEnvironmentVariableArgs(name=key, value=value, type="PLAINTEXT")
                    for key, value in self._environment().items()
                ],
            ),
            vpc_config=aws.codebuild.ProjectVpcConfigArgs(
                vpc_id=args.vpc_id, subnets=list(args.subnet_ids), security_group_ids=[security_group.id]
            ),
            logs_config=aws.codebuild.ProjectLogsConfigArgs(
                cloudwatch_logs=aws.codebuild.ProjectLogsConfigCloudwatchLogsArgs(
                    status="ENABLED", group_name=log_group.name
                ),
                s3_logs=aws.codebuild.ProjectLogsConfigS3LogsArgs(status="DISABLED"),
            ),
            # CodeBuild validates the role's VPC permissions when the project is created.
            opts=self._child(depends_on=[log_group, permissions, *cluster_access]),
        )
        self.project_arn = project.arn
        self.register_outputs({"project_name": name, "project_arn": self.project_arn, "role_arn": self.role_arn})

    def _child(self, **kwargs) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, **kwargs)

    def _environment(self) -> dict[str, pulumi.Input[str]]:
        """What the buildspec reads: the stack, where its state and secrets key are, the CLI version."""
        args = self._args
        return {
            "PULUMI_VERSION": args.pulumi_version,
            "PULUMI_BACKEND_URL": args.state_backend_url,
            "PULUMI_SECRETS_PROVIDER": awskms_secrets_provider(args.secrets_key_arn),
            "PULUMI_STACK": args.stack,
            "PULUMI_PROJECT_DIR": args.project_dir,
            "PULUMI_POLICY_CONFIG": args.policy_config,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "BULKHEAD_CLUSTER_REGION": args.region,
            "BULKHEAD_CLUSTER_NAME": args.cluster_name,
        }

    def _create_security_group(self) -> aws.ec2.SecurityGroup:
        args = self._args
        group = closed_security_group(
            f"{self._name}-sg",
            vpc_id=args.vpc_id,
            description=f"{self._name}: no ingress; HTTPS out only",
            parent=self,
        )
        # One rule: the private API endpoint and the interface endpoints are in the VPC, but the CLI,
        # plugin and package downloads, the source host and the state bucket are on the internet
        # (through NAT) and have no fixed addresses, so a narrower rule would only restate this one.
        aws.vpc.SecurityGroupEgressRule(
            f"{self._name}-https-out",
            security_group_id=group.id,
            cidr_ipv4=ANYWHERE,
            ip_protocol="tcp",
            from_port=HTTPS,
            to_port=HTTPS,
            description="HTTPS: cluster API and endpoints in the VPC; CLI, plugins, PyPI, source, state via NAT",
            opts=self._child(),
        )
        return group

    def _create_cluster_access(self, role: aws.iam.Role) -> list[pulumi.Resource]:
        args = self._args
        entry = aws.eks.AccessEntry(
            f"{self._name}-access",
            cluster_name=args.cluster_name,
            principal_arn=role.arn,
            type="STANDARD",
            opts=self._child(),
        )
        association = aws.eks.AccessPolicyAssociation(
            f"{self._name}-access-policy",
            cluster_name=args.cluster_name,
            principal_arn=entry.principal_arn,
            policy_arn=CLUSTER_ADMIN_POLICY,
            access_scope={"type": "cluster"},
            opts=self._child(),
        )
        return [entry, association]

    def _policy(self, log_group: aws.cloudwatch.LogGroup) -> pulumi.Output[str]:
        args = self._args
        state = parse_s3_backend(args.state_backend_url)
        bucket = f"arn:aws:s3:::{state.bucket}"
        subnet_arns = [
            pulumi.Output.concat("arn:aws:ec2:", args.region, ":", args.account_id, ":subnet/", subnet)
            for subnet in args.subnet_ids
        ]
        statements = [
            statement(
                "WriteOwnBuildLogs",
                ["logs:CreateLogStream", "logs:PutLogEvents"],
                [log_group.arn, pulumi.Output.concat(log_group.arn, ":log-stream:*")],
            ),
            statement(
                "ListOwnState",
                ["s3:ListBucket"],
                [bucket],
                conditions={"StringLike": {"s3:prefix": [f"{state.root}*"]}},
            ),
            statement(
                "ReadBackendAndAwsLayerState",
                ["s3:GetObject"],
                [f"{bucket}/{state.meta}", f"{bucket}/{state.checkpoint(args.aws_project, args.stack)}"],
            ),
            statement(
                "WriteOwnStackState",
                STATE_OBJECT_ACTIONS,
                [f"{bucket}/{key}" for key in state.stack_objects(args.kubernetes_project, args.stack)],
            ),
            statement("DecryptStackSecrets", ["kms:Decrypt"], [args.secrets_key_arn]),
            statement(
                "EncryptStateObjects",
                ["kms:GenerateDataKey"],
                [args.secrets_key_arn],
                conditions={"StringEquals": {"kms:ViaService": f"s3.{state.region}.amazonaws.com"}},
            ),
            statement(
                "EncryptBuildArtifacts",
                ["kms:Decrypt", "kms:GenerateDataKey"],
                [args.kms_key_arn],
                conditions={"StringEquals": {"kms:ViaService": f"s3.{args.region}.amazonaws.com"}},
            ),
            statement("DescribeOwnCluster", ["eks:DescribeCluster"], [args.cluster_arn]),
            statement("BuildNetworkInterfaces", NETWORK_INTERFACE_ACTIONS, ["*"]),
            statement("DescribeNetwork", NETWORK_DESCRIBE_ACTIONS, ["*"]),
            statement(
                "AttachInterfacesInOwnSubnets",
                ["ec2:CreateNetworkInterfacePermission"],
                [pulumi.Output.concat("arn:aws:ec2:", args.region, ":", args.account_id, ":network-interface/*")],
                conditions={
                    "StringEquals": {"ec2:AuthorizedService": "codebuild.amazonaws.com"},
                    "ArnEquals": {"ec2:Subnet": subnet_arns},
                },
            ),
        ]
        source = self._source_statement()
        if source is not None:
            statements.append(source)
        return document(statements)

    def _source_statement(self) -> dict | None:
        """Read access to an S3 source (git hosts authenticate with the account's source credential)."""
        source = self._args.source
        if source.type != "S3":
            return None
        return statement("ReadSource", ["s3:GetObject", "s3:GetObjectVersion"], [f"arn:aws:s3:::{source.location}"])


def buildspec() -> str:
    """The build: install the pinned CLI, check the cluster, log in, install the pack and the project,
    select (or create) the stack, then `pulumi up` with the policy pack.

    JSON is valid YAML, so the buildspec is written as JSON. Buildspec 0.2 runs every command in one
    shell, so PATH set in `install` holds for the later phases.
    """
    pulumi_cli = '"$HOME/.pulumi/bin/pulumi"'
    project = f'{pulumi_cli} --cwd "$PULUMI_PROJECT_DIR" --non-interactive'
    return json.dumps(
        {
            "version": 0.2,
            "env": {"shell": "bash"},
            "phases": {
                "install": {
                    "runtime-versions": {"python": PYTHON_RUNTIME},
                    "commands": [
                        'curl -fsSL https://get.pulumi.com | sh -s -- --version "$PULUMI_VERSION"',
                        f"{pulumi_cli} version",
                        "aws --version",
                    ],
                },
                "pre_build": {
                    "commands": [
                        # Fails early, with AWS's own message, if the cluster is gone or not ours.
                        'aws eks describe-cluster --region "$BULKHEAD_CLUSTER_REGION" --name "$BULKHEAD_CLUSTER_NAME" '
                        "--query cluster.status --output text",
                        f'{pulumi_cli} login "$PULUMI_BACKEND_URL"',
                        f"{pulumi_cli} --cwd policies install",
                        f"{project} install",
                        f'{project} stack select --create "$PULUMI_STACK" '
                        '--secrets-provider "$PULUMI_SECRETS_PROVIDER"',
                    ]
                },
                "build": {
                    "commands": [
                        f'{project} up --stack "$PULUMI_STACK" --yes --diff '
                        '--policy-pack "$CODEBUILD_SRC_DIR/policies" '
                        '--policy-pack-config "$CODEBUILD_SRC_DIR/$PULUMI_POLICY_CONFIG"'
                    ]
                },
            },
        },
        indent=2,
    )
