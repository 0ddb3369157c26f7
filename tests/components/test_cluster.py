"""The EKS cluster component under the recording mocks: control plane, access, add-ons, nodes."""

import json
from dataclasses import replace

import pytest

from components.platform.cluster import ADDONS_BEFORE_NODES, REQUIRED_ADDONS, Cluster, ClusterArgs
from components.platform.cluster_nodes import NodeGroupArgs
from components.support.firewall import allow_tcp_from_security_group
from tests.support import ACCOUNT_ID, DR_REGION, ignored_changes, in_provider, policy_document, provider, record

CLUSTER_KEY = "arn:aws:kms:us-east-1:111122223333:key/mrk-1111111111111111111111111111aaaa"
LOGS_KEY = "arn:aws:kms:us-east-1:111122223333:key/mrk-2222222222222222222222222222bbbb"
DEPLOYER = "arn:aws:iam::111122223333:role/platform-deployer"
BREAK_GLASS = "arn:aws:iam::111122223333:role/security-break-glass"
ADDON_VERSIONS = {
    "vpc-cni": "v1.22.3-eksbuild.1",
    "coredns": "v1.14.3-eksbuild.3",
    "kube-proxy": "v1.36.0-eksbuild.14",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.1",
    "aws-ebs-csi-driver": "v1.66.0-eksbuild.1",
}
CLUSTER = "aws:eks/cluster:Cluster"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"


def cluster_args(**overrides) -> ClusterArgs:
    args = {
        "region": "us-east-1",
        "account_id": ACCOUNT_ID,
        "version": "1.36",
        "vpc_id": "vpc-0123456789abcdef0",
        "vpc_cidr_block": "10.30.0.0/16",
        "subnet_ids": ["subnet-a", "subnet-b", "subnet-c"],
        "kms_key_arn": CLUSTER_KEY,
        "logs_kms_key_arn": LOGS_KEY,
        "admin_role_arns": [DEPLOYER, BREAK_GLASS],
        "addon_versions": ADDON_VERSIONS,
        "nodes": NodeGroupArgs(instance_types=["m7i.xlarge"], min_size=3, max_size=12),
        **overrides,
    }
    return ClusterArgs(**args)


def build_cluster(region: str = "us-east-1", **overrides):
    def program():
        cluster = Cluster("eks", cluster_args(region=region, **overrides), opts=in_provider(provider(region)))
        # What the data tier does with the cluster: open a data store's port to the nodes' security group.
        allow_tcp_from_security_group(
            "db-from-nodes",
            security_group_id="sg-0database0000000",
            port=5432,
            description="nodes",
            source_security_group_id=cluster.node_security_group_id,
            parent=cluster,
        )

    return record(program, region=region)


@pytest.fixture(scope="module")
def recorded():
    return build_cluster()


def test_api_endpoint_is_private_by_default(recorded):
    vpc = recorded.one(CLUSTER).inputs["vpcConfig"]
    assert vpc["endpointPrivateAccess"] is True
    assert vpc["endpointPublicAccess"] is False
    assert "publicAccessCidrs" not in vpc


def test_public_endpoint_only_from_listed_cidrs():
    vpc = build_cluster(public_access_cidrs=["203.0.113.0/24"]).one(CLUSTER).inputs["vpcConfig"]
    assert vpc["endpointPublicAccess"] is True
    assert vpc["publicAccessCidrs"] == ["203.0.113.0/24"]


@pytest.mark.parametrize("cidr", ["0.0.0.0/0", "::/0"])
def test_refuses_a_public_endpoint_open_to_the_internet(cidr):
    with pytest.raises(ValueError, match=r"ClusterArgs.public_access_cidrs: must not include"):
        cluster_args(public_access_cidrs=["203.0.113.0/24", cidr])


def test_secrets_are_envelope_encrypted_with_the_cluster_key_the_role_may_use(recorded):
    cluster = recorded.one(CLUSTER)
    assert cluster.inputs["encryptionConfig"] == {
        "resources": ["secrets"],
        "provider": {"keyArn": CLUSTER_KEY},
    }
    policy = policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy", "-secrets-encryption"))
    assert [statement["Resource"] for statement in policy["Statement"]] == [[CLUSTER_KEY]]


def test_control_plane_logs_go_to_an_encrypted_log_group_created_first(recorded):
    cluster = recorded.one(CLUSTER)
    assert {"api", "audit", "authenticator"} <= set(cluster.inputs["enabledClusterLogTypes"])
    group = recorded.one("aws:cloudwatch/logGroup:LogGroup", "-control-plane-logs")
    assert group.inputs["name"] == "/aws/eks/eks/cluster"
    assert group.inputs["kmsKeyId"] == LOGS_KEY
    assert group.inputs["retentionInDays"] == 365
    assert group.urn in cluster.dependencies


def test_refuses_log_types_without_audit():
    with pytest.raises(ValueError, match=r"log_types: must include .* \(missing \['audit'\]\)"):
        cluster_args(log_types=["api", "authenticator"])


