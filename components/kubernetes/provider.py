"""The Kubernetes provider of one EKS cluster, built from what the AWS layer exports about it.

The credentials come from `aws eks get-token` at each use (an exec plugin in the kubeconfig; nothing is
stored), so whatever applies the Kubernetes layer needs the AWS CLI on its PATH and an identity with
an EKS access entry on the cluster: the in-VPC runner (components/platform/runner.py) has both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s


@dataclass(frozen=True)
class KubernetesTarget:
    """The cluster a Kubernetes component applies its objects to.

    Attributes:
        name: The EKS cluster name.
        region: The cluster's region (pods get it as AWS_REGION).
        provider: The cluster's Kubernetes provider; every object goes through it.
    """

    name: pulumi.Input[str]
    region: str
    provider: k8s.Provider


def cluster_provider(
    resource_name: str,
    *,
    cluster_name: pulumi.Input[str],
    endpoint: pulumi.Input[str],
    certificate_authority: pulumi.Input[str],
    region: str,
) -> k8s.Provider:
    """A provider for one cluster: server-side apply, credentials from `aws eks get-token`."""
    kubeconfig = pulumi.Output.all(cluster_name, endpoint, certificate_authority).apply(
        lambda values: kubeconfig_json(
            cluster_name=values[0], endpoint=values[1], certificate_authority=values[2], region=region
        )
    )
    return k8s.Provider(resource_name, kubeconfig=kubeconfig, enable_server_side_apply=True)


def kubeconfig_json(*, cluster_name: str, endpoint: str, certificate_authority: str, region: str) -> str:
    """A kubeconfig whose credentials come from `aws eks get-token` at each use (nothing stored)."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {
                    "name": cluster_name,
                    "cluster": {"server": endpoint, "certificate-authority-data": certificate_authority},
                }
            ],
            "users": [
                {
                    "name": cluster_name,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "aws",
                            "args": [
                                "eks",
                                "get-token",
                                "--cluster-name",
                                cluster_name,
                                "--region",
                                region,
                                "--output",
                                "json",
                            ],
                            "interactiveMode": "Never",
                        }
                    },
                }
            ],
            "contexts": [{"name": cluster_name, "context": {"cluster": cluster_name, "user": cluster_name}}],
            "current-context": cluster_name,
        },
        sort_keys=True,
    )
