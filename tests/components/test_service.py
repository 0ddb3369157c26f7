"""The service component under the recording mocks, on a stand-in cluster."""

import pulumi_kubernetes as k8s
import pytest

from components.kubernetes.objects import POD_IDENTITY_ROLE_ANNOTATION
from components.kubernetes.provider import KubernetesTarget
from components.kubernetes.service import EgressRule, Service, ServiceArgs, ServiceCall
from tests.components.k8s_records import NETWORK_POLICY, named
from tests.support import ACCOUNT_ID, DR_REGION, ignored_changes, record

ROLE = f"arn:aws:iam::{ACCOUNT_ID}:role/eks-api-role"
IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/mobile/api:1.8.2"
DATA_CIDRS = ["10.30.128.0/20", "10.30.144.0/20"]
BASE_ARGS = {
    "image": IMAGE,
    "port": 8080,
    "min_replicas": 3,
    "max_replicas": 10,
    "requests": {"cpu": "250m", "memory": "512Mi"},
    "limits": {"cpu": "1", "memory": "1Gi"},
}


def service_args(target=None, **overrides) -> ServiceArgs:
    target = target or KubernetesTarget(name="eks", region="us-east-1", provider=None)
    return ServiceArgs(cluster=target, **{**BASE_ARGS, **overrides})


def build_service(region: str = "us-east-1", **overrides):
    def program():
        target = KubernetesTarget(name="eks", region=region, provider=k8s.Provider("eks-k8s", kubeconfig="{}"))
        Service("eks-api", service_args(target, workload_name="api", **{"pod_identity_role_arn": ROLE, **overrides}))

    return record(program, region=region)


@pytest.fixture(scope="module")
def recorded():
    return build_service(
        egress=[EgressRule(port=5432, cidr_blocks=DATA_CIDRS, description="Aurora PostgreSQL")],
        ingress_cidr_blocks=["10.30.0.0/20"],
        ingress_from_namespaces=["web"],
    )


def pod_spec(recorded):
    return recorded.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"]


def test_namespace_enforces_pod_security_restricted(recorded):
    namespace = recorded.one("kubernetes:core/v1:Namespace").inputs["metadata"]
    assert namespace["name"] == "api"
    assert namespace["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    objects = [
        r for r in recorded.records if r.type.startswith("kubernetes:") and r.type != "kubernetes:core/v1:Namespace"
    ]
    assert {r.inputs["metadata"]["namespace"] for r in objects} == {"api"}
    namespace_urn = recorded.one("kubernetes:core/v1:Namespace").urn
    assert all(namespace_urn in r.dependencies for r in objects)


def test_dedicated_service_account_without_a_mounted_token(recorded):
    account = recorded.one("kubernetes:core/v1:ServiceAccount").inputs
    assert account["metadata"]["name"] == "api"
    assert account["automountServiceAccountToken"] is False
    spec = pod_spec(recorded)
    assert spec["serviceAccountName"] == "api"
    assert spec["automountServiceAccountToken"] is False


def test_containers_are_restricted_with_a_writable_tmp_only(recorded):
    spec = pod_spec(recorded)
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] == 10001
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    [container] = spec["containers"]
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert container["volumeMounts"] == [{"name": "tmp", "mountPath": "/tmp"}]
    assert spec["volumes"] == [{"name": "tmp", "emptyDir": {"sizeLimit": "256Mi"}}]


def test_probes_resources_and_image(recorded):
    [container] = pod_spec(recorded)["containers"]
    assert container["image"] == IMAGE
    assert container["resources"] == {"requests": BASE_ARGS["requests"], "limits": BASE_ARGS["limits"]}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http", "scheme": "HTTP"}
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["startupProbe"]["failureThreshold"] * container["startupProbe"]["periodSeconds"] == 150
    assert container["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    assert {"name": "AWS_REGION", "value": "us-east-1"} in container["env"]


def test_replicas_spread_over_zones_and_updates_keep_capacity(recorded):
    deployment = recorded.one("kubernetes:apps/v1:Deployment").inputs["spec"]
    assert deployment["replicas"] == 3
    assert deployment["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"},
    }
    zone = deployment["template"]["spec"]["topologySpreadConstraints"][0]
    assert zone["topologyKey"] == "topology.kubernetes.io/zone"
    assert zone["whenUnsatisfiable"] == "DoNotSchedule"
    assert zone["labelSelector"]["matchLabels"] == deployment["template"]["metadata"]["labels"]


