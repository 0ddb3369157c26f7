"""Entry point Pulumi runs for `pulumi preview --policy-pack policies [--policy-pack-config FILE]`."""

import sys
from pathlib import Path

# Pulumi runs this file as a script from policies/; the rules import `policies.*` from the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulumi_policy import PolicyPack  # noqa: E402

from policies.pack import DEFAULT_ENFORCEMENT, PACK_NAME, build_policies  # noqa: E402

PolicyPack(
    name=PACK_NAME,
    policies=build_policies(),
    enforcement_level=DEFAULT_ENFORCEMENT,
    description="Bulkhead controls: encryption, least privilege, exposure, backup/DR, logging, availability.",
)
