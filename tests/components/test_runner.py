"""The in-VPC runner under the recording mocks: network, identity, cluster access, logs, the build."""

import json
from dataclasses import replace

import pytest
import yaml

from components.platform.runner import Runner, RunnerArgs, RunnerSource, buildspec
from tests.support import ACCOUNT_ID, DR_REGION, in_provider, policy_document, provider, record

LOGS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/mrk-2222222222222222222222222222bbbb"
STATE_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/1f0c3e2a-7b4d-4c8e-9a61-2d5f8b0e7c34"
CLUSTER_ARN = f"arn:aws:eks:us-east-1:{ACCOUNT_ID}:cluster/mobile-prod-cluster"
SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
PROJECT = "aws:codebuild/project:Project"


def runner_args(**overrides) -> RunnerArgs:
    values = {
        "region": "us-east-1",
        "account_id": ACCOUNT_ID,
        "vpc_id": "vpc-0123456789abcdef0",
        "subnet_ids": SUBNETS,
        "cluster_name": "mobile-prod-cluster",
        "cluster_arn": CLUSTER_ARN,
        "kms_key_arn": LOGS_KEY,
        "state_backend_url": "s3://state-bucket/teams/mobile?region=us-east-1",
        "secrets_key_arn": STATE_KEY,
        "aws_project": "bulkhead",
        "kubernetes_project": "bulkhead-kubernetes",
        "project_dir": "infra/kubernetes/primary",
        "stack": "prod",
        "policy_config": "policies/config/prod.json",
        "source": RunnerSource(type="GITHUB", location="https://github.com/example-org/backend.git", version="main"),
        "pulumi_version": "3.272.0",
        **overrides,
    }
    return RunnerArgs(**values)


def build_runner(region: str = "us-east-1", **overrides):
    return record(
        lambda: Runner(
            "mobile-prod-runner", runner_args(region=region, **overrides), opts=in_provider(provider(region))
        ),
        region=region,
    )


@pytest.fixture(scope="module")
def recorded():
    return build_runner()


def statements(recorded) -> dict:
    policy = policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy", "-permissions"))
    return {statement["Sid"]: statement for statement in policy["Statement"]}


def test_runs_in_the_private_subnets_with_its_own_security_group(recorded):
    project = recorded.one(PROJECT).inputs
    group = recorded.one("aws:ec2/securityGroup:SecurityGroup")
    assert project["vpcConfig"] == {
        "vpcId": "vpc-0123456789abcdef0",
        "subnets": SUBNETS,
        "securityGroupIds": [group.outputs["id"]],
    }
    assert not recorded.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    [egress] = recorded.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
    assert (egress.inputs["ipProtocol"], egress.inputs["fromPort"], egress.inputs["toPort"]) == ("tcp", 443, 443)


def test_no_privileged_mode_logs_and_artifacts_on_the_cmk(recorded):
    project = recorded.one(PROJECT)
    assert project.inputs["environment"]["privilegedMode"] is False
    assert project.inputs["encryptionKey"] == LOGS_KEY
    group = recorded.one("aws:cloudwatch/logGroup:LogGroup")
    assert group.inputs["name"] == "/aws/codebuild/mobile-prod-runner"
    assert group.inputs["kmsKeyId"] == LOGS_KEY and group.inputs["retentionInDays"] == 365
    assert group.urn in project.dependencies
    assert project.inputs["logsConfig"]["cloudwatchLogs"] == {"status": "ENABLED", "groupName": group.inputs["name"]}
    assert project.inputs["logsConfig"]["s3Logs"] == {"status": "DISABLED"}
    assert project.inputs["artifacts"] == {"type": "NO_ARTIFACTS"}


def test_role_is_assumable_by_codebuild_for_this_project_only(recorded):
    role = recorded.one("aws:iam/role:Role")
    [trust] = policy_document(role, "assumeRolePolicy")["Statement"]
    assert trust["Principal"] == {"Service": "codebuild.amazonaws.com"}
    assert trust["Condition"]["StringEquals"] == {
        "aws:SourceAccount": ACCOUNT_ID,
        "aws:SourceArn": f"arn:aws:codebuild:us-east-1:{ACCOUNT_ID}:project/mobile-prod-runner",
    }
    assert recorded.one(PROJECT).inputs["serviceRole"] == role.outputs["arn"]


