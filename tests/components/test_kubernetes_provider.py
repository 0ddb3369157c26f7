"""The Kubernetes provider of a cluster, built from what the AWS layer exports about it."""

import json

from components.kubernetes.provider import cluster_provider
from tests.support import record

ENDPOINT = "https://0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com"
CA = "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t"


def kubeconfig(region: str = "us-west-2") -> dict:
    recorded = record(
        lambda: cluster_provider(
            "eks-k8s", cluster_name="eks", endpoint=ENDPOINT, certificate_authority=CA, region=region
        ),
        region=region,
    )
    [provider] = recorded.of_type("pulumi:providers:kubernetes")
    assert provider.inputs["enableServerSideApply"] == "true"
    return json.loads(provider.inputs["kubeconfig"])


def test_credentials_come_from_aws_eks_get_token_at_each_use_and_nothing_is_stored():
    config = kubeconfig()
    [entry] = config["clusters"]
    assert entry["cluster"] == {"server": ENDPOINT, "certificate-authority-data": CA}
    [user] = config["users"]
    assert "token" not in user["user"]
    assert user["user"]["exec"]["command"] == "aws"
    assert user["user"]["exec"]["args"] == [
        "eks",
        "get-token",
        "--cluster-name",
        "eks",
        "--region",
        "us-west-2",
        "--output",
        "json",
    ]
    assert user["user"]["exec"]["interactiveMode"] == "Never"
