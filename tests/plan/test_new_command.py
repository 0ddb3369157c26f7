import json
import shutil
from pathlib import Path

import yaml

from bulkhead.cli import main
from infra.settings import load_stack_file

STACKS = Path(__file__).resolve().parents[2] / "stacks"


def stacks_copy(tmp_path: Path) -> Path:
    for stack_file in STACKS.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, tmp_path)
    return tmp_path


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
    wildcards = policy["iam-no-wildcard-resources"]["exemptions"]
    assert all(e["resource"].startswith("payments-prod-") for e in wildcards)
    boundary = [e for e in wildcards if e["resource"].endswith("-workload-boundary")]
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
    assert main(["new", "payments", "--stack", "prod", "--stacks-dir", str(stacks)]) == 2
    assert "Pulumi.prod.yaml already exists" in capsys.readouterr().err


def test_new_stack_is_validated_before_it_is_written(tmp_path, capsys):
    stacks = stacks_copy(tmp_path)
    assert main(["new", "payments", "--environment", "prod", "--region", "us-west-2", "--stacks-dir", str(stacks)]) == 2
    assert "dr.region: must differ from the primary region aws:region (us-west-2)" in capsys.readouterr().err
    assert not (stacks / "Pulumi.payments-prod.yaml").exists()
