"""Each service learns where its declared needs live (endpoints, users, secret ARNs), and nothing secret."""

import pytest

from tests.settings.support import shipped_stack
from tests.support import DR_REGION, PRIMARY_REGION, shipped_plan


def container_env(plan, cluster_prefix: str, service: str) -> dict[str, str]:
    deployment = next(
        r for r in plan.of_type("kubernetes:apps/v1:Deployment") if r.name == f"{cluster_prefix}-{service}-deployment"
    )
    # The service's own container comes first (an AppConfig Agent sidecar may follow it).
    container = deployment.inputs["spec"]["template"]["spec"]["containers"][0]
    assert container["name"] == service
    return {item["name"]: item["value"] for item in container["env"]}


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_services_get_exactly_the_connection_settings_of_their_needs(environment):
    plan = shipped_plan(environment)
    settings = shipped_stack(environment)
    [database] = [r for r in plan.of_type("aws:rds/cluster:Cluster") if r.region == PRIMARY_REGION]
    for service in settings.services:
        env = container_env(plan, f"mobile-{environment}-cluster", service.name)
        needs = service.needs
        assert ("BULKHEAD_DB_HOST" in env) is (needs.database_user is not None)
        assert ("BULKHEAD_CACHE_HOST" in env) is needs.cache
        if needs.database_user is not None:
            assert env["BULKHEAD_DB_HOST"] == database.outputs["endpoint"]
            assert env["BULKHEAD_DB_USER"] == needs.database_user
            assert env["PGSSLMODE"] == "verify-full"
        secret_vars = sorted(key for key in env if key.startswith("BULKHEAD_SECRET_"))
        assert secret_vars == sorted(f"BULKHEAD_SECRET_{n.upper().replace('-', '_')}_ARN" for n in needs.secrets)
        assert all(env[key].startswith(f"arn:aws:secretsmanager:{PRIMARY_REGION}:") for key in secret_vars)
        queue_vars = sorted(key for key in env if key.startswith("BULKHEAD_QUEUE_"))
        assert queue_vars == sorted(f"BULKHEAD_QUEUE_{n.upper().replace('-', '_')}_URL" for n in needs.queues.names)
        assert all(env[key].startswith(f"https://sqs.{PRIMARY_REGION}.amazonaws.com/") for key in queue_vars)
        assert ("BULKHEAD_FLAGS_URL" in env) is needs.flags
        assert not any("PASSWORD" in key or "TOKEN" in key for key in env)


def test_warm_standby_services_point_at_the_dr_secondaries():
    plan = shipped_plan("prod")
    settings = shipped_stack("prod")
    [dr_database] = [r for r in plan.of_type("aws:rds/cluster:Cluster") if r.region == DR_REGION]
    [dr_cache] = [r for r in plan.of_type("aws:elasticache/replicationGroup:ReplicationGroup") if r.region == DR_REGION]
    for service in settings.services:
        env = container_env(plan, "mobile-prod-dr-cluster", service.name)
        assert env["AWS_REGION"] == DR_REGION
        if service.needs.database_user is not None:
            assert env["BULKHEAD_DB_HOST"] == dr_database.outputs["endpoint"]
        if service.needs.cache:
            assert env["BULKHEAD_CACHE_HOST"] == dr_cache.outputs["primaryEndpointAddress"]
        for key in (k for k in env if k.startswith("BULKHEAD_SECRET_")):
            assert env[key].startswith(f"arn:aws:secretsmanager:{DR_REGION}:")
        for key in (k for k in env if k.startswith("BULKHEAD_QUEUE_")):
            assert env[key].startswith(f"https://sqs.{DR_REGION}.amazonaws.com/")
