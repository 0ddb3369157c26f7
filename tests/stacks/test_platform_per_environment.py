"""The container platform of each shipped stack, from its recorded offline plan."""

import json

import kubernetes_validate
import pytest

from bulkhead.plan.k8s_export import rendered_objects
from bulkhead.plan.runner import DEFAULT_STACKS_DIR
from infra import aws_layer
from infra.settings import validate_settings
from infra.settings.loader import read_stack_config
from tests.settings.support import shipped_stack
from tests.support import record, record_kubernetes_layer, shipped_plan

ENVIRONMENTS = ("dev", "staging", "prod")
# environment: (capacity type, min nodes, max nodes, deletion protection, public endpoint CIDRs)
EXPECTED_CLUSTER = {
    "dev": ("SPOT", 1, 3, False, None),
    "staging": ("ON_DEMAND", 2, 6, True, None),
    "prod": ("ON_DEMAND", 3, 12, True, None),
}
# environment: {service: (min, max)}
EXPECTED_REPLICAS = {
    "dev": {"api": (1, 2), "worker": (1, 2)},
    "staging": {"api": (2, 6), "worker": (2, 4)},
    "prod": {"api": (3, 20), "worker": (3, 10)},
}


def primary(plan):
    """The primary region's EKS cluster, and the Kubernetes objects its Kubernetes layer applies."""
    [cluster] = [c for c in plan.of_type("aws:eks/cluster:Cluster") if c.region == plan.region]
    [k8s_provider] = [p for p in plan.of_type("pulumi:providers:kubernetes") if "::bulkhead-kubernetes::" in p.urn]
    objects = [r for r in plan.resources if r.type.startswith("kubernetes:") and r.provider == k8s_provider.urn]
    return cluster, objects


