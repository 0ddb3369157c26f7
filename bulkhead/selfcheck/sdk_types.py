"""Every resource type the installed pulumi-aws and pulumi-kubernetes SDKs (and the Pulumi SDK) can create.

Each SDK registers its resource modules with a JSON list (module -> class -> type token) in its package
`__init__`; reading that list from the file avoids importing hundreds of modules.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path

PACKAGES = ("pulumi_aws", "pulumi_kubernetes")
# Resource types of the Pulumi SDK itself that a program registers (pulumi.StackReference reads another
# stack's outputs: the account baseline's owner).
CORE_TYPES = ("pulumi:pulumi:StackReference",)
_MODULES = re.compile(r'resource_modules="""(.*?)"""', re.S)


@functools.cache
def sdk_types(package: str) -> tuple[str, ...]:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ValueError(f"{package} is not installed")
    match = _MODULES.search(Path(spec.origin).read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{package}: no resource module registry in {spec.origin}")
    return tuple(sorted({token for module in json.loads(match.group(1)) for token in module.get("classes", {})}))


def all_sdk_types() -> tuple[str, ...]:
    return (*CORE_TYPES, *(t for package in PACKAGES for t in sdk_types(package)))
