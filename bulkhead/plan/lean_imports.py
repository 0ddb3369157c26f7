"""Loads Pulumi SDK resource modules one by one instead of whole service packages.

`aws.ec2.Vpc` imports `pulumi_aws.ec2`, whose `__init__.py` star-imports every module of the service
(180 for EC2, each defining a resource, its args and state classes): most of the plan's import time goes
to classes the program never uses. With the finder installed, such a package is created empty and each
name is imported from the module that defines it on first access; every other module (and every
package whose `__init__.py` does anything else) loads as usual.

It relies on how pulumi-aws 7.x and pulumi-kubernetes 4.x generate a service package (what
requirements.txt allows): an `__init__.py` of only `from .<module> import *` and `from . import outputs`
lines (plus the `_utilities`, `builtins` and `typing` imports), each star-imported module naming its
exports in a literal `__all__`. A package that does not have that exact shape is loaded the usual way;
tests/plan/test_lean_imports.py checks that every class the program uses still comes from the
package the SDK defines, and fails when a package the program uses stops having that shape.

Install it before the SDKs are first imported: `install()`.
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

SDK_PACKAGES = ("pulumi_aws", "pulumi_kubernetes")

# The statements a generated service package's __init__.py may hold (blank lines and comments aside).
_BOILERPLATE = re.compile(r"import builtins as _builtins|import typing|from \.+ import _utilities")
_STAR_IMPORT = re.compile(r"from \.(\w+) import \*")
_SUBMODULE_IMPORT = re.compile(r"from \. import (\w+)")
_ALL_START = "__all__ = ["


class LeanPackageFinder:  # a meta path finder (importlib.abc is not imported: it costs more than this module)
    """Gives the SDKs' packages a loader that leaves generated service packages empty until used."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None):
        if fullname.partition(".")[0] not in SDK_PACKAGES or "." not in fullname:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.submodule_search_locations is None or spec.origin is None:
            return spec
        # A duck-typed loader: importing importlib.abc for the base class costs more than this module saves.
        spec.loader = LeanPackageLoader(spec.loader, Path(spec.origin))  # type: ignore[assignment]
        return spec


class LeanPackageLoader:
    def __init__(self, loader: Any, init_file: Path):
        self._loader = loader
        self._init_file = init_file

    def create_module(self, spec):
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        layout = package_layout(self._init_file)
        if layout is None:
            self._loader.exec_module(module)
            return
        exports, submodules = layout
        module.__dict__["__getattr__"] = _member_loader(module.__name__, exports, submodules)


def package_layout(init_file: Path) -> tuple[dict[str, str], frozenset[str]] | None:
    """(name -> defining module, plain submodule attributes) of a generated service package, else None."""
    star_modules: list[str] = []
    submodules: set[str] = set()
    for line in init_file.read_text(encoding="utf-8").splitlines():
        statement = line.strip()
        if not statement or statement.startswith("#") or _BOILERPLATE.fullmatch(statement):
            continue
        if star := _STAR_IMPORT.fullmatch(statement):
            star_modules.append(star.group(1))
        elif submodule := _SUBMODULE_IMPORT.fullmatch(statement):
            submodules.add(submodule.group(1))
        else:
            return None
    exports: dict[str, str] = {}
    for module in star_modules:  # in import order: a later star import wins, as in the package itself
        names = declared_exports(init_file.with_name(f"{module}.py"))
        if names is None:
            return None
        exports.update(dict.fromkeys(names, module))
    # A star-imported module is also an attribute of its package, unless one of its names shadows it.
    return exports, frozenset(submodules.union(star_modules))


def declared_exports(module_file: Path) -> list[str] | None:
    """The literal `__all__` of a module, read from its source without running it; None without one."""
    if not module_file.is_file():
        return None
    with module_file.open(encoding="utf-8") as source:
        lines = iter(source)
        for line in lines:
            if line.startswith(_ALL_START):
                text = [line]
                while "]" not in text[-1]:
                    text.append(next(lines))
                value = ast.literal_eval("".join(text).partition("=")[2].strip())
                return list(value) if isinstance(value, list) else None
    return None


def _member_loader(package: str, exports: dict[str, str], submodules: frozenset[str]):
    def __getattr__(name: str) -> Any:  # noqa: N807 - the module attribute hook (PEP 562)
        module = exports.get(name)
        if module is None:
            if name in submodules:
                return importlib.import_module(f"{package}.{name}")
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


def install() -> None:
    """Puts the finder first on the import path, once; SDK packages imported after this load lean."""
    if not any(isinstance(finder, LeanPackageFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, LeanPackageFinder())
