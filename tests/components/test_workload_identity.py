"""The AWS side of a workload: a Pod Identity role for one service account, and its association."""

import pytest

from components.platform.workload_identity import WorkloadIdentity, WorkloadIdentityArgs
from components.support.workload_identity import ClusterAccess
from tests.support import ACCOUNT_ID, in_provider, policy_document, provider, record

CLUSTER_ARN = f"arn:aws:eks:us-east-1:{ACCOUNT_ID}:cluster/eks"
BOUNDARY = f"arn:aws:iam::{ACCOUNT_ID}:policy/workload-boundary"
CLUSTER = ClusterAccess(
    name="eks", arn=CLUSTER_ARN, account_id=ACCOUNT_ID, region="us-east-1", workload_boundary_arn=BOUNDARY
)


@pytest.fixture(scope="module")
def recorded():
    return record(
        lambda: WorkloadIdentity(
            "eks-api",
            WorkloadIdentityArgs(cluster=CLUSTER, namespace="api", service_account="api"),
            opts=in_provider(provider()),
        )
    )


def test_role_trusts_only_this_clusters_service_account_and_starts_empty(recorded):
    role = recorded.one("aws:iam/role:Role")
    assert policy_document(role, "assumeRolePolicy")["Statement"] == [
        {
            "Sid": "EksPodIdentityForOneServiceAccount",
            "Effect": "Allow",
            "Action": ["sts:AssumeRole", "sts:TagSession"],
            "Principal": {"Service": "pods.eks.amazonaws.com"},
            "Condition": {
                "StringEquals": {
                    "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
                    "aws:RequestTag/kubernetes-namespace": "api",
                    "aws:RequestTag/kubernetes-service-account": "api",
                }
            },
        }
    ]
    assert role.inputs["permissionsBoundary"] == BOUNDARY
    # The data tier's grant_* methods add exactly what the service declares it needs.
    assert not recorded.of_type("aws:iam/rolePolicy:RolePolicy")


def test_the_association_binds_the_role_to_the_service_account(recorded):
    association = recorded.one("aws:eks/podIdentityAssociation:PodIdentityAssociation").inputs
    assert association == {
        "clusterName": "eks",
        "namespace": "api",
        "serviceAccount": "api",
        "roleArn": recorded.one("aws:iam/role:Role").outputs["arn"],
    }


def test_a_workload_identity_creates_no_kubernetes_object(recorded):
    assert {r.type.split(":")[0] for r in recorded.records if r.custom} == {"aws", "pulumi"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"namespace": "Api"}, r"WorkloadIdentityArgs.namespace: must be a DNS label such as 'api' \(got 'Api'\)"),
        ({"service_account": "-x"}, r"WorkloadIdentityArgs.service_account: must be a DNS label"),
        (
            {"cluster": ClusterAccess(name="eks", arn=CLUSTER_ARN, account_id=ACCOUNT_ID, region="us-east-1")},
            r"WorkloadIdentityArgs.bounded: the cluster has no workload_boundary_arn",
        ),
    ],
)
def test_bad_args_name_the_field_and_value(overrides, message):
    with pytest.raises(ValueError, match=message):
        WorkloadIdentityArgs(**{"cluster": CLUSTER, "namespace": "api", "service_account": "api", **overrides})
