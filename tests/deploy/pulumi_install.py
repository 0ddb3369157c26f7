"""What Pulumi's pip toolchain does before it runs a program or a policy pack, done offline.

Read in the Pulumi CLI source (pulumi/pulumi): pkg/engine/project.go `getPwdMain` (the program
directory is the project root joined with `main`); sdk/python/toolchain/pip.go (`virtualenv` is
resolved against the project root; `pip install -r requirements.txt` runs in the program directory,
whose requirements.txt is the only one read); sdk/python/cmd/pulumi-language-python (a policy pack's
`main` is its own folder; the program and the pack are run with `runpy.run_path(<folder>)`).

Offline, `pip install -r` is replaced by what it would resolve to here: the closure of the
requirements over the distributions installed in the test's interpreter (each must satisfy its
specifier), linked into a fresh virtualenv that has nothing else, not even pip. What this cannot
prove is that PyPI serves those versions: it proves the requirements name everything the program
imports, within the declared ranges, and that nothing else (no `pip install -e .`, no PYTHONPATH)
is needed.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import subprocess
import sys
import venv
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]


class InstallError(AssertionError):
    """What pip would refuse (or not find): the message names the requirement."""


def program_dir(project_file: Path) -> Path:
    """The directory Pulumi runs a project's program from, and reads requirements.txt in (`main`)."""
    document = yaml.safe_load(project_file.read_text(encoding="utf-8")) or {}
    return (project_file.parent / document.get("main", ".")).resolve()


def read_requirements(path: Path) -> list[Requirement]:
    """The requirements pip reads from `path`, following `-r` includes relative to the including file."""
    requirements: list[Requirement] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith(("-r ", "--requirement ")):
            requirements += read_requirements(path.parent / line.split(None, 1)[1])
        elif line.startswith("-"):
            raise InstallError(f"{path}: {line!r}: only requirements and -r includes are supported here")
        else:
            requirements.append(Requirement(line))
    return requirements


def resolve(requirements: list[Requirement]) -> dict[str, metadata.Distribution]:
    """The installed distributions pip would install for `requirements`, by canonical name."""
    chosen: dict[str, metadata.Distribution] = {}
    pending = [(requirement, "the requirements file") for requirement in requirements]
    while pending:
        requirement, wanted_by = pending.pop()
        name = canonicalize_name(requirement.name)
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise InstallError(f"{requirement} (wanted by {wanted_by}) is not installed here") from None
        if not requirement.specifier.contains(distribution.version, prereleases=True):
            raise InstallError(f"{requirement} (wanted by {wanted_by}): {distribution.version} is installed")
        extras = set(requirement.extras)
        if name in chosen and not extras:
            continue
        chosen[name] = distribution
        for dependency in map(Requirement, distribution.requires or []):
            environments = [{"extra": extra} for extra in sorted(extras)] or [{"extra": ""}]
            if dependency.marker is None or any(dependency.marker.evaluate(env) for env in environments):
                pending.append((dependency, f"{distribution.metadata['Name']} {distribution.version}"))
    return chosen


def _entries(distribution: metadata.Distribution) -> set[tuple[str, ...]]:
    """The first two components of every file the distribution installed into its site-packages (read
    from RECORD as text: walking `files` as paths is far slower for the large provider SDKs)."""
    record = distribution.read_text("RECORD")
    if record is None:
        raise InstallError(f"{distribution.metadata['Name']}: its installed files are not recorded")
    entries = set()
    for line in record.splitlines():
        path = line.split(",", 1)[0].split("/")
        if path[0] and path[0] != ".." and "__pycache__" not in path[:2]:
            entries.add(tuple(path[:2]))
    return entries


def build_virtualenv(target: Path, requirements_file: Path) -> Path:
    """A fresh virtualenv at `target` holding exactly what `pip install -r requirements_file` resolves to;
    returns its python."""
    chosen = resolve(read_requirements(requirements_file))
    venv.EnvBuilder(with_pip=False, system_site_packages=False, symlinks=True).create(target)
    site = target / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    mine = {name: _entries(distribution) for name, distribution in chosen.items()}
    roots = {Path(distribution.locate_file("")) for distribution in chosen.values()}
    # Folders that distributions outside the closure also fill (namespace packages such as `google`):
    # only the closure's own entries inside them are linked.
    shared = {
        entry[0]
        for distribution in metadata.distributions()
        if canonicalize_name(distribution.metadata["Name"]) not in chosen
        and Path(distribution.locate_file("")) in roots
        for entry in _top_levels(distribution)
    }
    for name, distribution in chosen.items():
        root = Path(distribution.locate_file(""))
        for entry in mine[name]:
            parts = entry if entry[0] in shared and len(entry) > 1 else entry[:1]
            link = site.joinpath(*parts)
            if not link.exists() and not link.is_symlink():
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(root.joinpath(*parts))
    return target / "bin" / "python"


def _top_levels(distribution: metadata.Distribution) -> set[tuple[str]]:
    """Top-level names a distribution installed, from the cheap `top_level.txt` when it has one."""
    listed = distribution.read_text("top_level.txt")
    if listed is not None:
        return {(name.strip(),) for name in listed.splitlines() if name.strip()}
    return {entry[:1] for entry in _entries(distribution)}


def run_isolated(python: Path, script: Path, argument: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Runs `script` with the virtualenv's python as Pulumi would: no PYTHONPATH, no user site, no
    current-directory import path (-I), from `cwd`."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    return subprocess.run(
        [str(python), "-I", str(script), argument],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
