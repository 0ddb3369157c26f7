"""The front door of each shipped stack, from its recorded offline plan."""

import json

import pytest

from components.reference.edge import ELB_LOG_DELIVERY_ACCOUNTS, TLS13_POLICIES
from tests.support import DR_REGION, PRIMARY_REGION, plan_modified, shipped_plan

ENVIRONMENTS = ("dev", "staging", "prod")
# environment: regions with a load balancer
EDGE_REGIONS = {"dev": [PRIMARY_REGION], "staging": [PRIMARY_REGION], "prod": [PRIMARY_REGION, DR_REGION]}
LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer"
LISTENER = "aws:lb/listener:Listener"
RECORD = "aws:route53/record:Record"


def in_region(plan, resource_type, region):
    return [r for r in plan.of_type(resource_type) if r.region == region]


def access_log_bucket_parts(plan, resource_type, region):
    """The access-log bucket's resources of one type (the audit trail's bucket shares the primary region)."""
    return [r for r in in_region(plan, resource_type, region) if "-access-logs-" in r.name]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_each_region_with_compute_has_one_hardened_internet_facing_alb(environment):
    plan = shipped_plan(environment)
    assert sorted({r.region for r in plan.of_type(LOAD_BALANCER)}) == sorted(EDGE_REGIONS[environment])
    for region in EDGE_REGIONS[environment]:
        [alb] = in_region(plan, LOAD_BALANCER, region)
        inputs = alb.inputs
        assert inputs["internal"] is False and inputs["loadBalancerType"] == "application"
        assert inputs["dropInvalidHeaderFields"] is True and inputs["desyncMitigationMode"] == "strictest"
        assert inputs["enableDeletionProtection"] is (environment != "dev")
        assert inputs["accessLogs"]["enabled"] is True
        [bucket] = [b for b in in_region(plan, "aws:s3/bucket:Bucket", region) if "access-logs" in b.name]
        assert inputs["accessLogs"]["bucket"] == bucket.outputs["bucket"]
        assert len(inputs["subnets"]) >= 2


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_https_listener_on_tls13_and_http_listener_only_redirects(environment):
    plan = shipped_plan(environment)
    for region in EDGE_REGIONS[environment]:
        listeners = {r.inputs["protocol"]: r.inputs for r in in_region(plan, LISTENER, region)}
        assert set(listeners) == {"HTTPS", "HTTP"}
        https, http = listeners["HTTPS"], listeners["HTTP"]
        assert https["port"] == 443 and https["sslPolicy"] in TLS13_POLICIES and https["certificateArn"]
        assert [a["type"] for a in http["defaultActions"]] == ["redirect"]
        assert http["defaultActions"][0]["redirect"]["protocol"] == "HTTPS"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_alb_has_its_regional_web_acl_and_certificate(environment):
    plan = shipped_plan(environment)
    for region in EDGE_REGIONS[environment]:
        [alb] = in_region(plan, LOAD_BALANCER, region)
        associations = in_region(plan, "aws:wafv2/webAclAssociation:WebAclAssociation", region)
        [association] = [a for a in associations if a.inputs["resourceArn"] == alb.outputs["arn"]]
        acls = in_region(plan, "aws:wafv2/webAcl:WebAcl", region)
        [acl] = [a for a in acls if a.outputs["arn"] == association.inputs["webAclArn"]]
        assert acl.inputs["scope"] == "REGIONAL" and "-edge-" in acl.name
        # The user pool's sign-in domain has a certificate of its own (identity tests).
        certificates = in_region(plan, "aws:acm/certificate:Certificate", region)
        [certificate] = [c for c in certificates if "-edge-" in c.name]
        assert certificate.inputs["validationMethod"] == "DNS"
        assert certificate.outputs["arn"].startswith(f"arn:aws:acm:{region}:")


def test_prod_api_name_fails_over_on_a_health_check_of_the_primary_readiness_path():
    plan = shipped_plan("prod")
    records = [r for r in plan.of_type(RECORD) if r.inputs.get("setIdentifier")]
    by_role = {r.inputs["failoverRoutingPolicies"][0]["type"]: r for r in records}
    assert set(by_role) == {"PRIMARY", "SECONDARY"}
    [check] = plan.of_type("aws:route53/healthCheck:HealthCheck")
    [east_alb] = in_region(plan, LOAD_BALANCER, PRIMARY_REGION)
    [west_alb] = in_region(plan, LOAD_BALANCER, DR_REGION)
    assert by_role["PRIMARY"].inputs["healthCheckId"] == check.outputs["id"]
    assert by_role["PRIMARY"].inputs["aliases"][0]["name"] == east_alb.outputs["dnsName"]
    assert by_role["SECONDARY"].inputs["aliases"][0]["name"] == west_alb.outputs["dnsName"]
    assert by_role["SECONDARY"].inputs["aliases"][0]["zoneId"] == "Z1H1FL5HABSF5"  # us-west-2 ALBs
    assert check.inputs["fqdn"] == east_alb.outputs["dnsName"] and check.inputs["resourcePath"] == "/readyz"
    assert check.inputs["type"] == "HTTPS" and len(check.inputs["regions"]) >= 3
    assert {r.inputs["name"] for r in records} == {"api.mobile.example.com"}


