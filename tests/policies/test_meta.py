"""Meta-tests that keep the pack honest: names, registry, fixtures, catalog, control coverage."""

import ast
import importlib
import pkgutil
from collections import Counter
from pathlib import Path
from typing import get_type_hints

import pytest
from pulumi_policy import ResourceValidationArgs, StackValidationArgs

import policies.rules
from policies import catalog
from policies.controls import ALL_ROWS, CATALOG_ROWS, CONTROLS, CUSTOM_PREFIX
from policies.not_applicable import NOT_APPLICABLE, PARTIAL
from policies.registry import MODULES, RULES
from policies.rule import CATEGORIES, EVERY_TYPE, SEVERITIES, ReportViolation
from tests.policies.support import FIXTURES

REPO = Path(__file__).resolve().parents[2]


def test_policy_names_are_unique():
    duplicates = [name for name, count in Counter(rule.name for rule in RULES).items() if count > 1]
    assert duplicates == []


def test_registry_lists_every_rule_module_once_in_sorted_order():
    on_disk = sorted(
        f"policies.rules.{service.name}.{module.name}"
        for service in pkgutil.iter_modules(policies.rules.__path__)
        for module in pkgutil.iter_modules([str(Path(policies.rules.__path__[0]) / service.name)])
    )
    registered = [module.__name__ for module in MODULES]
    assert registered == sorted(registered)
    assert registered == on_disk


def test_importing_a_rule_registers_nothing():
    # Registration is explicit: a rule module exposes data and functions, never calls into the registry.
    for module in MODULES:
        tree = ast.parse(Path(module.__file__).read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "policies.registry" not in imported, module.__name__
        assert not [n for n in tree.body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)], module.__name__


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_metadata_is_complete(rule):
    assert rule.severity in SEVERITIES and rule.category in CATEGORIES
    assert rule.controls and all(isinstance(c, str) and c for c in rule.controls)
    assert rule.rows and set(rule.rows) <= set(ALL_ROWS)
    assert rule.types and all(t.count(":") >= 2 or t == EVERY_TYPE for t in rule.types)
    assert len(rule.description) > 20 and len(rule.remediation) > 10
    module = importlib.import_module(rule.module)
    assert Path(module.__file__).parent.parent.name == "rules"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_check_has_the_typed_signature(rule):
    """mypy checks a rule's use of `args` only when its check is annotated (docs/extending.md)."""
    args = ResourceValidationArgs if rule.kind == "resource" else StackValidationArgs
    expected = {"args": args, "report_violation": ReportViolation, "return": type(None)}
    assert get_type_hints(rule.check) == expected, f"{rule.module}: annotate {rule.check.__name__}{expected}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_policy_has_compliant_and_two_non_compliant_fixtures(rule):
    compliant = list((FIXTURES / rule.name / "compliant").glob("*.yaml"))
    non_compliant = list((FIXTURES / rule.name / "non_compliant").glob("*.yaml"))
    assert len(compliant) >= 1 and len(non_compliant) >= 2


def test_no_fixtures_for_unknown_policies():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(rule.name for rule in RULES)


def test_catalog_is_current():
    # Regenerate with: python -m policies.catalog > policies/POLICIES.md
    assert (REPO / "policies" / "POLICIES.md").read_text() == catalog.render()


def test_every_control_row_is_mapped_or_not_applicable_with_a_reason():
    mapped = {row for rule in RULES for row in rule.rows}
    unaccounted = [row for row in ALL_ROWS if row not in mapped and row not in NOT_APPLICABLE]
    assert unaccounted == []
    assert all(len(reason) >= 10 for reason in {**NOT_APPLICABLE, **PARTIAL}.values())
    assert not set(NOT_APPLICABLE) & mapped, "a row is both mapped and declared not applicable"
    assert len(CATALOG_ROWS) == 99 and set(PARTIAL) <= set(CATALOG_ROWS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_public_id_a_rule_cites_belongs_to_a_control_it_implements(rule):
    """CONTROLS cites public IDs (or `custom: <why>`); each must be listed by one of the rule's ROWS."""
    listed = {public_id for row in rule.rows for public_id in CONTROLS[row].public_ids}
    unresolved = [c for c in rule.controls if not c.startswith(CUSTOM_PREFIX) and c not in listed]
    assert not unresolved, (
        f"{rule.name} cites {unresolved}, which none of its controls {list(rule.rows)} lists in policies/controls.py"
    )


def test_every_control_says_what_it_means_and_every_public_id_is_cited():
    cited = {c for rule in RULES for c in rule.controls}
    for row, control in CONTROLS.items():
        assert control.meaning.endswith(".") and len(control.meaning) > 10, row
    # An ID nobody cites is either a typo or a control the pack claims without checking.
    uncited = sorted({i for c in CONTROLS.values() for i in c.public_ids} - cited)
    assert not uncited, f"public IDs in policies/controls.py that no rule cites: {uncited}"


def test_policy_pack_is_constructed_only_in_main():
    constructing = [
        path.relative_to(REPO)
        for folder in ("policies", "bulkhead")
        for path in (REPO / folder).rglob("*.py")
        if "venv" not in path.parts and "PolicyPack(" in path.read_text()  # policies/venv: the pack's own
    ]
    assert constructing == [Path("policies/__main__.py")]
    main = (REPO / "policies" / "__main__.py").read_text()
    # The pack loads its own folder as the package `policies`: no parent directory on sys.path.
    assert "submodule_search_locations" in main and "sys.path.insert" not in main
    assert "enforcement_level=DEFAULT_ENFORCEMENT" in main


def test_every_type_without_a_rule_is_a_real_sdk_type_with_a_reason():
    from bulkhead.selfcheck.sdk_types import all_sdk_types
    from policies.reviewed import REVIEWED_WITHOUT_RULES

    # Providers and the StackReference (the Kubernetes layer reads the AWS layer's outputs) are the
    # engine's own types, not the SDKs'.
    engine = {"pulumi:providers:aws", "pulumi:providers:kubernetes", "pulumi:pulumi:StackReference"}
    known = set(all_sdk_types()) | engine
    assert sorted(set(REVIEWED_WITHOUT_RULES) - known) == []
    assert all(len(reason) >= 20 for reason in REVIEWED_WITHOUT_RULES.values())
    assert list(REVIEWED_WITHOUT_RULES) == sorted(REVIEWED_WITHOUT_RULES)


def test_every_type_a_policy_checks_is_a_real_sdk_type():
    from bulkhead.selfcheck.sdk_types import all_sdk_types
    from policies.rule import EVERY_TYPE

    declared = {t for rule in RULES for t in rule.types if t != EVERY_TYPE}
    assert sorted(declared - set(all_sdk_types())) == []


def test_readme_and_catalog_carry_the_same_selfcheck_figure():
    assert catalog.SELFCHECK_FIGURE in (REPO / "README.md").read_text()
