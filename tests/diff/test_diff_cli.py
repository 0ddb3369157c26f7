"""`bulkhead diff` as a command: bad input exits 2 with one clear line, plan versions, size bounds, JSON."""

import json
import re
import subprocess
import sys

import pytest

from bulkhead.cli import main
from bulkhead.diff.render_json import diff_to_json
from bulkhead.diff.render_markdown import render_markdown
from bulkhead.diff.report import compare_plans
from tests.diff.conftest import minimal_record as resource


def plan(resources, version=1, stack="dev", **sections):
    return {
        "format": "bulkhead-plan",
        "version": version,
        "project": "bulkhead",
        "stack": stack,
        "environment": "dev",
        "region": "us-east-1",
        "dr_region": None,
        "resources": resources,
        "outputs": {},
        **sections,
    }


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON (line 1, column 2"),
        (json.dumps({"format": "other"}), "format must be 'bulkhead-plan' (got 'other')"),
        (json.dumps(plan([], version=3)), "version must be 1 or 2 (got 3)"),
        (json.dumps(plan([{"type": "t", "name": "n"}])), "resources must be a list of objects with urn, type and name"),
        (json.dumps(plan([{**resource("q"), "inputs": []}])), "resources[0].inputs: must be an object (got list)"),
        (json.dumps(plan([], policy={"findings": ["x"]})), "policy.findings must be a list of objects"),
        (json.dumps(plan([], dr_posture=[])), "dr_posture must be an object"),
    ],
)
def test_bad_plan_files_exit_2_with_one_line_naming_the_file(tmp_path, capsys, content, message):
    good = write(tmp_path, "good.json", plan([]))
    bad = write(tmp_path, "bad.json", content)
    assert main(["diff", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"bulkhead diff: {bad}: {message}" in err and "Traceback" not in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    good = write(tmp_path, "good.json", plan([]))
    assert main(["diff", str(good), str(tmp_path / "absent.json")]) == 2
    assert "cannot read plan file: No such file or directory" in capsys.readouterr().err


def test_plans_of_two_stacks_are_refused(tmp_path, capsys):
    dev, prod = write(tmp_path, "dev.json", plan([])), write(tmp_path, "prod.json", plan([], stack="prod"))
    assert main(["diff", str(dev), str(prod)]) == 2
    assert "a diff compares two plans of one stack" in capsys.readouterr().err


def test_a_next_version_plan_with_a_layer_per_resource_diffs_cleanly_against_the_current_version(tmp_path, capsys):
    old = write(tmp_path, "old.json", plan([resource("orders", delaySeconds=0)]))
    layered = [{**resource("orders", delaySeconds=5), "layer": "aws"}]
    new = write(tmp_path, "new.json", plan(layered, version=2))
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["resources"][0]["changes"] == [{"path": "delaySeconds", "kind": "changed", "old": 0, "new": 5}]


@pytest.mark.parametrize("output_format", ["json", "text", "markdown"])
def test_a_pasted_key_in_a_resource_identity_is_never_echoed(tmp_path, capsys, output_format):
    key = "AKIAQ7ZRX2M4WB9KT3NV"
    pasted = {**resource(key), "urn": key}
    old, new = write(tmp_path, "old.json", plan([])), write(tmp_path, "new.json", plan([pasted]))
    assert main(["diff", str(old), str(new), "--format", output_format]) == 0
    out = capsys.readouterr().out
    assert key not in out and "[secret]" in out


def test_fail_on_new_findings_needs_verdicts_in_both_plans(tmp_path, capsys):
    old, new = write(tmp_path, "old.json", plan([])), write(tmp_path, "new.json", plan([]))
    assert main(["diff", str(old), str(new), "--fail-on", "new-findings"]) == 2
    assert "needs policy verdicts in both plans; the old and new plan has none" in capsys.readouterr().err
    assert main(["diff", str(old), str(new)]) == 0


def test_max_chars_below_the_floor_is_bad_input(tmp_path, capsys):
    old = write(tmp_path, "old.json", plan([]))
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", str(old), str(old), "--max-chars", "100"])
    assert exit_info.value.code == 2
    assert "--max-chars: must be >= 4000 (got 100)" in capsys.readouterr().err


def test_the_json_form_is_versioned_and_lists_every_change():
    old = plan([resource("orders", delaySeconds=0), resource("audit")])
    new = plan([resource("orders", delaySeconds=5), resource("events")])
    document = json.loads(json.dumps(diff_to_json(compare_plans(old, new, "old.json", "new.json"))))
    assert (document["format"], document["version"]) == ("bulkhead-diff", 1)
    assert document["summary"] == {"add": 1, "update": 1, "replace": 0, "remove": 1, "unchanged": 0}
    assert [(r["action"], r["name"]) for r in document["resources"]] == [
        ("remove", "audit"),
        ("add", "events"),
        ("update", "orders"),
    ]
    assert document["diagram"].startswith("flowchart LR\n")
    assert document["findings"]["missing"] == ["old", "new"]


def test_the_markdown_stays_under_the_bound_and_says_what_it_left_out():
    bulky = "x" * 300
    old = plan([resource(f"queue-{i:03}", note=bulky) for i in range(150)])
    new = plan([resource(f"queue-{i:03}", note=bulky + "y") for i in range(150)])
    diff = compare_plans(old, new, "old.json", "new.json")
    full, bounded = render_markdown(diff, 1_000_000), render_markdown(diff, 8_000)
    assert len(full) > 60_000 and len(bounded) <= 8_000
    assert re.search(r"_\d+ resource entries not shown: this comment stays under 8,000 characters", bounded)
    assert bounded.count("<details") == bounded.count("</details>") == 4
    assert bounded.count("```") % 2 == 0
    assert bounded.startswith("## Bulkhead diff: `dev` (dev)\n\n**Resources:** 0 to add, 150 to change")


def test_bad_input_through_the_console_script_prints_no_traceback(tmp_path):
    bad = write(tmp_path, "bad.json", "[]")
    result = subprocess.run(
        [sys.executable, "-m", "bulkhead.cli", "diff", str(bad), str(bad)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"bulkhead diff: {bad}: format must be 'bulkhead-plan' (got 'list')"


def test_diff_writes_its_diagram_on_request(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    old, new = write(tmp_path, "old.json", plan([])), write(tmp_path, "new.json", plan([resource("orders")]))
    target = tmp_path / "change.mmd"
    assert main(["diff", str(old), str(new), "--diagram", str(target)]) == 0
    assert "Unmapped types<br/>1 × aws:sfn/stateMachine:StateMachine" in target.read_text()
    assert f"bulkhead diff: wrote the Mermaid diagram to {target}" in capsys.readouterr().err
