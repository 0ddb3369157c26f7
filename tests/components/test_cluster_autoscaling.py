"""cluster-autoscaler and metrics-server: their AWS side (the cluster's AWS layer) and their Kubernetes
objects (the Kubernetes layer), each recorded under the mocks."""

import pulumi_kubernetes as k8s
import pytest

from components.kubernetes.autoscaler import ClusterAutoscaler, ClusterAutoscalerArgs
from components.kubernetes.metrics import MetricsServer, MetricsServerArgs
from components.kubernetes.objects import POD_IDENTITY_ROLE_ANNOTATION
from components.kubernetes.provider import KubernetesTarget
from components.platform.cluster_autoscaling import DISCOVERY_ACTIONS
from tests.components.k8s_records import NETWORK_POLICY, named
from tests.components.test_cluster import CLUSTER, build_cluster
from tests.support import ACCOUNT_ID, policy_document, record

DEPLOYMENT = "kubernetes:apps/v1:Deployment"
AUTOSCALER_ROLE = f"arn:aws:iam::{ACCOUNT_ID}:role/eks-autoscaler-role"
AUTOSCALER_IMAGE = "registry.k8s.io/autoscaling/cluster-autoscaler:v1.36.1"
METRICS_IMAGE = "registry.k8s.io/metrics-server/metrics-server:v0.8.1"


def target(provider=None) -> KubernetesTarget:
    return KubernetesTarget(name="eks", region="us-east-1", provider=provider)


def build_controllers():
    def program():
        provider = k8s.Provider("eks-k8s", kubeconfig="{}")
        ClusterAutoscaler(
            "eks-autoscaler",
            ClusterAutoscalerArgs(
                target=target(provider), image=AUTOSCALER_IMAGE, replicas=3, pod_identity_role_arn=AUTOSCALER_ROLE
            ),
        )
        MetricsServer(
            "eks-metrics-server",
            MetricsServerArgs(
                target=target(provider),
                image=METRICS_IMAGE,
                vpc_cidr_block="10.30.0.0/16",
                api_server_service_ip="172.20.0.1",
                replicas=3,
            ),
        )

    return record(program)


@pytest.fixture(scope="module")
def aws_side():
    return build_cluster()


@pytest.fixture(scope="module")
def recorded():
    return build_controllers()


def autoscaler_deployment(recorded):
    return named(recorded, DEPLOYMENT, "cluster-autoscaler")


def test_autoscaler_role_is_scoped_to_its_service_account_and_tagged_node_groups(aws_side):
    role = aws_side.one("aws:iam/role:Role", "-autoscaler-role")
    trust = policy_document(role, "assumeRolePolicy")["Statement"][0]
    assert trust["Principal"] == {"Service": "pods.eks.amazonaws.com"}
    assert trust["Condition"]["StringEquals"] == {
        "aws:RequestTag/eks-cluster-arn": f"arn:aws:eks:us-east-1:{ACCOUNT_ID}:cluster/eks",
        "aws:RequestTag/kubernetes-namespace": "kube-system",
        "aws:RequestTag/kubernetes-service-account": "cluster-autoscaler",
    }
    association = aws_side.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "-autoscaler-role-association")
    assert (association.inputs["namespace"], association.inputs["serviceAccount"]) == (
        "kube-system",
        "cluster-autoscaler",
    )
    assert association.inputs["roleArn"] == role.outputs["arn"]
    assert "permissionsBoundary" not in role.inputs  # the workload boundary allows data-plane actions only
    statements = {
        s["Sid"]: s
        for s in policy_document(aws_side.one("aws:iam/rolePolicy:RolePolicy", "-autoscaler-permissions"))["Statement"]
    }
    assert statements["DiscoverNodeGroups"]["Resource"] == ["*"]
    assert all(":Describe" in action or ":Get" in action for action in statements["DiscoverNodeGroups"]["Action"])
    scaling = statements["ScaleOnlyThisClustersNodeGroups"]
    assert scaling["Action"] == [
        "autoscaling:SetDesiredCapacity",
        "autoscaling:TerminateInstanceInAutoScalingGroup",
    ]
    assert scaling["Condition"] == {"StringEquals": {"aws:ResourceTag/k8s.io/cluster-autoscaler/eks": "owned"}}
    assert statements["DescribeThisClustersNodeGroups"]["Resource"] == [
        f"arn:aws:eks:us-east-1:{ACCOUNT_ID}:nodegroup/eks/*/*"
    ]


