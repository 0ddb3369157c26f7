"""Kubernetes namespaces a workload must not take: the system's own, and those AWS agents install into.

Sources, read 2026-11-29: Kubernetes "Namespaces" (the `default` namespace and the `kube-` prefix,
reserved for Kubernetes system namespaces: kubernetes.io/docs/concepts/overview/working-with-objects/
namespaces/); the Amazon EKS user guide for the agents AWS installs: CloudWatch Observability add-on
(`amazon-cloudwatch`), GuardDuty Runtime Monitoring (`amazon-guardduty`), Fargate logging
(`aws-observability`). This blueprint's own controllers (cluster-autoscaler, metrics-server) run in
`kube-system`. `default` is also the built-in ElastiCache user that every cache disables.
"""

from __future__ import annotations

RESERVED_NAMESPACES = frozenset({"default", "amazon-cloudwatch", "amazon-guardduty", "aws-observability"})
RESERVED_PREFIX = "kube-"


def namespace_problem(name: str) -> str | None:
    """Why a service cannot own the namespace `name`, or None."""
    if name in RESERVED_NAMESPACES or name.startswith(RESERVED_PREFIX):
        return (
            f"must not be a system namespace ({RESERVED_PREFIX}*, {', '.join(sorted(RESERVED_NAMESPACES))}): "
            "each service owns the namespace named after it"
        )
    return None
