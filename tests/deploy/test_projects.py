"""The three Pulumi projects: the AWS layer at the root, one Kubernetes-layer project per cluster, all
reading the same stack files (Pulumi joins `stackConfigDir` and `main` to the project's folder)."""

import pytest
import yaml

from infra.layers import CLUSTER_ROLES, KUBERNETES_PROJECTS, aws_project_name, kubernetes_project_dir
from tests.deploy.pulumi_install import REPO, program_dir

PROJECTS = [REPO / "Pulumi.yaml", *(REPO / kubernetes_project_dir(role) / "Pulumi.yaml" for role in CLUSTER_ROLES)]


@pytest.mark.parametrize("project_file", PROJECTS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_project_reads_the_repositorys_stack_files_and_installs_with_pip_into_its_own_venv(project_file):
    document = yaml.safe_load(project_file.read_text())
    assert (project_file.parent / document["stackConfigDir"]).resolve() == REPO / "stacks"
    assert document["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": "venv"}}
    assert (program_dir(project_file) / "requirements.txt").is_file()
    assert (program_dir(project_file) / "__main__.py").is_file()


def test_project_names_are_the_ones_the_layers_and_the_runner_use():
    assert yaml.safe_load((REPO / "Pulumi.yaml").read_text())["name"] == aws_project_name() == "bulkhead"
    for role in CLUSTER_ROLES:
        document = yaml.safe_load((REPO / kubernetes_project_dir(role) / "Pulumi.yaml").read_text())
        assert document["name"] == KUBERNETES_PROJECTS[role]


def test_the_projects_virtualenvs_stay_out_of_git():
    ignored = (REPO / ".gitignore").read_text().splitlines()
    assert "/venv/" in ignored and "/policies/venv/" in ignored and "/infra/kubernetes/*/venv/" in ignored
