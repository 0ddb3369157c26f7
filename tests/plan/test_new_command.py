"""`bulkhead new`: a new project's stack from a shipped template, with none of the template app's own values."""

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bulkhead.cli import main
from infra.settings import load_stack_file

STACKS = Path(__file__).resolve().parents[2] / "stacks"
ACCOUNT = "444455556666"
ROLES = [f"arn:aws:iam::{ACCOUNT}:role/payments-deployer", f"arn:aws:iam::{ACCOUNT}:role/payments-break-glass"]
DIGEST = "sha256:" + "ab" * 32
STATE = "s3://payments-pulumi-state?region=eu-west-1"
STATE_KEY = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/0b6f9e2c-1d3a-4c5b-8e7f-9a0b1c2d3e4f"


def stacks_copy(tmp_path: Path) -> Path:
    for stack_file in STACKS.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, tmp_path)
    return tmp_path


def in_folder(folder: Path) -> list[str]:
    """Stack file and policy config both written into the test's folder, never into the repository."""
    return ["--stacks-dir", str(folder), "--policy-config-dir", str(folder)]


def project_values(region: str = "eu-west-1") -> list[str]:
    """Everything a project of another account gives for the prod template."""
    registry = f"{ACCOUNT}.dkr.ecr.{region}.amazonaws.com/payments"
    values = ["--account-id", ACCOUNT]
    for role in ROLES:
        values += ["--admin-role-arn", role]
    for service in ("api", "worker"):
        values += ["--image", f"{service}={registry}/{service}:2.0.1@{DIGEST}"]
    for secret in ("payments-api-key", "push-signing-key"):
        values += ["--rotation-function", f"{secret}=arn:aws:lambda:{region}:{ACCOUNT}:function:{secret}-rotation"]
    return values + [
        "--state-backend",
        STATE,
        "--secrets-provider-key",
        STATE_KEY,
        "--source",
        "https://github.com/payments-org/payments-backend.git",
        "--alert-email",
        "payments-oncall@example.org",
        "--alert-url-secret",
        f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:payments-prod/pager-url-AbC123",
    ]


def new(stacks: Path, *extra: str) -> int:
    base = ["new", "payments", "--environment", "prod", "--region", "eu-west-1", "--dr-region", "eu-central-1"]
    return main([*base, *extra, "--stacks-dir", str(stacks), "--policy-config-dir", str(stacks)])


def test_new_stack_takes_the_projects_app_account_regions_images_functions_state_and_source(tmp_path):
    stacks = stacks_copy(tmp_path)
    assert new(stacks, *project_values()) == 0
    policy = json.loads((stacks / "payments-prod.json").read_text())
    exemption = policy["eks-node-group-resilience"]["exemptions"][0]
    assert exemption["resource"] == "payments-prod-dr-cluster-nodes" and exemption["value"] == 2
    wildcards = policy["iam-no-wildcard-resources"]["exemptions"]
    assert all(e["resource"].startswith("payments-prod-") for e in wildcards)
    # Resource "*" exemptions (the runner's interfaces, Container Insights metrics) name no place.
    arns = [v for e in wildcards for v in e["value"] if v != "*"]
    assert arns and all("eu-west-1" in v or "eu-central-1" in v for v in arns)
    assert all(f":{ACCOUNT}:" in v for v in arns)
    settings = load_stack_file(stacks / "Pulumi.payments-prod.yaml")
    assert (settings.app, settings.environment, settings.region, settings.dr.region, settings.account_id) == (
        "payments",
        "prod",
        "eu-west-1",
        "eu-central-1",
        ACCOUNT,
    )
    assert list(settings.keys.admin_role_arns) == list(settings.cluster.admin_role_arns) == ROLES
    assert {s.image.reference for s in settings.services} == {
        f"{ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/payments/{name}:2.0.1@{DIGEST}" for name in ("api", "worker")
    }
    assert (settings.runner.state_backend_url, settings.runner.secrets_provider_key_arn) == (STATE, STATE_KEY)
    assert settings.identity.email.ses_identity_arn.split(":")[4] == ACCOUNT  # Cognito sends from its own account
    assert (settings.runner.source.type, settings.runner.source.version) == ("GITHUB", None)
    recipients = [
        (s.protocol, s.endpoint or s.endpoint_secret_arn) for s in settings.observability.alerts.subscriptions
    ]
    assert recipients == [
        ("email", "payments-oncall@example.org"),
        ("https", f"arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:payments-prod/pager-url-AbC123"),
    ]
    text = (stacks / "Pulumi.payments-prod.yaml").read_text()
    # Nothing of the template's app (`mobile-...` names, `mobile/` repositories) or account is left.
    assert not re.search(r"mobile[-/]", text) and "111122223333" not in text
    template = yaml.safe_load((STACKS / "Pulumi.prod.yaml").read_text())["config"]["bulkhead:settings"]
    assert settings.network.az_count == template["network"]["az_count"]