def test_role_reads_and_writes_only_its_own_stack_state_and_reads_the_aws_layers_checkpoint(recorded):
    granted = statements(recorded)
    root = "arn:aws:s3:::state-bucket/teams/mobile/.pulumi"
    assert granted["WriteOwnStackState"]["Resource"] == [
        f"{root}/stacks/bulkhead-kubernetes/prod.json*",
        f"{root}/history/bulkhead-kubernetes/prod/*",
        f"{root}/backups/bulkhead-kubernetes/prod/*",
        f"{root}/locks/organization/bulkhead-kubernetes/prod/*",
    ]
    assert granted["ReadBackendAndAwsLayerState"] == {
        "Sid": "ReadBackendAndAwsLayerState",
        "Effect": "Allow",
        "Action": ["s3:GetObject"],
        "Resource": [f"{root}/meta.yaml", f"{root}/stacks/bulkhead/prod.json*"],
    }
    assert granted["ListOwnState"]["Resource"] == ["arn:aws:s3:::state-bucket"]
    assert granted["ListOwnState"]["Condition"] == {"StringLike": {"s3:prefix": ["teams/mobile/.pulumi/*"]}}


def test_role_decrypts_stack_secrets_describes_its_cluster_and_writes_its_logs(recorded):
    granted = statements(recorded)
    assert granted["DecryptStackSecrets"]["Action"] == ["kms:Decrypt"]
    assert granted["DecryptStackSecrets"]["Resource"] == [STATE_KEY]
    assert granted["EncryptStateObjects"]["Condition"] == {
        "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}
    }
    assert granted["DescribeOwnCluster"]["Resource"] == [CLUSTER_ARN]
    log_group = recorded.one("aws:cloudwatch/logGroup:LogGroup").outputs["arn"]
    assert granted["WriteOwnBuildLogs"]["Resource"] == [log_group, f"{log_group}:log-stream:*"]
    attach = granted["AttachInterfacesInOwnSubnets"]
    assert attach["Condition"]["ArnEquals"]["ec2:Subnet"] == [
        f"arn:aws:ec2:us-east-1:{ACCOUNT_ID}:subnet/{subnet}" for subnet in SUBNETS
    ]
    assert "ReadSource" not in granted  # a git source authenticates with the account's source credential


def test_an_s3_source_is_readable_as_that_object_only():
    source = RunnerSource(type="S3", location="source-bucket/mobile/backend.zip")
    granted = statements(build_runner(source=source))
    assert granted["ReadSource"]["Resource"] == ["arn:aws:s3:::source-bucket/mobile/backend.zip"]


def test_cluster_access_is_an_admin_entry_at_cluster_scope_for_the_role(recorded):
    role = recorded.one("aws:iam/role:Role")
    entry = recorded.one("aws:eks/accessEntry:AccessEntry").inputs
    assert (entry["clusterName"], entry["principalArn"], entry["type"]) == (
        "mobile-prod-cluster",
        role.outputs["arn"],
        "STANDARD",
    )
    association = recorded.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").inputs
    assert association["policyArn"] == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    assert association["accessScope"] == {"type": "cluster"}


def test_the_build_installs_the_pinned_cli_and_applies_its_project_with_the_pack(recorded):
    project = recorded.one(PROJECT).inputs
    variables = {v["name"]: v["value"] for v in project["environment"]["environmentVariables"]}
    assert variables["PULUMI_VERSION"] == "3.272.0"
    assert variables["PULUMI_BACKEND_URL"] == "s3://state-bucket/teams/mobile?region=us-east-1"
    assert variables["PULUMI_SECRETS_PROVIDER"] == f"awskms:///{STATE_KEY}?region=us-east-1"
    assert (variables["PULUMI_STACK"], variables["PULUMI_PROJECT_DIR"]) == ("prod", "infra/kubernetes/primary")
    assert variables["BULKHEAD_CLUSTER_NAME"] == "mobile-prod-cluster"
    spec = yaml.safe_load(project["source"]["buildspec"])  # JSON is YAML
    assert spec["version"] == 0.2
    install = " ".join(spec["phases"]["install"]["commands"])
    assert '--version "$PULUMI_VERSION"' in install
    commands = spec["phases"]["pre_build"]["commands"] + spec["phases"]["build"]["commands"]
    assert any(command.startswith("aws eks describe-cluster") for command in commands)
    [up] = spec["phases"]["build"]["commands"]
    assert ' up --stack "$PULUMI_STACK" --yes' in up and '--policy-pack "$CODEBUILD_SRC_DIR/policies"' in up
    assert any(command.endswith("--cwd policies install") for command in commands)


