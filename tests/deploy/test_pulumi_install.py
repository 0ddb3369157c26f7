"""Does what Pulumi does: a fresh virtualenv from only what Pulumi reads, then the program (or the pack)
run from it, with no `pip install -e .` and no PYTHONPATH (tests/deploy/pulumi_install.py says what is
and is not proven)."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from infra.layers import KUBERNETES_PROJECTS, aws_project_name, kubernetes_project_dir
from policies.registry import RULES
from tests.deploy.pulumi_install import (
    REPO,
    InstallError,
    build_virtualenv,
    program_dir,
    read_requirements,
    resolve,
    run_isolated,
)

HARNESS = Path(__file__).with_name("harness.py")
STACK = "prod"  # both clusters, both runners, the rotation function: every program path
CONFIG = yaml.safe_load((REPO / "stacks" / f"Pulumi.{STACK}.yaml").read_text())["config"]


@pytest.fixture(scope="module")
def tooling(tmp_path_factory) -> Path:
    """A folder with only the recording mocks' package (`bulkhead`) in it, for the harness."""
    folder = tmp_path_factory.mktemp("tooling")
    (folder / "bulkhead").symlink_to(REPO / "bulkhead")
    return folder


def run(python: Path, cwd: Path, **arguments) -> dict:
    result = run_isolated(python, HARNESS, json.dumps(arguments), cwd)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_layer(python: Path, tooling: Path, project_file: Path, *, layer: str, stack_outputs=None) -> dict:
    directory = program_dir(project_file)
    return run(
        python,
        directory,
        mode="program",
        tooling=str(tooling),
        program_dir=str(directory),
        project=yaml.safe_load(project_file.read_text())["name"],
        stack=STACK,
        config=CONFIG,
        region=CONFIG["aws:region"],
        layer=layer,
        stack_outputs=stack_outputs or {},
    )


@pytest.fixture(scope="module")
def aws_layer(tmp_path_factory, tooling) -> dict:
    project_file = REPO / "Pulumi.yaml"
    python = build_virtualenv(tmp_path_factory.mktemp("aws") / "venv", program_dir(project_file) / "requirements.txt")
    return run_layer(python, tooling, project_file, layer="aws")


@pytest.fixture(scope="module")
def kubernetes_python(tmp_path_factory) -> Path:
    # Both clusters' projects run the same program directory, so they install the same requirements.
    project_file = REPO / kubernetes_project_dir("primary") / "Pulumi.yaml"
    return build_virtualenv(
        tmp_path_factory.mktemp("kubernetes") / "venv", program_dir(project_file) / "requirements.txt"
    )


def test_the_aws_layer_runs_from_a_virtualenv_of_its_program_directorys_requirements(aws_layer):
    assert program_dir(REPO / "Pulumi.yaml") == REPO / "infra"
    assert aws_layer["resources"] > 300
    assert "aws:codebuild/project:Project" in aws_layer["types"]
    assert not [t for t in aws_layer["types"] if t.startswith(("kubernetes:", "pulumi:providers:kubernetes"))]
    assert "pulumi_kubernetes" not in aws_layer["modules"]  # not installed: its plugin is not downloaded either
    assert set(aws_layer["outputs"]["kubernetes"]["clusters"]) == {"primary", "standby"}


@pytest.mark.parametrize("role", ["primary", "standby"])
def test_each_kubernetes_layer_runs_from_its_own_virtualenv_with_the_aws_layers_outputs(
    aws_layer, kubernetes_python, tooling, role
):
    project_file = REPO / kubernetes_project_dir(role) / "Pulumi.yaml"
    assert program_dir(project_file) == REPO / "infra" / "kubernetes"
    reference = f"organization/{aws_project_name()}/{STACK}"
    recorded = run_layer(
        kubernetes_python, tooling, project_file, layer="kubernetes", stack_outputs={reference: aws_layer["outputs"]}
    )
    assert yaml.safe_load(project_file.read_text())["name"] == KUBERNETES_PROJECTS[role]
    assert "kubernetes:apps/v1:Deployment" in recorded["types"]
    assert not [t for t in recorded["types"] if t.startswith(("aws:", "pulumi:providers:aws"))]
    assert "pulumi_aws" not in recorded["modules"]  # not installed: the runner downloads no AWS plugin


