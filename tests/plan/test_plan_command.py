"""`bulkhead plan`: runs on every shipped stack, writes the documented JSON, fails cleanly on bad input."""

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from bulkhead.cli import main
from bulkhead.plan.model import PLAN_FORMAT, PLAN_VERSION
from bulkhead.plan.render import render_markdown, render_text
from bulkhead.plan.runner import PlanError, run_under_mocks
from tests.support import shipped_plan

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "bulkhead/plan/plan.schema.json").read_text())


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_plan_json_matches_the_documented_format(stack, tmp_path, capsys):
    target = tmp_path / "plan.json"
    status = main(["plan", "--stack", stack, "--json", str(target)])
    document = json.loads(target.read_text())
    jsonschema.validate(document, SCHEMA)
    assert (document["format"], document["version"], document["stack"]) == (PLAN_FORMAT, PLAN_VERSION, stack)
    assert document["summary"]["resources"] == sum(1 for r in document["resources"] if r["custom"])
    assert status == 0, "a shipped stack has a mandatory policy violation or misses its DR targets"
    assert document["policy"]["passed"] is True
    assert document["dr_posture"]["failures"] == []
    preview = capsys.readouterr().out
    assert "PASS: no mandatory violation" in preview
    assert f"DR posture ({stack}" in preview
    assert f"stack {stack} ({stack})" in preview
    assert "bulkhead:network:Network mobile-" in preview
    assert "Resources per region:" in preview
    assert "AWS layer (project bulkhead" in preview and "Kubernetes layer (project bulkhead-kubernetes" in preview


def test_plan_resources_are_ordered_and_reproducible():
    from bulkhead.plan.runner import run_plan

    first, second = run_plan("dev").to_json(), run_plan("dev").to_json()
    assert first == second
    # The layers in the order they are applied, each one's resources by URN.
    projects = [run["project"] for run in first["layers"]]
    assert [run["layer"] for run in first["layers"]] == ["aws", "kubernetes"]
    urns = [r["urn"] for r in first["resources"]]
    assert [urn.split("::")[1] for urn in urns] == sorted((urn.split("::")[1] for urn in urns), key=projects.index)
    for project in projects:
        mine = [urn for urn in urns if urn.split("::")[1] == project]
        assert mine == sorted(mine)


@pytest.mark.parametrize(("stack", "clusters"), [("dev", ["primary"]), ("prod", ["primary", "standby"])])
def test_plan_runs_the_aws_layer_then_the_kubernetes_layer_of_each_cluster(stack, clusters):
    from tests.support import shipped_plan

    plan = shipped_plan(stack)
    assert [(run.layer, run.cluster) for run in plan.layers] == [("aws", None)] + [
        ("kubernetes", cluster) for cluster in clusters
    ]
    aws, kubernetes = plan.in_layer("aws"), plan.in_layer("kubernetes")
    assert {r.type.split(":")[0] for r in aws if r.custom} == {"aws", "pulumi"}
    assert not [r for r in aws if r.type.startswith(("kubernetes:", "pulumi:providers:kubernetes"))]
    assert {r.type.split(":")[0] for r in kubernetes if r.custom} == {"kubernetes", "pulumi"}
    assert not [r for r in kubernetes if r.type.startswith(("aws:", "pulumi:providers:aws"))]
    # Each Kubernetes layer reads the AWS layer's stack through one StackReference.
    references = [r for r in kubernetes if r.type == "pulumi:pulumi:StackReference"]
    assert [r.inputs["name"] for r in references] == [f"organization/bulkhead/{stack}"] * len(clusters)


def test_unknown_stack_exits_2_with_a_short_message(capsys):
    assert main(["plan", "--stack", "qa"]) == 2
    err = capsys.readouterr().err
    assert "unknown stack 'qa'" in err and "stacks here: dev, prod, staging" in err