def test_discovery_actions_are_read_only():
    assert all(action.split(":")[1].startswith(("Describe", "Get")) for action in DISCOVERY_ACTIONS)


def test_autoscaler_discovers_this_clusters_node_groups_and_knows_its_region(recorded):
    deployment = autoscaler_deployment(recorded)
    container = deployment.inputs["spec"]["template"]["spec"]["containers"][0]
    assert (
        "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/eks"
    ) in container["command"]
    assert {"name": "AWS_REGION", "value": "us-east-1"} in container["env"]
    assert deployment.inputs["spec"]["replicas"] == 3
    assert deployment.inputs["metadata"]["namespace"] == "kube-system"


def test_autoscaler_pods_name_the_role_the_aws_layer_associated(recorded):
    # Pods started before the association get no credentials: a new role must roll them.
    annotations = autoscaler_deployment(recorded).inputs["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {POD_IDENTITY_ROLE_ANNOTATION: AUTOSCALER_ROLE}


def test_rbac_rules_name_every_verb_and_resource(recorded):
    roles = recorded.of_type("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole") + recorded.of_type(
        "kubernetes:rbac.authorization.k8s.io/v1:Role"
    )
    assert len(roles) == 4
    for role in roles:
        for rule in role.inputs["rules"]:
            assert "*" not in rule["verbs"] + rule["resources"] + rule["apiGroups"], role.name
            assert not {"bind", "escalate", "impersonate"} & set(rule["verbs"]), role.name


@pytest.mark.parametrize("name", ["cluster-autoscaler", "metrics-server"])
def test_controllers_run_restricted_with_probes_limits_spread_and_budget(recorded, name):
    deployment = named(recorded, DEPLOYMENT, name)
    pod = deployment.inputs["spec"]["template"]["spec"]
    [container] = pod["containers"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] > 0
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert {"livenessProbe", "readinessProbe"} <= set(container)
    assert set(container["resources"]["limits"]) == {"cpu", "memory"}
    assert pod["topologySpreadConstraints"][0]["topologyKey"] == "topology.kubernetes.io/zone"
    assert named(recorded, "kubernetes:policy/v1:PodDisruptionBudget", name).inputs["spec"]["maxUnavailable"] == 1
    assert named(recorded, NETWORK_POLICY, name).inputs["spec"]["podSelector"]["matchLabels"] == pod_labels(deployment)


def pod_labels(deployment):
    return deployment.inputs["spec"]["template"]["metadata"]["labels"]


def test_metrics_api_is_served_by_metrics_server(recorded):
    service = recorded.one("kubernetes:apiregistration.k8s.io/v1:APIService").inputs["spec"]
    assert (service["group"], service["version"]) == ("metrics.k8s.io", "v1beta1")
    assert service["service"] == {"name": "metrics-server", "namespace": "kube-system", "port": 443}
    netpol = named(recorded, NETWORK_POLICY, "metrics-server")
    assert netpol.inputs["spec"]["ingress"] == [
        {"from": [{"ipBlock": {"cidr": "10.30.0.0/16"}}], "ports": [{"protocol": "TCP", "port": 10250}]}
    ]


def test_metrics_server_may_reach_the_api_server_at_its_service_ip(aws_side, recorded):
    # The VPC CNI enforces egress on the address the pod dials, before kube-proxy's DNAT: the
    # API server is reached at the ClusterIP of default/kubernetes, the first of the Service range.
    assert aws_side.one(CLUSTER).inputs["kubernetesNetworkConfig"] == {"serviceIpv4Cidr": "172.20.0.0/16"}
    netpol = named(recorded, NETWORK_POLICY, "metrics-server")
    assert {"to": [{"ipBlock": {"cidr": "172.20.0.1/32"}}], "ports": [{"protocol": "TCP", "port": 443}]} in (
        netpol.inputs["spec"]["egress"]
    )


def test_controller_replicas_are_bounded():
    with pytest.raises(ValueError, match=r"ClusterAutoscalerArgs.replicas: must be between 1 and 5 \(got 0\)"):
        ClusterAutoscalerArgs(
            target=target(), image=AUTOSCALER_IMAGE, pod_identity_role_arn=AUTOSCALER_ROLE, replicas=0
        )
    with pytest.raises(ValueError, match=r"MetricsServerArgs.replicas: must be between 1 and 5 \(got 6\)"):
        MetricsServerArgs(
            target=target(),
            image=METRICS_IMAGE,
            vpc_cidr_block="10.0.0.0/16",
            api_server_service_ip="172.20.0.1",
            replicas=6,
        )