def test_the_pack_loads_from_a_copy_of_its_folder_alone(tmp_path):
    # Whatever the folder is called, as `pulumi policy publish` uploads it.
    pack = tmp_path / "acme-guardrails"
    shutil.copytree(REPO / "policies", pack, ignore=shutil.ignore_patterns("venv", "__pycache__"))
    assert program_dir(pack / "PulumiPolicy.yaml") == pack
    python = build_virtualenv(tmp_path / "venv", pack / "requirements.txt")
    loaded = run(python, pack, mode="pack", pack_dir=str(pack))
    assert loaded["policies"] == [rule.name for rule in RULES]
    assert loaded["name"] == "bulkhead" and loaded["enforcement"] == "EnforcementLevel.MANDATORY"
    assert not {"infra", "components", "bulkhead", "jsonschema", "pulumi_aws"} & set(loaded["modules"])


def test_the_pack_needs_pulumi_policy_with_the_metadata_it_uses():
    [policy] = [r for r in read_requirements(REPO / "policies" / "requirements.txt") if r.name == "pulumi-policy"]
    assert not policy.specifier.contains("1.17.0") and policy.specifier.contains("1.18.0")


def test_without_its_own_requirements_the_program_directory_gets_an_empty_virtualenv(tmp_path, tooling):
    # What happened before infra/requirements.txt existed: Pulumi read no requirements (the root's is not
    # the program directory's), the virtualenv stayed empty and the program died importing pulumi.
    empty = tmp_path / "requirements.txt"
    empty.write_text("")
    python = build_virtualenv(tmp_path / "venv", empty)
    result = run_isolated(python, HARNESS, json.dumps({"mode": "program", "tooling": str(tooling)}), REPO / "infra")
    assert result.returncode != 0 and "No module named 'pulumi'" in result.stderr


def test_a_requirement_missing_from_the_list_fails_the_program(tmp_path, tooling):
    partial = tmp_path / "requirements.txt"
    partial.write_text("pulumi>=3.200,<4\npulumi-aws>=7.10,<8\nPyYAML>=6.0,<7\n")  # no pydantic
    python = build_virtualenv(tmp_path / "venv", partial)
    result = run_isolated(
        python,
        HARNESS,
        json.dumps(
            {
                "mode": "program",
                "tooling": str(tooling),
                "program_dir": str(REPO / "infra"),
                "project": "bulkhead",
                "stack": STACK,
                "config": CONFIG,
                "region": CONFIG["aws:region"],
                "layer": "aws",
                "stack_outputs": {},
            }
        ),
        REPO / "infra",
    )
    assert result.returncode != 0 and "No module named 'pydantic'" in result.stderr


def test_a_range_the_installed_version_does_not_meet_is_refused(tmp_path):
    impossible = tmp_path / "requirements.txt"
    impossible.write_text("pulumi>=99\n")
    with pytest.raises(InstallError, match=r"pulumi>=99 \(wanted by the requirements file\): .* is installed"):
        resolve(read_requirements(impossible))


def test_every_program_range_is_the_one_the_cli_installs():
    # One range per package: the root requirements (the CLI and tests) hold each program's lines.
    root = {r.name.lower(): str(r.specifier) for r in read_requirements(REPO / "requirements.txt")}
    for listing in ("infra/requirements.txt", "infra/kubernetes/requirements.txt", "policies/requirements.txt"):
        for requirement in read_requirements(REPO / listing):
            assert root.get(requirement.name.lower()) == str(requirement.specifier), (listing, str(requirement))