def test_invalid_stack_file_lists_every_problem_and_exits_2(tmp_path, capsys):
    (tmp_path / "Pulumi.prod.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  bulkhead:settings:\n    environment: prod\n    app: mobile\n"
        "    deletion_protection: false\n    network: {az_count: 2}\n"
        "    keys: {admin_role_arns: ['arn:aws:iam::111122223333:role/d']}\n"
    )
    assert main(["plan", "--stack", "prod", "--stacks-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}/Pulumi.prod.yaml: deletion_protection: must be true in prod (got False)" in err
    assert f"{tmp_path}/Pulumi.prod.yaml: network.az_count: must be >= 3 in prod (got 2)" in err
    assert "Traceback" not in err


def test_malformed_yaml_and_missing_keys_exit_2(tmp_path, capsys):
    (tmp_path / "Pulumi.dev.yaml").write_text("config: [unclosed\n")
    (tmp_path / "Pulumi.qa.yaml").write_text("config:\n  aws:region: us-east-1\n")
    assert main(["plan", "--stack", "dev", "--stacks-dir", str(tmp_path)]) == 2
    assert main(["plan", "--stack", "qa", "--stacks-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"Pulumi.dev.yaml: not valid YAML: .*\(line \d+, column \d+\)", err)
    assert "Pulumi.qa.yaml: bulkhead:settings: is required" in err


def test_console_script_reports_bad_config_without_a_traceback(tmp_path):
    (tmp_path / "Pulumi.dev.yaml").write_text(
        "config:\n  aws:region: us-east-1\n  bulkhead:settings: {environment: qa}\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "bulkhead.cli", "plan", "--stack", "dev", "--stacks-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "environment: must be one of 'dev', 'staging' or 'prod' (got 'qa')" in result.stderr
    assert "Traceback" not in result.stderr


def test_markdown_format_is_a_pull_request_comment(capsys):
    assert main(["plan", "--stack", "staging", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Bulkhead plan: `staging` (staging)")
    assert "| resources | type |" in out and "## DR posture" in out


def test_a_mandatory_violation_fails_the_plan_with_exit_1(tmp_path, capsys):
    # dev skips the final snapshot on purpose and its config makes that finding advisory; a config that
    # makes it mandatory must turn the same plan into a failure.
    config = json.loads((Path(__file__).resolve().parents[2] / "policies/config/dev.json").read_text())
    config["rds-final-snapshot"] = {**config.get("rds-final-snapshot", {}), "enforcementLevel": "mandatory"}
    strict = tmp_path / "strict.json"
    strict.write_text(json.dumps(config))
    target = tmp_path / "plan.json"
    assert main(["plan", "--stack", "dev", "--policy-config", str(strict), "--json", str(target)]) == 1
    assert "FAIL: 2 mandatory violation(s)" in capsys.readouterr().out
    assert json.loads(target.read_text())["policy"]["passed"] is False


def test_invalid_policy_config_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["plan", "--stack", "dev", "--policy-config", str(bad)]) == 2
    assert "invalid policy config" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("stack", "owner"),
    [
        ("prod", "owned by this stack (organization/bulkhead/prod)"),
        ("staging", "owned by organization/bulkhead/prod (declared through a stack reference)"),
    ],
)
def test_the_plan_says_which_stack_owns_the_account_baseline(stack, owner):
    plan = shipped_plan(stack)
    assert f"Account baseline (trail, GuardDuty, Security Hub, image scanning): {owner}" in render_text(plan)
    assert f"Account baseline: {owner}." in render_markdown(plan)


def test_the_compliance_locked_trail_bucket_is_named_irreversible_where_it_is_locked_in_compliance_mode():
    prod, staging = render_text(shipped_plan("prod")), render_text(shipped_plan("staging"))
    notice = "bucket mobile-prod-audit-trail-111122223333 [us-east-1]: S3 Object Lock in compliance mode"
    assert notice in prod.split("Irreversible once applied:", 1)[1]
    assert "S3 Object Lock" not in staging  # staging owns no trail bucket


def test_a_value_a_component_refuses_is_a_short_error_not_a_traceback():
    def program():
        raise ValueError("CacheArgs.users: must be short (got 'AKIAQ7ZRX2M4WB9KT3NV')")

    with pytest.raises(PlanError) as caught:
        run_under_mocks(program, stack="dev", config={}, default_region="us-east-1")
    assert str(caught.value) == "a component refused a value: CacheArgs.users: must be short (got '[secret]')"


@pytest.mark.parametrize("stack", ["../prod", "a/b", "dev\x00", "x" * 101, "dev prod", ""])
def test_a_stack_name_that_is_no_pulumi_stack_name_exits_2(capsys, stack):
    with pytest.raises(SystemExit) as caught:
        main(["plan", "--stack", stack])
    assert caught.value.code == 2
    assert "argument --stack: must be a Pulumi stack name" in capsys.readouterr().err


def test_plan_outputs_in_a_missing_folder_are_refused_before_the_plan_runs(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["plan", "--stack", "dev", "--json", str(missing / "p.json"), "--k8s-out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"bulkhead plan: --json {missing}/p.json: its folder does not exist\n"
