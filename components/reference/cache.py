"""What ElastiCache (Valkey, Redis OSS) accepts, as the cache component and the settings check it.

Sources, read 2026-11-29:
- node types: the `CacheNode` reference of the ElastiCache API (docs.aws.amazon.com/AmazonElastiCache/
  latest/APIReference/API_CacheNode.html), current generation. `cache.r6gd` is left out: its nodes
  require data tiering, which the component does not turn on. `cache.t*` are burstable (refused in
  prod and for a global datastore).
- engine versions: "Supported engines and versions" of the ElastiCache user guide; the component
  authenticates clients with IAM ("Authenticating with IAM"), which needs Valkey 7.2+ or Redis OSS 7.0+.
- global datastores: "Global datastores: prerequisites and limitations" (members on non-burstable node
  families, size large and above; a secondary inherits Multi-AZ and automatic failover from the
  primary, and automatic failover needs at least two nodes).
- user ids: "Role-Based Access Control (RBAC)" of the user guide: up to 40 characters, a letter first,
  letters, digits and hyphens, no trailing hyphen or two hyphens in a row.

Problem messages say what is allowed and never quote the value: the caller adds it.
"""

from __future__ import annotations

_LARGE_TO_16XLARGE = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
_M5_R5_SIZES = ("large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge")
_BURSTABLE_SIZES = ("micro", "small", "medium")
NODE_SIZES: dict[str, tuple[str, ...]] = {
    "cache.t3": _BURSTABLE_SIZES,
    "cache.t4g": _BURSTABLE_SIZES,
    "cache.m5": _M5_R5_SIZES,
    "cache.m6g": _LARGE_TO_16XLARGE,
    "cache.m7g": _LARGE_TO_16XLARGE,
    "cache.r5": _M5_R5_SIZES,
    "cache.r6g": _LARGE_TO_16XLARGE,
    "cache.r7g": _LARGE_TO_16XLARGE,
}
NODE_TYPES: frozenset[str] = frozenset(f"{family}.{size}" for family, sizes in NODE_SIZES.items() for size in sizes)
BURSTABLE_NODE_PREFIXES = ("cache.t3.", "cache.t4g.")
ENGINE_VERSIONS: dict[str, tuple[str, ...]] = {
    "valkey": ("7.2", "8.0", "8.1"),
    "redis": ("7.0", "7.1"),
}
MAX_NODES = 6
# Automatic failover (and Multi-AZ) need a primary and at least one replica.
MIN_NODES_WITH_FAILOVER = 2
MAX_USER_ID_LENGTH = 40


def node_type_problem(value: str) -> str | None:
    """Why `value` is not a cache node type the component accepts, or None."""
    if value in NODE_TYPES:
        return None
    return f"must be an ElastiCache node type such as cache.r7g.large (families {', '.join(NODE_SIZES)})"


def global_datastore_node_problem(node_type: str) -> str | None:
    """Why `node_type` cannot be a global datastore member, or None (every non-burstable type in
    `NODE_TYPES` is size large or above)."""
    if node_type.startswith(BURSTABLE_NODE_PREFIXES):
        return "a global datastore needs a non-burstable node type of size large or above"
    return None
