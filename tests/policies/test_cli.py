"""`bulkhead policy list|check` and the report renderings `bulkhead plan` reuses."""

import json

import pytest

from bulkhead.cli import main
from bulkhead.plan.policy_report import evaluate_plan, render_markdown, render_text, report_to_json
from policies.registry import RULES
from tests.policies.support import golden_stack

BAD_DB = {
    "type": "aws:rds/cluster:Cluster",
    "name": "db",
    "inputs": {"storageEncrypted": False},
    "outputs": {"arn": "arn:aws:rds:us-east-1:111122223333:cluster:db"},
}


def _plan_file(tmp_path, resources, environment="prod"):
    path = tmp_path / "plan.json"
    path.write_text(
        json.dumps(
            {
                "format": "bulkhead-plan",
                "version": 2,
                "stack": environment,
                "environment": environment,
                "resources": resources,
            }
        )
    )
    return path


def test_policy_list_prints_every_policy(capsys):
    assert main(["policy", "list"]) == 0
    out = capsys.readouterr().out
    assert all(rule.name in out for rule in RULES) and f"{len(RULES)} policies" in out


def test_policy_list_markdown_is_the_catalog(capsys):
    assert main(["policy", "list", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Bulkhead policy catalog")


def test_check_passes_a_compliant_plan(tmp_path, capsys):
    resources = golden_stack()
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"all": "mandatory", "rds-cluster-availability": {"minInstances": 2}}))
    plan = str(_plan_file(tmp_path, resources))
    assert main(["policy", "check", plan, "--environment", "prod", "--config", str(config)]) == 0
    assert "PASS: no mandatory violation" in capsys.readouterr().out


def test_check_fails_on_a_mandatory_violation_and_groups_by_severity(tmp_path, capsys):
    assert main(["policy", "check", str(_plan_file(tmp_path, [BAD_DB])), "--environment", "prod"]) == 1
    out = capsys.readouterr().out
    assert out.index("\nHIGH\n") < out.index("rds-storage-encrypted") < out.index("\nLOW\n")
    assert "resource: db (aws:rds/cluster:Cluster)" in out and "storageEncrypted is false; set it to true" in out
    assert "SH RDS.3" in out and "FAIL:" in out


