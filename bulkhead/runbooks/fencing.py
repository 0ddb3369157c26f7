"""Fencing: before any writer moves, writes to the old primary must be stopped, or clients keep writing
to a database that is being demoted (a switchover turns them into errors; a failover loses them).

The runbook has no Kubernetes or database access, so it cannot stop writes itself: it refuses to move
a writer until the operator says how writes were stopped (`--writes-stopped`), records that in the
report, and prints the documented ways to do it, with what each does and does not cover.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bulkhead.runbooks.outputs import StackOutputs

# `--writes-stopped` values: what the operator attests to.
FENCING_METHODS = {
    "scaled-to-zero": "the services' Deployments in the old primary region are scaled to 0 replicas",
    "connect-revoked": "CONNECT on the database is revoked from the application users and their sessions ended",
    "confirmed": "writes to the old primary are stopped by other means",
}


def fencing_options(outputs: StackOutputs, source: str) -> list[str]:
    """How to stop writes to `source`, one line per documented option, with the stack's own names."""
    cluster = outputs.cluster_name or "<cluster name>"
    namespaces = sorted({service.namespace for service in outputs.services}) or ["<namespace>"]
    scale = "; ".join(f"kubectl -n {namespace} scale deployment --all --replicas=0" for namespace in namespaces)
    return [
        f"--writes-stopped=scaled-to-zero: aws eks update-kubeconfig --region {source} --name {cluster}; {scale}. "
        "Stops the services' pods (an HPA leaves a Deployment scaled to 0 alone). Does not stop other "
        "writers (jobs, consoles, migrations), and the next deploy restores the replica counts.",
        "--writes-stopped=connect-revoked: on the primary, REVOKE CONNECT ON DATABASE <database> FROM PUBLIC "
        "and from each application user, then end their sessions (pg_terminate_backend). Stops every "
        "client of the database; needs the primary to answer.",
        "--writes-stopped=confirmed: writes are stopped some other way (the region is down for clients, "
        "traffic is drained). Recorded as said; nothing is verified.",
    ]