def test_service_hpa_and_budget_select_the_pods(recorded):
    labels = recorded.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["metadata"]["labels"]
    service = recorded.one("kubernetes:core/v1:Service").inputs["spec"]
    assert service["selector"] == labels and service["type"] == "ClusterIP"
    assert service["ports"] == [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]
    hpa = recorded.one("kubernetes:autoscaling/v2:HorizontalPodAutoscaler").inputs["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (3, 10)
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "api"}
    budget = recorded.one("kubernetes:policy/v1:PodDisruptionBudget").inputs["spec"]
    assert budget == {"maxUnavailable": 1, "selector": {"matchLabels": labels}}


def test_hpa_owns_the_replica_count_after_creation(monkeypatch):
    ignored = ignored_changes(monkeypatch, build_service)
    assert ignored["eks-api-deployment"] == ["spec.replicas"]


def test_namespace_denies_all_traffic_by_default(recorded):
    deny = named(recorded, NETWORK_POLICY, "default-deny")
    assert deny.inputs["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress", "Egress"],
        "ingress": [],
        "egress": [],
    }


def test_allow_policy_opens_exactly_the_declared_paths(recorded):
    allow = named(recorded, NETWORK_POLICY, "api-allow").inputs["spec"]
    egress = [
        (tuple(sorted((port["protocol"], port["port"]) for port in rule["ports"])), rule["to"])
        for rule in allow["egress"]
    ]
    assert egress[0][0] == (("TCP", 53), ("UDP", 53))
    assert egress[1] == ((("TCP", 80),), [{"ipBlock": {"cidr": "169.254.170.23/32"}}])
    assert egress[2] == ((("TCP", 5432),), [{"ipBlock": {"cidr": cidr}} for cidr in DATA_CIDRS])
    assert len(egress) == 3
    assert allow["ingress"] == [
        {"from": [{"ipBlock": {"cidr": "10.30.0.0/20"}}], "ports": [{"protocol": "TCP", "port": 8080}]},
        {
            "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "web"}}}],
            "ports": [{"protocol": "TCP", "port": 8080}],
        },
    ]


def test_egress_to_the_services_it_calls_selects_their_pods_on_their_port():
    call = ServiceCall(workload_name="billing", namespace="billing", port=9090)
    allow = named(build_service(calls=[call]), NETWORK_POLICY, "api-allow")
    assert allow.inputs["spec"]["egress"][-1] == {
        "to": [
            {
                "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "billing"}},
                "podSelector": {
                    "matchLabels": {"app.kubernetes.io/name": "billing", "app.kubernetes.io/part-of": "bulkhead"}
                },
            }
        ],
        "ports": [{"protocol": "TCP", "port": 9090}],
    }


def test_refuses_a_call_to_a_privileged_port():
    with pytest.raises(ValueError, match=r"ServiceCall.port: must be between 1024 and 65535 \(got 80\)"):
        ServiceCall(workload_name="billing", namespace="billing", port=80)


def test_rules_sharing_a_port_keep_every_reason_in_the_annotation():
    rules = [
        EgressRule(port=443, cidr_blocks=["10.30.0.0/16"], description="AWS APIs through the VPC endpoints"),
        EgressRule(port=443, cidr_blocks=["0.0.0.0/0"], description="Cognito user pool through NAT"),
        EgressRule(port=5432, cidr_blocks=DATA_CIDRS, description="Aurora PostgreSQL"),
    ]
    allow = named(build_service(egress=rules), NETWORK_POLICY, "api-allow")
    assert allow.inputs["metadata"]["annotations"] == {
        "bulkhead.io/egress-443": "AWS APIs through the VPC endpoints; Cognito user pool through NAT",
        "bulkhead.io/egress-5432": "Aurora PostgreSQL",
    }


def test_no_ingress_unless_declared():
    allow = named(build_service(), NETWORK_POLICY, "api-allow")
    assert allow.inputs["spec"]["ingress"] == []


def test_a_service_creates_no_aws_resource(recorded):
    # Its role and Pod Identity association are the AWS layer's (WorkloadIdentity).
    assert {r.type.split(":")[0] for r in recorded.records if r.custom} == {"kubernetes", "pulumi"}


def test_pods_name_the_role_the_aws_layer_associated(recorded):
    # Pods started before the association get no credentials: a changed role must roll them.
    template = recorded.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]
    assert template["metadata"]["annotations"] == {POD_IDENTITY_ROLE_ANNOTATION: ROLE}