def test_check_takes_enforcement_from_the_named_stack(tmp_path, capsys):
    db = {**BAD_DB, "inputs": {**BAD_DB["inputs"], "storageEncrypted": True, "kmsKeyId": None}}
    plan = str(_plan_file(tmp_path, [db], "dev"))
    assert main(["policy", "check", plan, "--stack", "dev", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    levels = {f["policy"]: f["enforcement"] for f in report["findings"]}
    assert levels["rds-backup-retention"] == "advisory" and levels["rds-storage-cmk"] == "mandatory"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON (line 1, column 1"),
        (json.dumps({"format": "other"}), "format must be 'bulkhead-plan' (got 'other')"),
        (json.dumps({"format": "bulkhead-plan", "version": 9, "resources": []}), "version must be 2 (got 9)"),
        (
            json.dumps({"format": "bulkhead-plan", "version": 2, "resources": [{"x": 1}]}),
            "resources[0].type: must be a non-empty string",
        ),
        (
            json.dumps({"format": "bulkhead-plan", "version": 2, "resources": [{"type": "t", "name": "n"}, []]}),
            "resources must be a list of objects",
        ),
        (json.dumps({"format": "bulkhead-plan", "version": 2, "resources": {}}), "resources must be a list of objects"),
    ],
)
def test_bad_plan_files_exit_2_with_a_clear_message(tmp_path, capsys, content, message):
    path = tmp_path / "plan.json"
    path.write_text(content)
    assert main(["policy", "check", str(path), "--environment", "prod"]) == 2
    assert message in capsys.readouterr().err


def test_bad_config_exits_2_without_a_traceback(tmp_path, capsys):
    config = tmp_path / "bad.json"
    config.write_text(json.dumps({"rds-storage-encrypted": {"exemptions": [{"resource": "db", "reason": "x" * 12}]}}))
    plan = str(_plan_file(tmp_path, [BAD_DB]))
    assert main(["policy", "check", plan, "--environment", "prod", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "cannot be exempted" in err and "Traceback" not in err


def test_reports_list_exemptions_in_every_format():
    resources = [{"type": "aws:rds/cluster:Cluster", "name": "legacy-db", "inputs": {"deletionProtection": False}}]
    report = evaluate_plan(resources, "prod")
    assert report.exemptions, "the prod config ships exemptions; they are listed even when nothing matched"
    text, markdown, data = render_text(report), render_markdown(report), report_to_json(report)
    first = report.exemptions[0]
    assert first.reason in text and first.reason in markdown
    assert {k: data["exemptions"][0][k] for k in ("policy", "resource", "reason", "finding", "suppressed")} == {
        "policy": first.policy,
        "resource": first.resource,
        "reason": first.reason,
        "finding": first.finding,
        "suppressed": 0,
    }
    assert json.loads(json.dumps(data)) == data and data["passed"] is False
    assert data["counts"]["mandatory"] == len(report.mandatory)


def test_markdown_has_a_table_per_severity():
    markdown = render_markdown(evaluate_plan([BAD_DB], "prod"))
    assert "#### High (" in markdown and "| enforcement | policy | resource | controls | message |" in markdown
    assert "| mandatory | `rds-storage-encrypted` | `db` |" in markdown


def test_check_requires_the_stack_or_the_environment(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["policy", "check", str(_plan_file(tmp_path, [BAD_DB]))])
    assert exit_.value.code == 2


@pytest.mark.parametrize(
    ("plan_environment", "argument", "message"),
    [
        ("dev", ["--environment", "prod"], "the plan says environment 'dev', but the target is 'prod'"),
        ("dev", ["--stack", "prod"], "the plan is of stack 'dev', not 'prod'"),
    ],
)
def test_a_plan_claiming_another_environment_or_stack_is_refused(tmp_path, capsys, plan_environment, argument, message):
    assert main(["policy", "check", str(_plan_file(tmp_path, [BAD_DB], plan_environment)), *argument]) == 2
    assert message in capsys.readouterr().err


def test_malformed_resources_exit_2_naming_each_problem(tmp_path, capsys):
    plan = _plan_file(
        tmp_path,
        [
            {"type": "aws:ec2/vpc:Vpc", "name": "v", "inputs": "x"},
            {"type": 5, "name": "w"},
            {"type": "aws:ec2/vpc:Vpc", "name": "u", "urn": ["urn:pulumi:a"]},
        ],
    )
    assert main(["policy", "check", str(plan), "--environment", "prod"]) == 2
    err = capsys.readouterr().err
    assert "resources[0].inputs: must be an object" in err and "resources[1].type" in err and "Traceback" not in err
    assert "resources[2].urn: must be a string (got list)" in err and "internal error" not in err


def test_a_crashing_rule_exits_2_never_1(tmp_path, capsys, monkeypatch):
    from policies import engine

    def crash(*args, **kwargs):
        raise engine.PolicyEvaluationError("policy x failed on y: KeyError('z')")

    monkeypatch.setattr("bulkhead.plan.policy_report.evaluate", crash)
    assert main(["policy", "check", str(_plan_file(tmp_path, [BAD_DB])), "--environment", "prod"]) == 2
    assert "policy x failed on y" in capsys.readouterr().err


def test_a_staging_plan_without_its_baseline_fails(tmp_path, capsys):
    assert main(["policy", "check", str(_plan_file(tmp_path, [], "staging")), "--environment", "staging"]) == 1
    assert "the plan has no KMS keys" in capsys.readouterr().out


def test_props_no_provider_writes_exit_2_without_a_traceback_or_a_secret(tmp_path, capsys):
    sg = {"type": "aws:ec2/securityGroup:SecurityGroup", "name": "sg", "inputs": {"ingress": "AKIAQ7ZRX2M4WB9KT3NV"}}
    db = {**BAD_DB, "inputs": {"vpcSecurityGroupIds": {"not": "a list"}}}
    assert main(["policy", "check", str(_plan_file(tmp_path, [db, sg])), "--environment", "prod"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "AKIAQ7ZRX2M4WB9KT3NV" not in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe{\x00}\x00", "is UTF-16 text; save it as UTF-8"),
        (b'{"format": "bulkhead-plan", "version": NaN}', "NaN is not a JSON number"),
        (b'{"format": "bulkhead-plan", "format": "bulkhead-plan"}', "duplicate key 'format' in one object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper than"),
        (b'{"format": "bulkhead-plan", "version": ' + b"9" * 5000 + b"}", "has more than 18 digits"),
    ],
)
def test_plan_files_json_cannot_carry_exit_2_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    assert main(["policy", "check", str(path), "--environment", "prod"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