def test_buildspec_is_the_same_for_every_runner():
    # Everything stack-specific travels in environment variables, so one buildspec fits both clusters.
    assert json.loads(buildspec()) == json.loads(buildspec())
    assert "prod" not in buildspec() and "us-east-1" not in buildspec()


def test_a_dr_runner_names_its_own_region_everywhere():
    dr = build_runner(region=DR_REGION, subnet_ids=SUBNETS)
    granted = statements(dr)
    assert granted["AttachInterfacesInOwnSubnets"]["Resource"] == [
        f"arn:aws:ec2:{DR_REGION}:{ACCOUNT_ID}:network-interface/*"
    ]
    [trust] = policy_document(dr.one("aws:iam/role:Role"), "assumeRolePolicy")["Statement"]
    assert trust["Condition"]["StringEquals"]["aws:SourceArn"].startswith(f"arn:aws:codebuild:{DR_REGION}:")
    # The state bucket stays in its own region.
    assert granted["EncryptStateObjects"]["Condition"] == {
        "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subnet_ids": []}, r"RunnerArgs.subnet_ids: must name at least one private subnet"),
        ({"state_backend_url": "s3://state-bucket"}, r"RunnerArgs.state_backend_url: must name the bucket's region"),
        ({"state_backend_url": "file:///tmp/state"}, r"RunnerArgs.state_backend_url: must be an S3 state backend URL"),
        ({"secrets_key_arn": "alias/pulumi"}, r"RunnerArgs.secrets_key_arn: must be a KMS key ARN"),
        ({"pulumi_version": "latest"}, r"RunnerArgs.pulumi_version: must be a 3.x.y release \(got 'latest'\)"),
        ({"compute_type": "BUILD_LAMBDA_1GB"}, r"RunnerArgs.compute_type: must be one of"),
        ({"build_timeout_minutes": 3}, r"RunnerArgs.build_timeout_minutes: must be between 5 and 2160 \(got 3\)"),
        ({"project_dir": "../elsewhere"}, r"RunnerArgs.project_dir: must be a path inside the repository"),
    ],
)
def test_bad_args_name_the_field_and_value(overrides, message):
    with pytest.raises(ValueError, match=message):
        runner_args(**overrides)


def test_a_source_location_must_match_its_type():
    with pytest.raises(ValueError, match=r"RunnerSource.location: is not a GITHUB location such as"):
        RunnerSource(type="GITHUB", location="https://gitlab.com/example/backend.git")
    assert replace(RunnerSource(type="S3", location="bucket-a/backend.zip")).version is None


def test_the_runner_passes_the_same_pack_config_as_bulkhead_policy_check(tmp_path, monkeypatch):
    import infra.layers as layers
    from policies.config import stack_config_path

    for stack, environment in [("prod", "prod"), ("staging", "staging"), ("shop-dev", "dev")]:
        assert layers.policy_config_path(stack, environment) == str(
            stack_config_path(stack, environment).relative_to(layers.REPO_ROOT)
        )
    # A stack with its own config (what `bulkhead new` writes) gets that one.
    (tmp_path / "policies" / "config").mkdir(parents=True)
    (tmp_path / "policies" / "config" / "shop-dev.json").write_text("{}")
    monkeypatch.setattr(layers, "REPO_ROOT", tmp_path)
    assert layers.policy_config_path("shop-dev", "dev") == "policies/config/shop-dev.json"
    assert layers.policy_config_path("other-dev", "dev") == "policies/config/dev.json"
