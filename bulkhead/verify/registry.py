"""The explicit list of check modules, in report order; adding an area means adding its module here.

No check registers itself: each module exposes `CHECKS`, a tuple of `Check`, and this file is the
whole of what `bulkhead verify` runs (docs/verify.md, "Adding checks").
"""

from __future__ import annotations

from bulkhead.verify.checks import (
    alerts,
    audit,
    backup,
    cache,
    cluster,
    database,
    edge,
    keys,
    queues,
    releases,
    replication,
    runner,
    secrets,
)
from bulkhead.verify.model import Check

MODULES = (keys, database, cache, secrets, cluster, runner, backup, replication, edge, queues, alerts, audit, releases)

CHECKS: tuple[Check, ...] = tuple(check for module in MODULES for check in module.CHECKS)