def test_authentication_through_access_entries_only(recorded):
    cluster = recorded.one(CLUSTER)
    assert cluster.inputs["accessConfig"] == {
        "authenticationMode": "API",
        "bootstrapClusterCreatorAdminPermissions": False,
    }
    entries = recorded.of_type("aws:eks/accessEntry:AccessEntry")
    assert sorted(entry.inputs["principalArn"] for entry in entries) == sorted([DEPLOYER, BREAK_GLASS])
    associations = recorded.of_type("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
    assert {a.inputs["policyArn"] for a in associations} == {
        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    }
    assert all(a.inputs["accessScope"] == {"type": "cluster"} for a in associations)
    assert not [r for r in recorded.records if r.type.endswith(":ConfigMap")]  # no aws-auth


def test_deletion_protection_follows_the_argument():
    assert build_cluster(deletion_protection=False).one(CLUSTER).inputs["deletionProtection"] is False
    assert build_cluster().one(CLUSTER).inputs["deletionProtection"] is True


def test_managed_addons_at_pinned_versions(recorded):
    addons = {a.inputs["addonName"]: a for a in recorded.of_type("aws:eks/addon:Addon")}
    assert set(addons) == set(REQUIRED_ADDONS)
    assert {name: a.inputs["addonVersion"] for name, a in addons.items()} == ADDON_VERSIONS
    assert recorded.one(CLUSTER).inputs["bootstrapSelfManagedAddons"] is False


def test_vpc_cni_enforces_network_policies(recorded):
    vpc_cni = next(a for a in recorded.of_type("aws:eks/addon:Addon") if a.inputs["addonName"] == "vpc-cni")
    assert json.loads(vpc_cni.inputs["configurationValues"]) == {"enableNetworkPolicy": "true"}


def test_networking_addons_precede_the_nodes_and_the_rest_follow(recorded):
    node_group = recorded.one(NODE_GROUP)
    for addon in recorded.of_type("aws:eks/addon:Addon"):
        if addon.inputs["addonName"] in ADDONS_BEFORE_NODES:
            assert addon.urn in node_group.dependencies
        else:
            assert node_group.urn in addon.dependencies


def test_addon_aws_permissions_come_through_pod_identity_not_the_node_role(recorded):
    addons = {a.inputs["addonName"]: a for a in recorded.of_type("aws:eks/addon:Addon")}
    roles = {r.outputs["arn"]: r for r in recorded.of_type("aws:iam/role:Role")}
    for name, service_account in (("vpc-cni", "aws-node"), ("aws-ebs-csi-driver", "ebs-csi-controller-sa")):
        [association] = addons[name].inputs["podIdentityAssociations"]
        assert association["serviceAccount"] == service_account
        trust = policy_document(roles[association["roleArn"]], "assumeRolePolicy")
        conditions = trust["Statement"][0]["Condition"]["StringEquals"]
        assert conditions["aws:RequestTag/kubernetes-service-account"] == service_account
    node_policies = {
        a.inputs["policyArn"]
        for a in recorded.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if "-node-" in a.name
    }
    assert node_policies == {
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    }


def test_launch_template_is_hardened(recorded):
    template = recorded.one("aws:ec2/launchTemplate:LaunchTemplate").inputs
    assert template["metadataOptions"]["httpTokens"] == "required"
    assert template["metadataOptions"]["httpPutResponseHopLimit"] == 1
    [volume] = template["blockDeviceMappings"]
    assert volume["ebs"]["encrypted"] == "true"
    assert volume["ebs"]["kmsKeyId"] == CLUSTER_KEY
    [interface] = template["networkInterfaces"]
    assert interface["associatePublicIpAddress"] == "false"
    data_store_rule = recorded.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-from-nodes")
    assert interface["securityGroups"] == [data_store_rule.inputs["referencedSecurityGroupId"]]
    assert interface["securityGroups"][0].startswith("sg-")
    assert "keyName" not in template


def test_node_group_uses_the_template_spans_the_subnets_and_has_no_ssh(recorded):
    group = recorded.one(NODE_GROUP).inputs
    template = recorded.one("aws:ec2/launchTemplate:LaunchTemplate")
    assert group["launchTemplate"] == {"id": template.outputs["id"], "version": "1"}
    assert group["subnetIds"] == ["subnet-a", "subnet-b", "subnet-c"]
    assert group["scalingConfig"] == {"minSize": 3, "maxSize": 12, "desiredSize": 3}
    assert group["updateConfig"] == {"maxUnavailablePercentage": 33}
    assert "remoteAccess" not in group


def test_autoscaler_owns_the_desired_size(monkeypatch):
    ignored = ignored_changes(monkeypatch, build_cluster)
    assert ignored["eks-nodes"] == ["scalingConfig.desiredSize"]


def test_the_cluster_talks_to_aws_apis_only(recorded):
    # Its endpoint is private: Kubernetes objects belong to the Kubernetes layer, applied from the VPC.
    assert not [r for r in recorded.records if r.type.startswith(("kubernetes:", "pulumi:providers:kubernetes"))]


def test_cluster_autoscaler_gets_a_pod_identity_role_scoped_to_this_clusters_node_groups(recorded):
    [association] = recorded.of_type("aws:eks/podIdentityAssociation:PodIdentityAssociation")
    assert (association.inputs["namespace"], association.inputs["serviceAccount"]) == (
        "kube-system",
        "cluster-autoscaler",
    )
    role = next(r for r in recorded.of_type("aws:iam/role:Role") if r.outputs["arn"] == association.inputs["roleArn"])
    trust = policy_document(role, "assumeRolePolicy")["Statement"][0]["Condition"]["StringEquals"]
    assert trust["aws:RequestTag/kubernetes-service-account"] == "cluster-autoscaler"
    policy = policy_document(recorded.one("aws:iam/rolePolicy:RolePolicy", "-autoscaler-permissions"))
    scaling = next(st for st in policy["Statement"] if st["Sid"] == "ScaleOnlyThisClustersNodeGroups")
    assert scaling["Condition"] == {"StringEquals": {"aws:ResourceTag/k8s.io/cluster-autoscaler/eks": "owned"}}


def test_nothing_hard_codes_the_primary_region():
    dr = build_cluster(region=DR_REGION)
    assert {r.region for r in dr.records if r.type.startswith("aws:")} == {DR_REGION}
    # The ARNs it builds (boundary, autoscaler scope) name the cluster's region; the keys come as args.
    for suffix in ("-workload-boundary", "-autoscaler-permissions"):
        policy = json.dumps(policy_document(next(r for r in dr.records if r.name.endswith(suffix))))
        assert f":{DR_REGION}:" in policy and "us-east-1" not in policy


def test_workload_boundary_limits_roles_to_data_plane_actions_in_this_account_and_region(recorded):
    boundary = policy_document(recorded.one("aws:iam/policy:Policy", "-workload-boundary"))
    actions = {action for statement in boundary["Statement"] for action in statement["Action"]}
    assert actions == {
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:GenerateDataKey",
        "rds-db:connect",
        "elasticache:Connect",
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:ReceiveMessage",
        "sqs:SendMessage",
        "appconfig:GetLatestConfiguration",
        "appconfig:StartConfigurationSession",
        "cognito-idp:AdminGetUser",
    }
    for statement in boundary["Statement"]:
        [resource] = statement["Resource"]
        assert resource.startswith("arn:aws:") and f":us-east-1:{ACCOUNT_ID}:" in resource


@pytest.mark.parametrize(
    ("vpc_cidr_block", "service_cidr_block", "expected"),
    [
        ("10.30.0.0/16", None, "172.20.0.0/16"),  # what EKS picks for a VPC in 10.0.0.0/8
        ("192.168.0.0/16", None, "10.100.0.0/16"),  # ... and for any other VPC
        ("10.30.0.0/16", "192.168.128.0/20", "192.168.128.0/20"),
    ],
)
def test_service_range_is_explicit_and_defaults_to_what_eks_would_pick(vpc_cidr_block, service_cidr_block, expected):
    args = cluster_args(vpc_cidr_block=vpc_cidr_block, service_cidr_block=service_cidr_block)
    assert args.kubernetes_service_cidr == expected


@pytest.mark.parametrize(
    ("service_cidr_block", "message"),
    [
        ("10.30.128.0/20", r"service_cidr_block: must not overlap the VPC 10.30.0.0/16 \(got 10.30.128.0/20\)"),
        ("100.64.0.0/16", r"service_cidr_block: must be /12 to /24 inside one of .* \(got 100.64.0.0/16\)"),
        ("172.20.0.0/25", r"service_cidr_block: must be /12 to /24 .* \(got 172.20.0.0/25\)"),
    ],
)
def test_refuses_a_service_range_eks_rejects(service_cidr_block, message):
    with pytest.raises(ValueError, match=message):
        cluster_args(service_cidr_block=service_cidr_block)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subnet_ids": ["subnet-a"]}, r"ClusterArgs.subnet_ids: must name subnets in >= 2 AZs \(got 1\)"),
        ({"admin_role_arns": []}, r"ClusterArgs.admin_role_arns: must name at least one role"),
        (
            {"addon_versions": {"vpc-cni": "v1.22.3-eksbuild.1"}},
            r"ClusterArgs.addon_versions: missing versions",
        ),
        (
            {"log_types": ["api", "audit", "authenticator", "debug"]},
            r"ClusterArgs.log_types: unknown \['debug'\]",
        ),
    ],
)
def test_bad_args_name_the_field_and_value(overrides, message):
    with pytest.raises(ValueError, match=message):
        cluster_args(**overrides)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"min_size": 0}, r"NodeGroupArgs.min_size: must be >= 1 \(got 0\)"),
        ({"max_size": 2}, r"NodeGroupArgs.max_size: must be >= min_size 3 \(got 2\)"),
        (
            {"max_unavailable_percentage": 50},
            r"max_unavailable_percentage: must be between 1 and 33 \(got 50\)",
        ),
        ({"instance_types": []}, r"NodeGroupArgs.instance_types: must name at least one"),
    ],
)
def test_bad_node_group_args(overrides, message):
    base = NodeGroupArgs(instance_types=["m7i.xlarge"], min_size=3, max_size=12)
    with pytest.raises(ValueError, match=message):
        replace(base, **overrides)
