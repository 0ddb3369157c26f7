"""What ElastiCache (Valkey, Redis OSS) accepts, as the cache component and the settings check it.

Sources (read 2026-11): ElastiCache User Guide "Supported node types", "Authenticating with IAM"
(IAM auth needs Valkey 7.2+ or Redis OSS 7+), and "Global datastores: prerequisites and limitations"
(members on node families M5, M6g, M7g, R5, R6g, R6gd, R7g, C7gn, size large and above; a secondary
inherits Multi-AZ and automatic failover from the primary, and automatic failover needs at least two
nodes).
"""

from __future__ import annotations

import re

ENGINE_VERSIONS = {
    "valkey": ("7.2", "8.0", "8.1"),
    "redis": ("7.0", "7.1"),
}
NODE_TYPE_PATTERN = re.compile(r"^cache\.(t3|t4g|m5|m6g|m7g|r5|r6g|r6gd|r7g)\.(micro|small|medium|large|\d*xlarge)$")
MAX_NODES = 6
BURSTABLE_NODE_PREFIXES = ("cache.t3.", "cache.t4g.")
# Automatic failover (and Multi-AZ) need a primary and at least one replica.
MIN_NODES_WITH_FAILOVER = 2
GLOBAL_DATASTORE_SIZES = re.compile(r"^cache\.[a-z0-9]+\.(large|\d*xlarge)$")


def global_datastore_node_problem(node_type: str) -> str | None:
    """Why `node_type` cannot be a global datastore member, or None."""
    if node_type.startswith(BURSTABLE_NODE_PREFIXES) or not GLOBAL_DATASTORE_SIZES.match(node_type):
        return f"a global datastore needs a non-burstable node type of size large or above (got {node_type!r})"
    return None
