"""Run in a fresh interpreter by test_lean_imports.py: where each SDK name the program uses comes from.

Reads JSON [[package, name], ...] on stdin; with --lean installs the lean finder first. Prints JSON:
for each name its defining module and qualified name; for each package whether it loaded lean and,
when loaded whole, the public names on which the lean index disagrees with the package.
"""

import importlib
import inspect
import json
import sys
from pathlib import Path

from bulkhead.plan import lean_imports

if "--lean" in sys.argv:
    lean_imports.install()
used = json.load(sys.stdin)
names = {}
for package, name in used:
    value = getattr(importlib.import_module(package), name)
    names[f"{package}.{name}"] = [value.__module__, value.__qualname__]
packages = {}
for package in sorted({package for package, _ in used}):
    module = sys.modules[package]
    lean = "__getattr__" in vars(module)
    disagreements = []
    if not lean:
        public = {n: v for n, v in vars(module).items() if not n.startswith("_") and not inspect.ismodule(v)}
        exports, _ = lean_imports.package_layout(Path(module.__file__))
        disagreements = sorted(
            name
            for name in set(public) | set(exports)
            if name not in public
            or name not in exports
            or getattr(importlib.import_module(f"{package}.{exports[name]}"), name) is not public[name]
        )
    packages[package] = {"lean": lean, "disagreements": disagreements}
print(json.dumps({"names": names, "packages": packages}))