@pytest.mark.parametrize("environment", ["dev", "staging"])
def test_other_strategies_get_one_simple_alias_record(environment):
    plan = shipped_plan(environment)
    api = [r for r in plan.of_type(RECORD) if r.inputs.get("aliases") and "-sign-in-" not in r.name]
    assert len(api) == 1 and not api[0].inputs.get("failoverRoutingPolicies")
    assert not plan.of_type("aws:route53/healthCheck:HealthCheck")


def test_dev_creates_its_zone_and_staging_adopts_the_given_one():
    dev, staging = shipped_plan("dev"), shipped_plan("staging")
    [zone] = dev.of_type("aws:route53/zone:Zone")
    assert zone.inputs["name"] == "dev.mobile.example.com"
    assert dev.outputs["front_door"]["hosted_zone_id"] == zone.outputs["zoneId"]
    assert not staging.of_type("aws:route53/zone:Zone")
    assert staging.outputs["front_door"]["hosted_zone_id"] == "Z0871242271PZ1D1S8G0R"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_access_log_bucket_is_sse_s3_private_and_writable_only_by_the_regional_elb_principal(environment):
    plan = shipped_plan(environment)
    for region in EDGE_REGIONS[environment]:
        [encryption] = access_log_bucket_parts(
            plan, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", region
        )
        default = encryption.inputs["rules"][0]["applyServerSideEncryptionByDefault"]
        assert default == {"sseAlgorithm": "AES256"}
        [policy] = access_log_bucket_parts(plan, "aws:s3/bucketPolicy:BucketPolicy", region)
        statements = {s["Sid"]: s for s in json.loads(policy.inputs["policy"])["Statement"]}
        delivery = statements["ElbAccessLogDelivery"]
        assert delivery["Principal"] == {"AWS": f"arn:aws:iam::{ELB_LOG_DELIVERY_ACCOUNTS[region]}:root"}
        assert delivery["Resource"][0].endswith("/alb/AWSLogs/111122223333/*")
        assert statements["DenyInsecureTransport"]["Effect"] == "Deny"
        [ownership] = access_log_bucket_parts(plan, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", region)
        assert ownership.inputs["rule"]["objectOwnership"] == "BucketOwnerEnforced"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_only_the_exposed_service_is_a_nodeport_target_reached_from_the_alb_only(environment):
    plan = shipped_plan(environment)
    services = {
        r.inputs["metadata"]["name"]: r.inputs
        for r in plan.of_type("kubernetes:core/v1:Service")
        if r.inputs["metadata"].get("namespace") in ("api", "worker")
    }
    assert services["api"]["spec"]["type"] == "NodePort"
    assert services["api"]["spec"]["externalTrafficPolicy"] == "Local"
    assert services["api"]["spec"]["ports"][0]["nodePort"] == 30080
    assert services["api"]["metadata"]["labels"]["bulkhead.io/front-door"] == "edge"
    assert services["worker"]["spec"]["type"] == "ClusterIP"
    assert "bulkhead.io/front-door" not in services["worker"]["metadata"]["labels"]
    region = PRIMARY_REGION
    [target_group] = in_region(plan, "aws:lb/targetGroup:TargetGroup", region)
    assert target_group.inputs["port"] == 30080 and target_group.inputs["targetType"] == "instance"
    assert target_group.inputs["healthCheck"]["path"] == "/readyz"
    [attachment] = in_region(plan, "aws:autoscaling/attachment:Attachment", region)
    assert attachment.inputs["lbTargetGroupArn"] == target_group.outputs["arn"]
    assert attachment.inputs["autoscalingGroupName"].startswith("eks-")
    node_rules = [
        r
        for r in in_region(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", region)
        if r.inputs.get("fromPort") == 30080
    ]
    [alb_group] = [g for g in in_region(plan, "aws:ec2/securityGroup:SecurityGroup", region) if "alb-sg" in g.name]
    assert [r.inputs.get("referencedSecurityGroupId") for r in node_rules] == [alb_group.outputs["id"]]


def test_prod_front_door_output_names_both_regions_for_the_runbooks():
    from bulkhead.runbooks.outputs import FrontDoorOutput

    output = shipped_plan("prod").outputs["front_door"]
    door = FrontDoorOutput.model_validate(output)
    assert door.routing == "failover" and door.health_check_id
    assert sorted(door.regions) == [PRIMARY_REGION, DR_REGION]
    assert set(door.regions[DR_REGION].target_group_arns) == {"api"}


def test_a_second_exposed_service_gets_its_own_route_and_target_group(tmp_path):
    def expose_worker(settings):
        settings["services"][1]["ingress"] = {"load_balancer": {"paths": ["/jobs/*"], "node_port": 30081}}

    plan = plan_modified(tmp_path, "staging", expose_worker)
    groups = {g.inputs["port"] for g in plan.of_type("aws:lb/targetGroup:TargetGroup")}
    rules = [r.inputs for r in plan.of_type("aws:lb/listenerRule:ListenerRule")]
    assert groups == {30080, 30081}
    assert sorted(r["conditions"][0]["pathPattern"]["values"] for r in rules) == [["/*"], ["/jobs/*"]]
    priority = {r["conditions"][0]["pathPattern"]["values"][0]: r["priority"] for r in rules}
    assert priority["/jobs/*"] < priority["/*"]  # ALB evaluates low numbers first: the catch-all goes last
