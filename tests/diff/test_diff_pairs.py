"""`bulkhead diff` on real plan pairs: modified copies of the shipped stacks, planned before and after.

Each test names one change and asserts the exact lines the diff prints for it (tests/diff/expected/).
Counts of unchanged resources and the findings every plan has are left out, so other changes to the
program do not disturb these tests; everything the change itself causes is asserted exactly.
"""

import json
from pathlib import Path

from bulkhead.cli import main
from bulkhead.diff.render_json import diff_to_json
from bulkhead.diff.render_markdown import render_markdown
from bulkhead.diff.render_text import render_text
from bulkhead.diff.report import compare_plans
from tests.diff.conftest import ACCESS_KEY_ID, DEPLOY_TOKEN, GENERATED_KEY, write_plan

REPO = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).parent / "expected"


def expected(name: str) -> str:
    return (EXPECTED / name).read_text()


def diff_of(document, old: str, new: str, **configs):
    return compare_plans(document(old, configs.get("old")), document(new, configs.get("new")), "base.json", "head.json")


def between(text: str, start: str, stop: str | None = None) -> str:
    """The lines from the one starting with `start` up to the next one starting with `stop`."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next((i for i, line in enumerate(lines) if i > first and stop and line.startswith(stop)), len(lines))
    return "\n".join(lines[first:last]).rstrip() + "\n"


def test_a_changed_setting_names_exactly_the_resource_the_input_path_and_the_posture_it_changes(document):
    text = render_text(diff_of(document, "dev", "dev-retention-14"))
    assert text.splitlines()[1].startswith("Resources: 0 to add, 1 to change, 0 to replace, 0 to delete (")
    assert between(text, "Changed", "Findings") == expected("changed-setting.changes.txt")
    assert between(text, "Findings introduced", "Findings still present") == expected("changed-setting.findings.txt")
    assert between(text, "DR posture changes") == expected("changed-setting.posture.txt")


def test_the_markdown_of_a_changed_setting_leads_with_the_summary_and_folds_the_details(document):
    markdown = render_markdown(diff_of(document, "dev", "dev-retention-14"))
    assert markdown.startswith("## Bulkhead diff: `dev` (dev)\n\n**Resources:** 0 to add, 1 to change, 0 to replace,")
    assert "> [!WARNING]" not in markdown
    assert between(markdown, "#### Changed", "</details>") == expected("changed-setting.changes.md")
    assert markdown.index("```mermaid") < markdown.index("<summary>Resources:")
    assert markdown.count("<details") == markdown.count("</details>") == 4


def test_an_added_service_lists_its_resources_and_the_finding_it_brings(document):
    text = render_text(diff_of(document, "dev", "dev-payments"))
    # Changed: the dashboard (the service's panel), and the flag rollout now also watching its health alarm
    # (the environment's monitors and the monitor role's DescribeAlarms resources).
    assert text.splitlines()[1].startswith("Resources: 14 to add, 3 to change, 0 to replace, 0 to delete (")
    assert "monitors[#3]: (absent)" in between(text, "Changed", "Added")
    assert between(text, "Added", "Findings") == expected("added-service.added.txt")
    assert between(text, "Findings introduced", "Findings resolved") == expected("added-service.findings.txt")
    assert "DR posture: unchanged" in text


def test_removing_the_dr_strategy_removes_the_dr_pieces_and_replaces_the_keys_and_what_they_encrypt(document):
    diff = diff_of(document, "dev-with-dr", "dev")
    text = render_text(diff)
    # Main's 33/9/17, plus the queue and release keys (multi-Region with a DR region): replaced, their replicas
    # and replica aliases removed, and the queues, grants and flag profile and deployment they encrypt changed
    # with them.
    assert text.splitlines()[1].startswith("Resources: 0 to add, 41 to change, 11 to replace, 21 to delete (")
    assert between(text, "Replaced", "Changed") == expected("removed-dr.replaced.txt")
    assert between(text, "Removed", "Findings") == expected("removed-dr.removed.txt")
    assert between(text, "DR posture changes") == expected("removed-dr.posture.txt")
    # The copy action goes from the backup plan, and the DR key from the key policy of the backup role.
    plan_change = next(c for c in diff.resources.changes if c.name == "mobile-dev-backup-plan")
    assert [(c.path, c.kind) for c in plan_change.changes] == [("rules[ruleName=snapshots].copyActions", "removed")]


def test_replacements_are_named_first_in_the_pull_request_comment(document):
    markdown = render_markdown(diff_of(document, "dev-with-dr", "dev"))
    assert between(markdown, "> [!WARNING]", "<details") == expected("removed-dr.warning.md")


def test_a_new_mandatory_finding_is_reported_and_fails_the_diff_only_with_fail_on(document, tmp_path, capsys):
    # A pull request that tightens the dev policy config: dev's single-instance database now blocks.
    config = json.loads((REPO / "policies/config/dev.json").read_text())
    config["rds-cluster-availability"] = {"enforcementLevel": "mandatory", "minInstances": 2}
    strict = tmp_path / "strict.json"
    strict.write_text(json.dumps(config))
    base = write_plan(tmp_path, "base", document("dev"))
    head = write_plan(tmp_path, "head", document("dev", strict))
    assert main(["diff", str(base), str(head)]) == 0
    text = capsys.readouterr().out
    assert between(text, "Findings introduced", "Findings resolved") == expected("new-finding.findings.txt")
    assert text.splitlines()[2].startswith("Findings: 1 introduced (1 newly blocking), 0 resolved, ")
    assert main(["diff", str(base), str(head), "--fail-on", "new-findings"]) == 1
    assert main(["diff", str(head), str(head), "--fail-on", "new-findings"]) == 0
    capsys.readouterr()


def test_an_advisory_finding_does_not_fail_the_diff(document, tmp_path):
    base = write_plan(tmp_path, "base", document("dev"))
    head = write_plan(tmp_path, "head", document("dev-payments"))
    assert main(["diff", str(base), str(head), "--fail-on", "new-findings", "--format", "json"]) == 0


def test_secret_looking_values_in_a_real_plan_never_reach_any_output(document, tmp_path, capsys):
    diff = diff_of(document, "dev", "dev-secret-tags")
    text = render_text(diff)
    assert between(text, "Changed", "Findings") == expected("secret-tags.changes.txt")
    head = document("dev-secret-tags")
    assert ACCESS_KEY_ID in json.dumps(head), "the plan itself holds the values: the diff is what masks them"
    base_path, head_path = write_plan(tmp_path, "base", document("dev")), write_plan(tmp_path, "head", head)
    outputs = [text, render_markdown(diff), json.dumps(diff_to_json(diff))]
    for output_format in ("text", "markdown", "json"):
        assert main(["diff", str(base_path), str(head_path), "--format", output_format]) == 0
        outputs.append(capsys.readouterr().out)
    for output in outputs:
        for value in (ACCESS_KEY_ID, DEPLOY_TOKEN, GENERATED_KEY):
            assert value not in output
