"""The front-door components under the recording mocks: args validation and what each one creates."""

import json

import pulumi
import pytest

from components.edge.access_logs import AccessLogBucket, AccessLogBucketArgs
from components.edge.dns import AliasTarget, ApiDomain, ApiDomainArgs, HealthCheckArgs
from components.edge.load_balancer import Edge, EdgeArgs, EdgeRoute
from components.edge.web_acl import WebAclArgs, web_acl_rules
from components.reference.edge import ELB_LOG_DELIVERY_SERVICE_PRINCIPAL, elb_log_delivery_principal
from tests.support import ACCOUNT_ID, ignored_changes, in_provider, policy_document, provider, record

LOGS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/0d5c8f2e-7a11-4f8e-9d7e-3c2b1a0f9e81"
WAF = WebAclArgs(rate_limit=2000, logs_kms_key_arn=LOGS_KEY, log_retention_days=365)
API = EdgeRoute(name="api", node_port=30080, health_path="/readyz")


def edge_args(**overrides) -> EdgeArgs:
    values = {
        "region": "us-east-1",
        "account_id": ACCOUNT_ID,
        "vpc_id": "vpc-0123456789abcdef0",
        "public_subnet_ids": ["subnet-0a", "subnet-0b"],
        "node_security_group_id": "sg-0nodes000000000000",
        "node_autoscaling_group_name": "eks-nodes-1a2b",
        "domain_name": "api.mobile.example.com",
        "zone_id": "Z05413621ZQ8VJ3Q7W0KX",
        "routes": [API],
        "web_acl": WAF,
        "access_log_retention_days": 365,
        "tls_policy": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    }
    return EdgeArgs(**{**values, **overrides})


def build_edge(**overrides):
    return record(lambda: Edge("edge", edge_args(**overrides), opts=in_provider(provider())))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"public_subnet_ids": ["subnet-0a"]}, "EdgeArgs.public_subnet_ids: an ALB needs subnets in at least two AZs"),
        ({"routes": []}, "EdgeArgs.routes: must expose at least one service (got none)"),
        ({"tls_policy": "ELBSecurityPolicy-2016-08"}, "EdgeArgs.tls_policy: must be one of"),
        ({"deregistration_delay_seconds": 4000}, "EdgeArgs.deregistration_delay_seconds: must be between 0 and 3600"),
        ({"slow_start_seconds": 10}, "EdgeArgs.slow_start_seconds: must be between 30 and 900 (got 10)"),
        (
            {"routes": [API, EdgeRoute(name="api", node_port=30081, health_path="/readyz")]},
            "EdgeArgs.routes: each route needs its own name",
        ),
    ],
)
def test_edge_args_refuse_what_aws_or_the_routing_would_refuse(overrides, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        edge_args(**overrides)


def test_route_node_port_must_be_in_the_kubernetes_nodeport_range():
    with pytest.raises(ValueError, match=r"EdgeRoute\(api\).node_port: must be between 30000 and 32767 \(got 80\)"):
        EdgeRoute(name="api", node_port=80, health_path="/readyz")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rate_limit": 9}, r"WebAclArgs.rate_limit: must be between 10 and 2000000000 \(got 9\)"),
        ({"rate_window_seconds": 30}, r"WebAclArgs.rate_window_seconds: must be one of \[60, 120, 300, 600\]"),
        ({"max_body_bytes": 16384}, r"WebAclArgs.max_body_bytes: must be between 1 and 8192 \(got 16384\)"),
    ],
)
def test_web_acl_args_refuse_values_waf_refuses(overrides, message):
    with pytest.raises(ValueError, match=message):
        WebAclArgs(**{"rate_limit": 2000, "logs_kms_key_arn": LOGS_KEY, "log_retention_days": 365, **overrides})


def test_health_check_needs_three_checker_regions():
    with pytest.raises(ValueError, match="HealthCheckArgs.regions: must be at least 3 of"):
        HealthCheckArgs(resource_path="/readyz", regions=("us-east-1", "us-west-2"))
    with pytest.raises(ValueError, match=r"HealthCheckArgs.interval_seconds: must be one of \[10, 30\] \(got 20\)"):
        HealthCheckArgs(resource_path="/readyz", interval_seconds=20)


