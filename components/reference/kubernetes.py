"""Kubernetes names both layers must agree on: where each cluster controller runs and the service
account its AWS role is bound to (the AWS layer creates the role and the Pod Identity association, the
Kubernetes layer creates the service account and the pods).
"""

from __future__ import annotations

SYSTEM_NAMESPACE = "kube-system"
# cluster-autoscaler runs as a service account of its own name (its Deployment and RBAC use it too).
CLUSTER_AUTOSCALER = "cluster-autoscaler"
METRICS_SERVER = "metrics-server"