def test_without_an_aws_role_the_pods_get_neither_the_annotation_nor_the_agent_path():
    recorded = build_service(pod_identity_role_arn=None)
    template = recorded.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]
    assert "annotations" not in template["metadata"]
    egress = named(recorded, NETWORK_POLICY, "api-allow").inputs["spec"]["egress"]
    assert all(rule["to"] != [{"ipBlock": {"cidr": "169.254.170.23/32"}}] for rule in egress)


def test_pods_learn_the_region_of_their_cluster():
    dr = build_service(region=DR_REGION)
    [container] = dr.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"]["containers"]
    assert [var for var in container["env"] if var["name"] == "AWS_REGION"] == [
        {"name": "AWS_REGION", "value": DR_REGION}
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"image": "repo/api:latest"}, r"ServiceArgs.image: the tag must name a version, not 'latest'"),
        ({"image": "repo/api"}, r"ServiceArgs.image: must be `repository:tag`.*\(got 'repo/api'\)"),
        ({"image": "repo/api@sha256:" + "a" * 64}, r"ServiceArgs.image: must be `repository:tag`"),
        (
            {"min_replicas": 4, "max_replicas": 3},
            r"ServiceArgs.max_replicas: must be >= min_replicas 4 \(got 3\)",
        ),
        ({"min_replicas": 0}, r"ServiceArgs.min_replicas: must be >= 1 \(got 0\)"),
        ({"port": 80}, r"ServiceArgs.port: must be between 1024 and 65535 \(got 80\)"),
        ({"limits": {"cpu": "1"}}, r"ServiceArgs.limits: must set exactly cpu and memory \(got \['cpu'\]\)"),
        (
            {"requests": {"cpu": "a lot", "memory": "1Gi"}},
            r"ServiceArgs.requests.cpu: must be a CPU quantity",
        ),
        ({"namespace": "default"}, r"ServiceArgs.namespace: must be a DNS label other than 'default'"),
        ({"uid": 0}, r"ServiceArgs.uid: must be a non-zero user id \(got 0\)"),
    ],
)
def test_bad_args_name_the_field_and_value(overrides, message):
    with pytest.raises(ValueError, match=message):
        service_args(**overrides)


def test_image_pinned_by_digest_is_accepted():
    pinned = IMAGE + "@sha256:" + "0" * 64
    assert service_args(image=pinned).image == pinned


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"port": 0, "cidr_blocks": DATA_CIDRS}, r"EgressRule.port: must be between 1 and 65535 \(got 0\)"),
        ({"port": 5432, "cidr_blocks": []}, r"EgressRule.cidr_blocks: must name at least one range"),
    ],
)
def test_bad_egress_rules(rule, message):
    with pytest.raises(ValueError, match=message):
        EgressRule(description="Aurora", **rule)


def test_front_door_exposure_is_a_labelled_nodeport_with_local_traffic_policy():
    from components.kubernetes.service import FRONT_DOOR_LABEL, FrontDoorExposure

    recorded = build_service(ingress_cidr_blocks=["10.30.0.0/20"], front_door=FrontDoorExposure(node_port=30080))
    service = recorded.one("kubernetes:core/v1:Service").inputs
    assert service["spec"]["type"] == "NodePort" and service["spec"]["externalTrafficPolicy"] == "Local"
    assert service["spec"]["ports"][0]["nodePort"] == 30080
    assert service["metadata"]["labels"][FRONT_DOOR_LABEL] == "edge"
    allow = named(recorded, NETWORK_POLICY, "api-allow").inputs["spec"]["ingress"]
    assert allow == [{"from": [{"ipBlock": {"cidr": "10.30.0.0/20"}}], "ports": [{"protocol": "TCP", "port": 8080}]}]


def test_a_service_without_exposure_stays_clusterip_without_the_label(recorded):
    service = recorded.one("kubernetes:core/v1:Service").inputs
    assert service["spec"]["type"] == "ClusterIP" and "bulkhead.io/front-door" not in service["metadata"]["labels"]


def test_front_door_exposure_needs_the_load_balancer_subnets_admitted():
    from components.kubernetes.service import FrontDoorExposure

    with pytest.raises(ValueError, match="ServiceArgs.ingress_cidr_blocks: a front-door Service must admit"):
        service_args(front_door=FrontDoorExposure(node_port=30080))
    with pytest.raises(ValueError, match=r"FrontDoorExposure.node_port: must be between 30000 and 32767 \(got 8080\)"):
        FrontDoorExposure(node_port=8080)