def test_web_acl_rules_drop_bad_reputation_first_then_limit_then_managed_groups():
    rules = web_acl_rules("edge-waf", WAF)
    assert [rule["name"] for rule in rules] == [
        "AWSManagedRulesAmazonIpReputationList",
        "rate-limit-per-ip",
        "body-size-limit",
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesSQLiRuleSet",
    ]
    assert [rule["priority"] for rule in rules] == list(range(6))
    rate = rules[1]["statement"]["rate_based_statement"]
    assert rate == {"limit": 2000, "evaluation_window_sec": 300, "aggregate_key_type": "IP"}
    assert rules[2]["statement"]["size_constraint_statement"]["field_to_match"]["body"]["oversize_handling"] == "MATCH"


def test_edge_builds_the_alb_listeners_route_waf_and_logs():
    recorded = build_edge()
    alb = recorded.one("aws:lb/loadBalancer:LoadBalancer")
    assert alb.inputs["desyncMitigationMode"] == "strictest" and alb.inputs["enableWafFailOpen"] is False
    bucket = recorded.one("aws:s3/bucket:Bucket")
    assert alb.inputs["accessLogs"] == {"enabled": True, "bucket": bucket.outputs["bucket"], "prefix": "alb"}
    https = recorded.one("aws:lb/listener:Listener", "-https")
    assert https.inputs["routingHttpResponseServerEnabled"] is False
    assert https.inputs["routingHttpResponseStrictTransportSecurityHeaderValue"].startswith("max-age=31536000")
    assert https.inputs["defaultActions"][0]["fixedResponse"]["statusCode"] == "404"
    group = recorded.one("aws:lb/targetGroup:TargetGroup")
    assert (group.inputs["deregistrationDelay"], group.inputs["slowStart"]) == (30, 30)
    rule = recorded.one("aws:lb/listenerRule:ListenerRule")
    assert rule.inputs["actions"][0]["targetGroupArn"] == group.outputs["arn"]
    logging = recorded.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")
    assert [f["singleHeader"]["name"] for f in logging.inputs["redactedFields"]] == ["authorization", "cookie"]
    log_group = recorded.one("aws:cloudwatch/logGroup:LogGroup")
    assert log_group.inputs["name"] == "aws-waf-logs-edge-waf" and log_group.inputs["kmsKeyId"] == LOGS_KEY
    validation = recorded.one("aws:route53/record:Record", "-validation")
    assert validation.inputs["allowOverwrite"] is True and validation.inputs["type"] == "CNAME"


def test_alb_security_group_admits_the_internet_on_443_and_80_and_reaches_only_the_node_port():
    recorded = build_edge()
    ingress = recorded.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    public = sorted((r.inputs["fromPort"], r.inputs["cidrIpv4"]) for r in ingress if r.inputs.get("cidrIpv4"))
    assert public == [(80, "0.0.0.0/0"), (443, "0.0.0.0/0")]
    [to_nodes] = [r for r in ingress if r.inputs.get("referencedSecurityGroupId")]
    assert (to_nodes.inputs["securityGroupId"], to_nodes.inputs["fromPort"]) == ("sg-0nodes000000000000", 30080)
    [egress] = recorded.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
    assert (egress.inputs["referencedSecurityGroupId"], egress.inputs["toPort"]) == ("sg-0nodes000000000000", 30080)