def objects_of(objects, kind, namespace=None):
    return [
        o
        for o in objects
        if o.inputs["kind"] == kind and (namespace is None or o.inputs["metadata"].get("namespace") == namespace)
    ]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_cluster_control_plane_per_environment(environment):
    plan = shipped_plan(environment)
    cluster, _ = primary(plan)
    _, _, _, protection, public_cidrs = EXPECTED_CLUSTER[environment]
    vpc = cluster.inputs["vpcConfig"]
    assert vpc["endpointPrivateAccess"] is True
    assert vpc["endpointPublicAccess"] is bool(public_cidrs)
    assert vpc.get("publicAccessCidrs") == public_cidrs
    assert cluster.inputs["deletionProtection"] is protection
    assert cluster.inputs["accessConfig"]["authenticationMode"] == "API"
    cluster_key = next(
        a
        for a in plan.of_type("aws:kms/alias:Alias")
        if a.inputs["name"].endswith("-cluster") and a.region == plan.region
    )
    key_arns = {k.outputs["id"]: k.outputs["arn"] for k in plan.of_type("aws:kms/key:Key")}
    assert cluster.inputs["encryptionConfig"]["provider"]["keyArn"] == key_arns[cluster_key.inputs["targetKeyId"]]
    settings = shipped_stack(environment)
    entries = [e for e in plan.of_type("aws:eks/accessEntry:AccessEntry") if e.region == plan.region]
    runner_role = next(r for r in plan.of_type("aws:iam/role:Role") if r.name == f"mobile-{environment}-runner-role")
    assert sorted(e.inputs["principalArn"] for e in entries) == sorted(
        [*settings.cluster.admin_role_arns, runner_role.outputs["arn"]]
    )
    addons = {
        a.inputs["addonName"]: a.inputs["addonVersion"]
        for a in plan.of_type("aws:eks/addon:Addon")
        if a.region == plan.region
    }
    # The cluster's own add-ons, plus the observability layer's (docs/observability.md).
    assert addons == {
        **settings.cluster.addons.by_addon_name(),
        "amazon-cloudwatch-observability": settings.observability.container_insights.addon_version,
    }


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_node_group_per_environment(environment):
    plan = shipped_plan(environment)
    capacity, min_size, max_size, _, _ = EXPECTED_CLUSTER[environment]
    [group] = [g for g in plan.of_type("aws:eks/nodeGroup:NodeGroup") if g.region == plan.region]
    assert group.inputs["capacityType"] == capacity
    assert (group.inputs["scalingConfig"]["minSize"], group.inputs["scalingConfig"]["maxSize"]) == (
        min_size,
        max_size,
    )
    private_subnets = {
        s.outputs["id"]
        for s in plan.of_type("aws:ec2/subnet:Subnet")
        if s.region == plan.region and s.inputs["tags"]["bulkhead:tier"] == "private"
    }
    assert set(group.inputs["subnetIds"]) == private_subnets
    assert len(private_subnets) == (2 if environment == "dev" else 3)
    [template] = [t for t in plan.of_type("aws:ec2/launchTemplate:LaunchTemplate") if t.region == plan.region]
    assert template.inputs["metadataOptions"]["httpTokens"] == "required"
    assert template.inputs["metadataOptions"]["httpPutResponseHopLimit"] == 1
    assert template.inputs["networkInterfaces"][0]["associatePublicIpAddress"] == "false"
    assert template.inputs["blockDeviceMappings"][0]["ebs"]["encrypted"] == "true"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_services_scale_within_their_environment_bounds(environment):
    _, objects = primary(shipped_plan(environment))
    hpas = {h.inputs["metadata"]["name"]: h.inputs["spec"] for h in objects_of(objects, "HorizontalPodAutoscaler")}
    assert {name: (spec["minReplicas"], spec["maxReplicas"]) for name, spec in hpas.items()} == (
        EXPECTED_REPLICAS[environment]
    )
    for name in hpas:
        [deployment] = objects_of(objects, "Deployment", name)
        assert deployment.inputs["spec"]["replicas"] == hpas[name]["minReplicas"]
        [budget] = objects_of(objects, "PodDisruptionBudget", name)
        assert budget.inputs["spec"]["maxUnavailable"] == 1
        [namespace] = [n for n in objects_of(objects, "Namespace") if n.inputs["metadata"]["name"] == name]
        assert namespace.inputs["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
        denies = [p for p in objects_of(objects, "NetworkPolicy", name) if p.inputs["spec"]["podSelector"] == {}]
        assert len(denies) == 1 and denies[0].inputs["spec"]["ingress"] == denies[0].inputs["spec"]["egress"] == []


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_images_are_pinned_by_digest_in_prod_only_by_tag_elsewhere(environment):
    _, objects = primary(shipped_plan(environment))
    images = [
        c["image"]
        for d in objects_of(objects, "Deployment")
        for c in d.inputs["spec"]["template"]["spec"]["containers"]
        if c["name"] != "appconfig-agent"
    ]
    assert len(images) == 4
    assert all(":" in image.rsplit("/", 1)[1] and not image.endswith(":latest") for image in images)
    assert all(("@sha256:" in image) is (environment == "prod") for image in images)
    # The AppConfig Agent sidecar is pinned by digest in every environment.
    agents = [
        c["image"]
        for d in objects_of(objects, "Deployment")
        for c in d.inputs["spec"]["template"]["spec"]["containers"]
        if c["name"] == "appconfig-agent"
    ]
    assert len(agents) == 1 and "@sha256:" in agents[0]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_service_network_paths_follow_what_each_declares(environment):
    plan = shipped_plan(environment)
    _, objects = primary(plan)
    settings = shipped_stack(environment)
    isolated = sorted(
        s.inputs["cidrBlock"]
        for s in plan.of_type("aws:ec2/subnet:Subnet")
        if s.region == plan.region and s.inputs["tags"]["bulkhead:tier"] == "isolated"
    )
    public = sorted(
        s.inputs["cidrBlock"]
        for s in plan.of_type("aws:ec2/subnet:Subnet")
        if s.region == plan.region and s.inputs["tags"]["bulkhead:tier"] == "public"
    )
    for service in settings.services:
        [allow] = [p for p in objects_of(objects, "NetworkPolicy", service.name) if p.inputs["spec"]["podSelector"]]
        egress: dict[int, list[str]] = {}
        for rule in allow.inputs["spec"]["egress"]:
            egress.setdefault(rule["ports"][0]["port"], []).extend(
                peer.get("ipBlock", {}).get("cidr", "") for peer in rule["to"]
            )
        assert sorted(egress[5432]) == isolated and sorted(egress[6379]) == isolated
        api_range = {settings.network.cidr_block} if settings.network.vpc_endpoints else {"0.0.0.0/0"}
        # The user pool's endpoint has no VPC endpoint: token validation adds HTTPS through NAT.
        user_pool = {"0.0.0.0/0"} if service.needs.uses_user_pool else set()
        assert set(egress[443]) == api_range | user_pool
        ingress_cidrs = sorted(
            peer["ipBlock"]["cidr"] for rule in allow.inputs["spec"]["ingress"] for peer in rule["from"]
        )
        assert ingress_cidrs == (public if service.ingress.load_balancer else [])


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_service_has_its_own_pod_identity_role(environment):
    plan = shipped_plan(environment)
    associations = {
        (a.inputs["namespace"], a.inputs["serviceAccount"]): a
        for a in plan.of_type("aws:eks/podIdentityAssociation:PodIdentityAssociation")
        if a.region == plan.region
    }
    roles = {r.outputs["arn"]: r for r in plan.of_type("aws:iam/role:Role")}
    service_roles = set()
    for service in shipped_stack(environment).services:
        association = associations[(service.name, service.name)]
        role = roles[association.inputs["roleArn"]]
        trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Condition"]["StringEquals"]
        assert trust["aws:RequestTag/kubernetes-service-account"] == service.name
        assert role.inputs["permissionsBoundary"].startswith("arn:aws:iam::")
        service_roles.add(role.urn)
    assert len(service_roles) == len(shipped_stack(environment).services)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_rendered_objects_validate_against_the_kubernetes_schemas(environment):
    plan = shipped_plan(environment)
    cluster, objects = primary(plan)
    version = f"{cluster.inputs['version']}.0"
    rendered = [o for o in rendered_objects(plan.resources) if o.urn in {r.urn for r in objects}]
    assert len(rendered) == len(objects) > 20
    for obj in rendered:
        kubernetes_validate.validate(obj.manifest, version, strict=True)


def test_schema_validation_catches_a_broken_object():
    plan = shipped_plan("dev")
    deployment = next(o for o in rendered_objects(plan.resources) if o.kind == "Deployment")
    broken = json.loads(json.dumps(deployment.manifest))
    broken["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["cpu"] = {"cores": 1}
    broken["spec"]["replicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, "1.36.0", strict=True)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_control_plane_logs_per_environment(environment):
    plan = shipped_plan(environment)
    cluster, _ = primary(plan)
    assert {"api", "audit", "authenticator"} <= set(cluster.inputs["enabledClusterLogTypes"])
    [group] = [
        g
        for g in plan.of_type("aws:cloudwatch/logGroup:LogGroup")
        if g.inputs["name"] == f"/aws/eks/{cluster.inputs['name']}/cluster"
    ]
    assert group.urn in cluster.dependencies
    assert group.inputs["retentionInDays"] == shipped_stack(environment).cluster.log_retention_days
    assert group.inputs["kmsKeyId"].startswith(f"arn:aws:kms:{plan.region}:")


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_node_autoscaling_and_metrics_per_environment(environment):
    _, objects = primary(shipped_plan(environment))
    autoscaling = shipped_stack(environment).cluster.autoscaling
    deployments = {d.inputs["metadata"]["name"]: d.inputs for d in objects_of(objects, "Deployment", "kube-system")}
    expected_images = {
        "cluster-autoscaler": autoscaling.cluster_autoscaler_image.reference,
        "metrics-server": autoscaling.metrics_server_image.reference,
    }
    assert {name: d["spec"]["template"]["spec"]["containers"][0]["image"] for name, d in deployments.items()} == (
        expected_images
    )
    assert {d["spec"]["replicas"] for d in deployments.values()} == {autoscaling.replicas}
    [api_service] = objects_of(objects, "APIService")
    assert api_service.inputs["spec"]["service"]["name"] == "metrics-server"


def test_a_service_that_admits_another_gives_the_caller_egress_to_it():
    # With default-deny egress in every namespace, `from_services` alone would admit a call the
    # caller's own NetworkPolicy drops.
    config = read_stack_config(DEFAULT_STACKS_DIR / "Pulumi.dev.yaml")
    raw = config["bulkhead:settings"]
    [api] = [service for service in raw["services"] if service["name"] == "api"]
    api["ingress"] = {**api.get("ingress", {}), "from_services": ["worker"]}
    settings = validate_settings(raw, config["aws:region"], "dev")
    recorded = record_kubernetes_layer(settings)
    netpols = recorded.of_type("kubernetes:networking.k8s.io/v1:NetworkPolicy")
    policies = {p.inputs["metadata"]["name"]: p for p in netpols}
    api_pods = {"app.kubernetes.io/name": "api", "app.kubernetes.io/part-of": "bulkhead"}
    to_api = {
        "to": [
            {
                "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "api"}},
                "podSelector": {"matchLabels": api_pods},
            }
        ],
        "ports": [{"protocol": "TCP", "port": api["port"]}],
    }
    assert to_api in policies["worker-allow"].inputs["spec"]["egress"]
    assert to_api not in policies["api-allow"].inputs["spec"]["egress"]
    assert {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "worker"}}} in [
        peer for rule in policies["api-allow"].inputs["spec"]["ingress"] for peer in rule["from"]
    ]


def test_a_stack_without_a_cluster_section_builds_no_platform():
    config = read_stack_config(DEFAULT_STACKS_DIR / "Pulumi.dev.yaml")
    # Without services nothing consumes the queues or reads the flags: they go too.
    dropped = ("cluster", "services", "queues", "releases", "front_door", "identity")
    raw = {key: value for key, value in config["bulkhead:settings"].items() if key not in dropped}
    settings = validate_settings(raw, config["aws:region"], "dev")
    recorded = record(lambda: aws_layer.build(settings))
    assert not [r for r in recorded.records if r.type.startswith(("aws:eks/", "kubernetes:", "pulumi:providers:k"))]
    assert recorded.of_type("aws:rds/cluster:Cluster")
