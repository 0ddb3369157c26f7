import json
import shutil
from pathlib import Path

import pytest
import yaml

from bulkhead.cli import main
from infra.settings import load_stack_file

STACKS = Path(__file__).resolve().parents[2] / "stacks"


def stacks_copy(tmp_path: Path) -> Path:
    for stack_file in STACKS.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, tmp_path)
    return tmp_path


def in_folder(folder: Path) -> list[str]:
    """Stack file and policy config both written into the test's folder, never into the repository."""
    return ["--stacks-dir", str(folder), "--policy-config-dir", str(folder)]


def test_new_stack_copies_the_template_with_the_app_name_and_regions(tmp_path):
    stacks = stacks_copy(tmp_path)
    assert (
        main(
            [
                "new",
                "payments",
                "--environment",
                "prod",
                "--region",
                "eu-west-1",
                "--dr-region",
                "eu-central-1",
                "--stacks-dir",
                str(stacks),
                "--policy-config-dir",
                str(tmp_path),
            ]
        )
        == 0
    )
    policy = json.loads((tmp_path / "payments-prod.json").read_text())
    exemption = policy["eks-node-group-resilience"]["exemptions"][0]
    assert exemption["resource"] == "payments-prod-dr-cluster-nodes" and exemption["value"] == 2
    boundary = policy["iam-no-wildcard-resources"]["exemptions"]
    assert all(e["resource"].startswith("payments-prod-") for e in boundary)
    assert all("eu-west-1" in v or "eu-central-1" in v for e in boundary for v in e["value"])
    settings = load_stack_file(stacks / "Pulumi.payments-prod.yaml")
    assert (settings.app, settings.environment, settings.region, settings.dr.region) == (
        "payments",
        "prod",
        "eu-west-1",
        "eu-central-1",
    )
    template = yaml.safe_load((STACKS / "Pulumi.prod.yaml").read_text())["config"]["bulkhead:settings"]
    assert settings.network.az_count == template["network"]["az_count"]


def test_new_stack_refuses_to_overwrite(tmp_path, capsys):
    stacks = stacks_copy(tmp_path)
    assert main(["new", "payments", "--stack", "prod", *in_folder(stacks)]) == 2
    assert "Pulumi.prod.yaml already exists" in capsys.readouterr().err


def test_new_stack_is_validated_before_it_is_written(tmp_path, capsys):
    stacks = stacks_copy(tmp_path)
    assert main(["new", "payments", "--environment", "prod", "--region", "us-west-2", *in_folder(stacks)]) == 2
    assert "dr.region: must differ from the primary region aws:region (us-west-2)" in capsys.readouterr().err
    assert not (stacks / "Pulumi.payments-prod.yaml").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["../escape"], "the stack name '../escape-dev' (from the app name): must be a Pulumi stack name"),
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
    assert main(["new", *arguments, *in_folder(stacks)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_new_stack_in_another_region_moves_the_template_rotation_functions_there(tmp_path):
    stacks = stacks_copy(tmp_path)
    assert main(["new", "payments", "--environment", "staging", "--region", "eu-west-1", *in_folder(stacks)]) == 0
    settings = load_stack_file(stacks / "Pulumi.payments-staging.yaml")
    arns = [secret.rotation.lambda_arn for secret in settings.secrets.app_secrets]
    assert arns and all(arn.startswith("arn:aws:lambda:eu-west-1:") for arn in arns)