@pytest.mark.parametrize(
    ("region", "principal"),
    [
        ("us-east-1", {"AWS": "arn:aws:iam::127311923021:root"}),
        ("us-west-2", {"AWS": "arn:aws:iam::797873946194:root"}),
        ("ap-southeast-5", {"Service": ELB_LOG_DELIVERY_SERVICE_PRINCIPAL}),  # opened after August 2022
    ],
)
def test_access_logs_are_written_by_the_regions_elb_principal(region, principal):
    assert elb_log_delivery_principal(region) == principal
    recorded = record(
        lambda: AccessLogBucket(
            "logs",
            AccessLogBucketArgs(region=region, account_id=ACCOUNT_ID, retention_days=90),
            opts=in_provider(provider(region)),
        ),
        region=region,
    )
    statements = {s["Sid"]: s for s in policy_document(recorded.one("aws:s3/bucketPolicy:BucketPolicy"))["Statement"]}
    assert statements["ElbAccessLogDelivery"]["Principal"] == principal
    assert statements["ElbAccessLogDelivery"]["Action"] == ["s3:PutObject"]
    lifecycle = recorded.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
    assert lifecycle.inputs["rules"][0]["expiration"]["days"] == 90


def test_access_log_retention_is_bounded():
    with pytest.raises(ValueError, match=r"AccessLogBucketArgs.retention_days: must be between 1 and 3650 \(got 0\)"):
        AccessLogBucketArgs(region="us-east-1", account_id=ACCOUNT_ID, retention_days=0)


def build_domain(hosted_zone_id=None, failover=True):
    def program():
        domain = ApiDomain(
            "api-domain",
            ApiDomainArgs(domain="mobile.example.com", record_name="api", hosted_zone_id=hosted_zone_id),
            opts=in_provider(provider()),
        )
        primary = AliasTarget(dns_name="edge-1.us-east-1.elb.amazonaws.com", zone_id="Z35SXDOTRQ7X7K")
        secondary = AliasTarget(dns_name="edge-2.us-west-2.elb.amazonaws.com", zone_id="Z1H1FL5HABSF5")
        if failover:
            domain.route_failover(primary, secondary, HealthCheckArgs(resource_path="/readyz"))
        else:
            domain.route_simple(primary)
        pulumi.export("zone", domain.zone_id)

    return program


def test_failover_records_point_primary_and_secondary_with_a_health_check_on_the_primary():
    recorded = record(build_domain("Z05413621ZQ8VJ3Q7W0KX"))
    primary = recorded.one("aws:route53/record:Record", "-api-primary")
    secondary = recorded.one("aws:route53/record:Record", "-api-secondary")
    check = recorded.one("aws:route53/healthCheck:HealthCheck")
    assert primary.inputs["healthCheckId"] == check.outputs["id"] and "healthCheckId" not in secondary.inputs
    assert primary.inputs["zoneId"] == "Z05413621ZQ8VJ3Q7W0KX" and primary.inputs["name"] == "api.mobile.example.com"
    assert check.inputs["fqdn"] == "edge-1.us-east-1.elb.amazonaws.com" and check.inputs["enableSni"] is True
    assert not recorded.of_type("aws:route53/zone:Zone")


def test_the_runbook_owns_the_health_check_inversion(monkeypatch):
    ignored = ignored_changes(monkeypatch, lambda: record(build_domain("Z05413621ZQ8VJ3Q7W0KX")))
    assert ignored["api-domain-primary-health"] == ["invertHealthcheck"]


def test_without_a_zone_id_a_public_zone_is_created_and_a_simple_record_points_at_the_primary():
    recorded = record(build_domain(None, failover=False))
    zone = recorded.one("aws:route53/zone:Zone")
    [api] = recorded.of_type("aws:route53/record:Record")
    assert api.inputs["zoneId"] == zone.outputs["zoneId"] and "failoverRoutingPolicies" not in api.inputs
    assert api.inputs["aliases"][0]["evaluateTargetHealth"] is True


def test_certificate_arn_waits_for_validation():
    recorded = build_edge()
    certificate = recorded.one("aws:acm/certificate:Certificate")
    validation = recorded.one("aws:acm/certificateValidation:CertificateValidation")
    https = recorded.one("aws:lb/listener:Listener", "-https")
    assert validation.inputs["certificateArn"] == certificate.outputs["arn"] == https.inputs["certificateArn"]
    assert json.dumps(certificate.inputs["options"]) == '{"certificateTransparencyLoggingPreference": "ENABLED"}'
