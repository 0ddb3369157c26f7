"""The lean SDK import mechanism loads exactly the classes the full service packages export."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bulkhead.plan import lean_imports

REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("sdk_probe.py")
# `aws.ec2.Vpc`, `k8s.core.v1.Service`: how the program names SDK members (import pulumi_aws as aws, ...).
SDK_REFERENCE = re.compile(r"(?<![\w.\"'])(?:(aws)\.([a-z0-9_]+)|(k8s)\.([a-z0-9_]+\.v[a-z0-9]+))\.([A-Za-z_]\w*)")
ALIASES = {"aws": "pulumi_aws", "k8s": "pulumi_kubernetes"}


def used_sdk_names() -> list[list[str]]:
    found = set()
    for path in [*REPO_ROOT.glob("components/**/*.py"), *REPO_ROOT.glob("infra/**/*.py")]:
        for match in SDK_REFERENCE.finditer(path.read_text(encoding="utf-8")):
            alias, package = (match[1], match[2]) if match[1] else (match[3], match[4])
            found.add((f"{ALIASES[alias]}.{package}", match[5]))
    return sorted([list(pair) for pair in found])


def probe(*flags: str) -> dict:
    completed = subprocess.run(
        [sys.executable, str(PROBE), *flags],
        input=json.dumps(used_sdk_names()),
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    return json.loads(completed.stdout)


@pytest.fixture(scope="module")
def full_and_lean() -> tuple[dict, dict]:
    return probe(), probe("--lean")


def test_the_program_names_sdk_members_the_probe_can_find():
    packages = {package for package, _ in used_sdk_names()}
    assert {"pulumi_aws.ec2", "pulumi_aws.iam", "pulumi_kubernetes.apps.v1", "pulumi_kubernetes.core.v1"} <= packages


def test_every_name_the_program_uses_is_the_same_class_as_from_the_full_package(full_and_lean):
    full, lean = full_and_lean
    assert lean["names"] == full["names"]


def test_every_service_package_the_program_uses_loads_lean(full_and_lean):
    # Fails when an SDK release generates its packages differently: the finder then loads them whole
    # (correct, but slow), and lean_imports.py must learn the new layout.
    _, lean = full_and_lean
    assert {package for package, found in lean["packages"].items() if not found["lean"]} == set()


def test_the_lean_index_maps_every_public_name_of_a_package_to_its_defining_module(full_and_lean):
    full, _ = full_and_lean
    assert not any(found["lean"] for found in full["packages"].values()), "the reference run must load whole"
    assert {package: found["disagreements"] for package, found in full["packages"].items()} == {
        package: [] for package in full["packages"]
    }


def test_a_package_with_any_other_statement_is_loaded_whole(tmp_path):
    package = tmp_path / "__init__.py"
    package.write_text("from .thing import *\nimport sys\n")
    (tmp_path / "thing.py").write_text("__all__ = ['Thing']\n")
    assert lean_imports.package_layout(package) is None


def test_a_star_imported_module_without_a_literal_all_makes_the_package_load_whole(tmp_path):
    package = tmp_path / "__init__.py"
    package.write_text("import typing\nfrom .thing import *\nfrom . import outputs\n")
    (tmp_path / "thing.py").write_text("class Thing: ...\n")
    assert lean_imports.package_layout(package) is None


def test_a_later_star_import_wins_as_in_the_package_itself(tmp_path):
    package = tmp_path / "__init__.py"
    package.write_text("from .first import *\nfrom .second import *\nfrom . import outputs\n")
    (tmp_path / "first.py").write_text("__all__ = ['Shared', 'One']\n")
    (tmp_path / "second.py").write_text("__all__ = [\n    'Shared',\n]\n")
    exports, submodules = lean_imports.package_layout(package)
    assert exports == {"Shared": "second", "One": "first"}
    assert submodules == {"outputs", "first", "second"}
