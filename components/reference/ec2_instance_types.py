"""EC2 instance types an EKS managed node group of this blueprint may use.

Two sources:
- which types exist: the `InstanceType` enum of the EC2 API model that botocore ships
  (`botocore/data/ec2/2016-11-15/service-2.json`), read at run time (botocore 1.44.8 when written,
  2026-11-29: 1437 types). A type AWS added after the installed botocore was built is unknown here.
- which families suit the nodes: Bulkhead's choice, read 2026-11-29 from "Amazon EC2 instance types"
  (docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html): current-generation general
  purpose (m), compute optimized (c) and memory optimized (r) families from the 5th generation on,
  and the burstable t3, t3a and t4g. Accelerated families (GPUs, Inferentia, Trainium) need other
  AMI types than the AL2023 STANDARD ones the node group uses; previous generations lack the Nitro
  features (ENA, NVMe EBS) AL2023 nodes rely on.
Architecture: the Graviton (arm64) families carry a `g` right after their generation digit (m7g,
c6gn, r8gd, t4g); the others are x86_64.
"""

from __future__ import annotations

import re
from functools import cache

import botocore.loaders

NODE_FAMILY = re.compile(r"([mcr][5-9][a-z]*(-flex)?|t3|t3a|t4g)\Z")
GRAVITON_FAMILY = re.compile(r"[a-z]+[0-9]+g")


@cache
def ec2_instance_types() -> frozenset[str]:
    """Every instance type the installed botocore's EC2 model lists."""
    model = botocore.loaders.Loader().load_service_model("ec2", "service-2")
    return frozenset(model["shapes"]["InstanceType"]["enum"])


def is_arm64(instance_type: str) -> bool:
    return bool(GRAVITON_FAMILY.match(instance_type))


def node_instance_type_problem(value: str) -> str | None:
    """Why `value` cannot be a node of the cluster, or None."""
    family, _, _size = value.partition(".")
    if value not in ec2_instance_types():
        return "is not an EC2 instance type (the EC2 API model botocore ships does not list it)"
    if not NODE_FAMILY.match(family):
        return (
            f"family {family!r} is not a node family: use general purpose, compute or memory optimized "
            "types from the 5th generation on (m7i, c7g, r6a, ...) or t3/t3a/t4g"
        )
    return None