def test_new_stack_refuses_by_name_every_value_of_the_template_app_not_given(tmp_path, capsys):
    stacks = stacks_copy(tmp_path)
    assert new(stacks, "--account-id", ACCOUNT) == 2
    err = capsys.readouterr().err
    assert "Pulumi.prod.yaml holds values of its own app; give yours:" in err
    for expected in (
        "keys.admin_role_arns and cluster.admin_role_arns name roles of account 111122223333",
        "services[0].image (api) is the template app's image",
        "--image api=<repository>:<tag>[@sha256:<digest>]",
        "services[1].image (worker)",
        "secrets.app_secrets[0].rotation.lambda_arn (payments-api-key) is the template app's function",
        "--rotation-function push-signing-key=<ARN of your rotation function>",
        "runner.state_backend_url is the template project's (s3://mobile-pulumi-state-111122223333",
        "runner.secrets_provider_key_arn is the template project's",
        "runner.source.location is the template project's repository",
        "observability.alerts.subscriptions are the template project's recipients: --alert-email <address>",
    ):
        assert expected in err, expected
    assert "Traceback" not in err
    assert not (stacks / "Pulumi.payments-prod.yaml").exists()


def test_the_templates_own_account_keeps_its_roles(tmp_path, capsys):
    stacks = stacks_copy(tmp_path)
    assert new(stacks) == 2
    assert "admin_role_arns" not in capsys.readouterr().err  # same account: the roles carry over


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--image", "billing=repo/billing:1.0"], "--image names unknown services ['billing']"),
        (["--image", "api"], "--image 'api': must be <name>=<value>"),
        (["--image", "api=repo-without-tag"], "--image api='repo-without-tag': must be <repository>:<tag>"),
        (["--rotation-function", "db=arn:x"], "--rotation-function names unknown secrets ['db']"),
    ],
)
def test_unknown_names_and_malformed_values_are_refused(tmp_path, capsys, extra, message):
    stacks = stacks_copy(tmp_path)
    assert new(stacks, *extra) == 2
    assert message in capsys.readouterr().err


def test_new_stack_refuses_to_overwrite(tmp_path, capsys):
    stacks = stacks_copy(tmp_path)
    assert main(["new", "payments", "--stack", "prod", *in_folder(stacks)]) == 2
    assert "Pulumi.prod.yaml already exists" in capsys.readouterr().err


def test_new_stack_is_validated_before_it_is_written(tmp_path, capsys):
    stacks = stacks_copy(tmp_path)
    values = project_values(region="us-west-2")
    assert main(["new", "payments", "--environment", "prod", "--region", "us-west-2", *values, *in_folder(stacks)]) == 2
    assert "dr.region: must differ from the primary region aws:region (us-west-2)" in capsys.readouterr().err
    assert not (stacks / "Pulumi.payments-prod.yaml").exists()


def test_a_stack_from_a_template_that_declares_its_owner_names_the_owner_of_its_own_account(tmp_path, capsys):
    stacks = stacks_copy(tmp_path)
    base = ["new", "payments", "--environment", "staging", "--stacks-dir", str(stacks), "--policy-config-dir"]
    assert main([*base, str(stacks), "--alert-email", "payments-oncall@example.org"]) == 2
    assert (
        "observability.account_baseline.owner_stack is the template project's (organization/bulkhead/prod): "
        "--account-baseline-owner <organization>/<project>/<stack>"
    ) in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["../escape"], "the stack name '../escape-prod' (from the app name): must be a Pulumi stack name"),
        (["payments", "--stack", "a/b"], "--stack 'a/b': must be a Pulumi stack name"),
        (["payments", "--stack", "x" * 300], "must be a Pulumi stack name"),
        (["pay\x00ments"], "must be a Pulumi stack name"),
        (["payments", "--stack", "prod"], "Pulumi.prod.yaml already exists; choose another --stack"),
        (["Pay Ments", "--stack", "ok"], "app: must match ^[a-z](-?[a-z0-9])+\\Z (got 'Pay Ments')"),
        (["payments", "--region", "us-east-١"], "aws:region: must be an AWS region"),
    ],
)
def test_bad_new_arguments_exit_2_with_a_clear_message_and_write_nothing(tmp_path, capsys, arguments, message):
    stacks = stacks_copy(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    # The project gives every value of its own, so the bad argument is the only problem.
    assert main(["new", *arguments, "--environment", "prod", *project_values(), *in_folder(stacks)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
