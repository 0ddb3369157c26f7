"""Entry point Pulumi runs for `pulumi preview --policy-pack policies [--policy-pack-config FILE]`.

Pulumi runs this file (`python -m pulumi.policy ... <pack folder>`, which runs the folder's
`__main__.py`) with only the pack's folder on sys.path, and `pulumi policy publish` uploads only that
folder. The rules import each other as `policies.*`, so the folder itself is loaded here as the package
`policies`, whatever the folder is called: no parent directory is needed.
"""

import importlib.util
import sys
from pathlib import Path

PACK_DIR = Path(__file__).resolve().parent


def _load_pack_package() -> None:
    """Registers this folder as the package `policies` (its __init__.py, submodules found here)."""
    if "policies" in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(
        "policies", PACK_DIR / "__init__.py", submodule_search_locations=[str(PACK_DIR)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"{PACK_DIR} holds no policy pack package (no __init__.py)")
    package = importlib.util.module_from_spec(spec)
    sys.modules["policies"] = package
    spec.loader.exec_module(package)


_load_pack_package()

from pulumi_policy import PolicyPack  # noqa: E402

from policies.pack import DEFAULT_ENFORCEMENT, PACK_NAME, build_policies  # noqa: E402

PolicyPack(
    name=PACK_NAME,
    policies=build_policies(),
    enforcement_level=DEFAULT_ENFORCEMENT,
    description="Bulkhead controls: encryption, least privilege, exposure, backup/DR, logging, availability.",
)
