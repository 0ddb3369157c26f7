"""What the cluster's own controllers (cluster-autoscaler, metrics-server) share.

Each runs in kube-system as one service account named after the app, bound to its RBAC roles, in a
restricted Deployment at system-cluster-critical priority (application pods never starve it) with a
PodDisruptionBudget.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from components.kubernetes import objects as objects
from components.reference.kubernetes import SYSTEM_NAMESPACE as NAMESPACE


class SystemController(pulumi.ComponentResource):
    """Base of a cluster controller component: Kubernetes options, role bindings, Deployment and PDB."""

    def __init__(
        self,
        type_token: str,
        name: str,
        opts: pulumi.ResourceOptions | None,
        *,
        app: str,
        k8s_provider: k8s.Provider,
    ):
        super().__init__(type_token, name, None, opts)
        self._name = name
        self._app = app
        self._labels = objects.app_labels(app)
        self._k8s_provider = k8s_provider

    def _k8s(self, **kwargs: Any) -> pulumi.ResourceOptions:
        return objects.k8s_options(self, self._k8s_provider, **kwargs)

    def _bind(self, suffix: str, *, namespace: str | None, role_kind: str, role: str, binding: str) -> None:
        """Binds `role` to the controller's service account (`namespace` None: cluster-wide)."""
        objects.role_binding(
            f"{self._name}-{suffix}",
            name=binding,
            namespace=namespace,
            labels=self._labels,
            role_kind=role_kind,
            role=role,
            service_account=self._app,
            service_account_namespace=NAMESPACE,
            opts=self._k8s(),
        )

    def _deploy(
        self,
        container: Mapping[str, Any],
        *,
        replicas: int,
        uid: int,
        rollout: objects.RolloutArgs,
        pod_identity_role_arn: pulumi.Input[str] | None = None,
    ) -> None:
        """The service account (with a token: the controller talks to the API server), Deployment and PDB.

        `pod_identity_role_arn`: the AWS role the AWS layer associated with the service account, named
        on the pod template so that a new role rolls the pods."""
        app, labels = self._app, self._labels
        objects.service_account(
            f"{self._name}-sa", name=app, namespace=NAMESPACE, labels=labels, automount_token=True, opts=self._k8s()
        )
        pod = objects.pod_spec(
            service_account=app,
            containers=[container],
            labels=labels,
            uid=uid,
            automount_token=True,
            priority_class="system-cluster-critical",
        )
        objects.deployment(
            f"{self._name}-deployment",
            name=app,
            namespace=NAMESPACE,
            labels=labels,
            replicas=replicas,
            pod=pod,
            rollout=rollout,
            pod_annotations=(
                {objects.POD_IDENTITY_ROLE_ANNOTATION: pod_identity_role_arn} if pod_identity_role_arn else None
            ),
            opts=self._k8s(),
        )
        objects.disruption_budget(f"{self._name}-pdb", name=app, namespace=NAMESPACE, labels=labels, opts=self._k8s())
