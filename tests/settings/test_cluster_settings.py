"""The `cluster:` section: endpoint exposure, versions, nodes and the environment floors."""

import pytest

from infra.settings import validate_settings
from tests.settings.support import DEV, PROD, STAGING, problems


def test_shipped_clusters_per_environment(shipped_settings):
    expected = {
        "dev": ("SPOT", 1, 3, False),  # the in-VPC runner applies the Kubernetes layer: no public endpoint
        "staging": ("ON_DEMAND", 2, 6, False),
        "prod": ("ON_DEMAND", 3, 12, False),
    }
    for environment, (capacity, min_size, max_size, public) in expected.items():
        raw, region = shipped_settings(environment)
        cluster = validate_settings(raw, region, environment).cluster
        nodes = cluster.nodes
        assert (nodes.capacity_type, nodes.min_size, nodes.max_size) == (capacity, min_size, max_size)
        assert bool(cluster.public_access_cidrs) is public


def test_public_endpoint_only_in_dev(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["cluster"]["public_access_cidrs"] = ["203.0.113.0/24"]
    assert problems(raw, region, STAGING) == [
        f"{STAGING}: cluster.public_access_cidrs: must be empty in staging (private endpoint only) "
        "(got ['203.0.113.0/24'])"
    ]


@pytest.mark.parametrize("cidr", ["0.0.0.0/0", "::/0"])
def test_public_endpoint_never_open_to_the_internet(shipped_settings, cidr):
    raw, region = shipped_settings("dev")
    raw["cluster"]["public_access_cidrs"] = [cidr]
    [line] = problems(raw, region, DEV)
    assert line.startswith(f"{DEV}: cluster.public_access_cidrs[0]: ")
    assert line.endswith(f"(got '{cidr}')")


def test_public_access_cidrs_are_networks(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["cluster"]["public_access_cidrs"] = ["203.0.113.7/24"]
    assert problems(raw, region, DEV) == [
        f"{DEV}: cluster.public_access_cidrs[0]: must be a network in CIDR notation such as 203.0.113.0/24 "
        "(host bits are set) (got '203.0.113.7/24')"
    ]


def test_prod_node_floor_and_on_demand(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["cluster"]["nodes"].update(min_size=2, capacity_type="SPOT")
    assert problems(raw, region, PROD) == [
        f"{PROD}: cluster.nodes.min_size: must be >= 3 in prod (got 2)",
        f"{PROD}: cluster.nodes.capacity_type: must be 'ON_DEMAND' in prod (got 'SPOT')",
    ]


def test_node_min_above_max(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["cluster"]["nodes"].update(min_size=3, max_size=2)
    assert problems(raw, region, DEV) == [f"{DEV}: cluster.nodes.min_size: must be <= max_size (2) (got 3)"]


def test_instance_types_match_the_ami_architecture(shipped_settings):
    raw, region = shipped_settings("staging")
    raw["cluster"]["nodes"].update(ami_type="AL2023_ARM_64_STANDARD", instance_types=["m7g.large", "m6i.large"])
    assert problems(raw, region, STAGING) == [
        f"{STAGING}: cluster.nodes.instance_types: must all be Graviton (arm64) types to match ami_type "
        "AL2023_ARM_64_STANDARD (got ['m6i.large'])"
    ]


def test_versions_must_match_the_cluster_minor(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["cluster"]["version"] = "1.35"
    assert problems(raw, region, DEV) == [
        f"{DEV}: cluster.addons.kube_proxy: must match the cluster version (v1.35.x) (got 'v1.36.0-eksbuild.14')",
        f"{DEV}: cluster.autoscaling.cluster_autoscaler_image.tag: must match the cluster version (v1.35.x) "
        "(got 'v1.36.1')",
    ]


def test_addon_versions_are_eks_builds(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["cluster"]["addons"]["coredns"] = "latest"
    assert problems(raw, region, DEV) == [
        f"{DEV}: cluster.addons.coredns: must match ^v[0-9]+\\.[0-9]+\\.[0-9]+-eksbuild\\.[0-9]+\\Z (got 'latest')"
    ]


def test_missing_addon_is_reported(shipped_settings):
    raw, region = shipped_settings("dev")
    del raw["cluster"]["addons"]["eks_pod_identity_agent"]
    assert problems(raw, region, DEV) == [f"{DEV}: cluster.addons.eks_pod_identity_agent: is required"]


def test_prod_pins_system_images_by_digest_and_runs_three_replicas(shipped_settings):
    raw, region = shipped_settings("prod")
    del raw["cluster"]["autoscaling"]["metrics_server_image"]["digest"]
    raw["cluster"]["autoscaling"]["replicas"] = 2
    assert problems(raw, region, PROD) == [
        f"{PROD}: cluster.autoscaling.replicas: must be >= 3 in prod (got 2)",
        f"{PROD}: cluster.autoscaling.metrics_server_image.digest: is required in prod "
        "(pin the image by sha256 digest) (got None)",
    ]


def test_control_plane_log_retention_floor(shipped_settings):
    raw, region = shipped_settings("prod")
    raw["cluster"]["log_retention_days"] = 90
    assert problems(raw, region, PROD) == [f"{PROD}: cluster.log_retention_days: must be >= 365 in prod (got 90)"]
    raw["cluster"]["log_retention_days"] = 100
    assert problems(raw, region, PROD)[0].startswith(
        f"{PROD}: cluster.log_retention_days: must be one of the CloudWatch Logs retention values"
    )


def test_admin_roles_are_role_arns(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["cluster"]["admin_role_arns"] = ["arn:aws:iam::111122223333:user/alice"]
    [problem] = problems(raw, region, DEV)
    assert problem.startswith(f"{DEV}: cluster.admin_role_arns[0]: must match ^arn:aws")


def test_unknown_cluster_keys_are_refused(shipped_settings):
    raw, region = shipped_settings("dev")
    raw["cluster"]["endpoint_public"] = True
    assert problems(raw, region, DEV) == [
        f"{DEV}: cluster.endpoint_public: unknown key (check the spelling; allowed keys are listed in docs/settings.md)"
    ]
