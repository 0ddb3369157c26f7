"""Each policy against its fixtures: the exact set of failing resources, finding counts, exemptions."""

import pytest

from tests.policies.support import FIXTURES, evaluate_policy, fixture_files, load_fixture

CASES = fixture_files()


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(FIXTURES)) for p in CASES])
def test_fixture_yields_exactly_the_expected_failures(path):
    policy, outcome = path.parent.parent.name, path.parent.name
    fixture = load_fixture(path)
    report = evaluate_policy(policy, fixture["resources"], fixture.get("config"))

    failing = sorted({finding.resource for finding in report.violations})
    expected = sorted(fixture.get("failing", [])) if outcome == "non_compliant" else []
    assert failing == expected, [f.message for f in report.violations]
    if "findings" in fixture:
        assert len(report.violations) == fixture["findings"], [f.message for f in report.violations]
    assert sorted({f.resource for f in report.exempted}) == sorted(fixture.get("exempted", []))
    assert all(f.policy == policy for f in report.findings)


@pytest.mark.parametrize(
    "path", [p for p in CASES if p.parent.name == "non_compliant"], ids=lambda p: str(p.relative_to(FIXTURES))
)
def test_violation_messages_name_the_property_and_the_value(path):
    fixture = load_fixture(path)
    report = evaluate_policy(path.parent.parent.name, fixture["resources"], fixture.get("config"))
    for finding in report.violations:
        # House message shape: "<where> ...; <fix>" — never a bare "non-compliant".
        assert ";" in finding.message and len(finding.message) > 30, finding.message
