"""The shipped stacks' observability and audit layer, from the recorded offline plan of each environment."""

import json

import pytest

from tests.support import DR_REGION, PRIMARY_REGION, plan_modified, shipped_plan

TOPIC = "aws:sns/topic:Topic"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm"


def key_arns(plan, purpose):
    """The ARNs of the `purpose` key and its replica."""
    return {
        k.outputs["arn"]
        for k in plan.of_type("aws:kms/key:Key") + plan.of_type("aws:kms/replicaKey:ReplicaKey")
        if k.name.removesuffix("-replica").endswith(f"-keys-{purpose}")
    }


def alerts_topics(plan):
    return {t.region: t for t in plan.of_type(TOPIC) if t.inputs.get("name", "").endswith("-alerts")}


@pytest.mark.parametrize(
    ("environment", "regions"),
    [("dev", {PRIMARY_REGION}), ("staging", {PRIMARY_REGION, DR_REGION}), ("prod", {PRIMARY_REGION, DR_REGION})],
)
def test_one_alerts_topic_per_region_on_the_alerts_cmk(environment, regions):
    plan = shipped_plan(environment)
    topics = alerts_topics(plan)
    assert set(topics) == regions
    assert {t.inputs["kmsMasterKeyId"] for t in topics.values()} <= key_arns(plan, "alerts")
    assert plan.outputs["alert_topic_arns"] == {region: t.outputs["arn"] for region, t in topics.items()}


def test_every_alarm_notifies_the_topic_of_its_own_region():
    plan = shipped_plan("prod")
    topics = {region: t.outputs["arn"] for region, t in alerts_topics(plan).items()}
    alarms = plan.of_type(ALARM) + plan.of_type(COMPOSITE)
    assert len(alarms) > 30
    for alarm in alarms:
        for action in alarm.inputs.get("alarmActions", []) + alarm.inputs.get("okActions", []):
            assert action == topics[alarm.region], alarm.name


def test_prod_alarms_watch_every_data_store_in_its_own_region():
    plan = shipped_plan("prod")
    names = {(a.region, a.inputs["name"]) for a in plan.of_type(ALARM)}
    for what in (
        "db-cpu",
        "db-freeable-memory",
        "db-connections",
        "db-replica-lag",
        "cache-engine-cpu",
        "cache-memory",
    ):
        severity = "page" if what not in ("db-connections", "db-replica-lag") else "ticket"
        assert (PRIMARY_REGION, f"mobile-prod-{severity}-{what}") in names
    for what in ("dr-db-cpu", "db-global-lag", "dr-cache-engine-cpu", "cache-global-lag"):
        assert any(region == DR_REGION and name.endswith(f"-{what}") for region, name in names), what
    global_lag = next(a for a in plan.of_type(ALARM) if a.inputs["name"] == "mobile-prod-page-db-global-lag")
    assert global_lag.inputs["threshold"] == 30_000  # half of the 1-minute RPO, in ms
    assert "mobile-prod-db-dr" in global_lag.inputs["metricQueries"][0]["expression"]


def test_every_service_has_a_health_alarm_whose_arn_is_an_output():
    plan = shipped_plan("prod")
    composites = {c.inputs["alarmName"]: c for c in plan.of_type(COMPOSITE) if c.region == PRIMARY_REGION}
    health = plan.outputs["service_health_alarm_arns"]
    assert set(health) == {"api", "worker"}
    assert health["api"] == composites["mobile-prod-ticket-api-unhealthy"].outputs["arn"]
    assert health["api"].startswith(f"arn:aws:cloudwatch:{PRIMARY_REGION}:")
    assert set(plan.outputs["standby_service_health_alarm_arns"]) == {"api", "worker"}
    assert plan.outputs["standby_service_health_alarm_arns"]["api"].startswith(f"arn:aws:cloudwatch:{DR_REGION}:")


@pytest.mark.parametrize(("environment", "regions"), [("dev", [PRIMARY_REGION]), ("prod", [PRIMARY_REGION, DR_REGION])])
def test_request_slo_alarms_watch_the_front_doors_load_balancer_of_their_region(environment, regions):
    plan = shipped_plan(environment)
    for region in regions:
        [balancer] = [b for b in plan.of_type("aws:lb/loadBalancer:LoadBalancer") if b.region == region]
        [target_group] = [t for t in plan.of_type("aws:lb/targetGroup:TargetGroup") if t.region == region]
        expected = {"LoadBalancer": balancer.outputs["arnSuffix"], "TargetGroup": target_group.outputs["arnSuffix"]}
        alarms = {
            a.inputs["name"].split("-api-", 1)[1]: a.inputs
            for a in plan.of_type(ALARM)
            if a.region == region and "-api-" in a.inputs["name"]
        }
        latency = alarms["latency-p99"]
        assert latency["dimensions"] == expected
        for window in ("fast-burn-short", "fast-burn-long", "slow-burn-short", "slow-burn-long"):
            metrics = [q["metric"] for q in alarms[window]["metricQueries"] if q.get("metric")]
            assert [m["dimensions"] for m in metrics] == [expected, expected], window
        assert alarms["no-healthy-targets"]["dimensions"] == expected


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_container_insights_log_groups_are_created_encrypted_before_the_addon(environment):
    plan = shipped_plan(environment)
    addons = [
        a for a in plan.of_type("aws:eks/addon:Addon") if a.inputs["addonName"] == "amazon-cloudwatch-observability"
    ]
    assert len(addons) == (2 if environment == "prod" else 1)  # the warm standby's cluster too
    groups = {g.urn: g for g in plan.of_type("aws:cloudwatch/logGroup:LogGroup")}
    for addon in addons:
        cluster = addon.inputs["clusterName"]
        mine = [groups[u] for u in addon.dependencies if u in groups]
        assert sorted(g.inputs["name"] for g in mine) == [
            f"/aws/containerinsights/{cluster}/{kind}" for kind in ("application", "dataplane", "host", "performance")
        ]
        assert all(g.inputs["kmsKeyId"] in key_arns(plan, "logs") and g.region == addon.region for g in mine)


def test_prod_owns_guardduty_with_eks_protection_and_security_hub_standards_in_both_regions():
    plan = shipped_plan("prod")
    assert {d.region for d in plan.of_type("aws:guardduty/detector:Detector")} == {PRIMARY_REGION, DR_REGION}
    features = {(f.region, f.inputs["name"]) for f in plan.of_type("aws:guardduty/detectorFeature:DetectorFeature")}
    for region in (PRIMARY_REGION, DR_REGION):
        assert {(region, "EKS_AUDIT_LOGS"), (region, "RUNTIME_MONITORING"), (region, "RDS_LOGIN_EVENTS")} <= features
    standards = {
        (s.region, s.inputs["standardsArn"].split("/")[1])
        for s in plan.of_type("aws:securityhub/standardsSubscription:StandardsSubscription")
    }
    assert standards == {
        (region, standard)
        for region in (PRIMARY_REGION, DR_REGION)
        for standard in ("aws-foundational-security-best-practices", "cis-aws-foundations-benchmark")
    }


def test_prod_has_one_multi_region_trail_with_validation_into_a_compliance_locked_bucket():
    plan = shipped_plan("prod")
    (trail,) = plan.of_type("aws:cloudtrail/trail:Trail")
    assert trail.inputs["isMultiRegionTrail"] and trail.inputs["enableLogFileValidation"]
    assert trail.inputs["kmsKeyId"] in key_arns(plan, "audit")
    (bucket,) = [b for b in plan.of_type("aws:s3/bucket:Bucket") if "-audit-" in b.name]
    assert trail.inputs["s3BucketName"] == bucket.inputs["bucket"] == "mobile-prod-audit-trail-111122223333"
    assert bucket.inputs["objectLockEnabled"]
    (lock,) = plan.of_type("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")
    assert lock.inputs["rule"]["defaultRetention"] == {"mode": "COMPLIANCE", "days": 365}
    assert plan.outputs["account_baseline"]["trail_arn"] == trail.outputs["arn"]
    assert plan.outputs["account_baseline"]["owned_by"] == "organization/bulkhead/prod"


@pytest.mark.parametrize("environment", ["dev", "staging"])
def test_stacks_sharing_prods_account_declare_its_baseline_instead_of_creating_another(environment):
    plan = shipped_plan(environment)
    for singleton in (
        "aws:cloudtrail/trail:Trail",
        "aws:guardduty/detector:Detector",
        "aws:securityhub/account:Account",
        "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
        "aws:xray/encryptionConfig:EncryptionConfig",
    ):
        assert plan.of_type(singleton) == [], singleton
    (reference,) = baseline_owner_references(plan)
    assert reference.inputs["name"] == "organization/bulkhead/prod"
    assert plan.outputs["account_baseline"]["owned_by"] == "organization/bulkhead/prod"


def baseline_owner_references(plan):
    """The AWS layer's stack references (each Kubernetes layer has its own, to the AWS layer)."""
    return [r for r in plan.of_type("pulumi:pulumi:StackReference") if r.layer == "aws"]


def test_a_staging_plan_that_neither_owns_nor_declares_the_baseline_fails_the_pack():
    from dataclasses import asdict

    from bulkhead.plan.policy_report import evaluate_plan

    records = [asdict(r) for r in shipped_plan("staging").resources]
    declared = evaluate_plan(records, "staging")
    assert not [f for f in declared.violations if f.policy == "account-security-baseline"]
    undeclared = evaluate_plan([r for r in records if r["type"] != "pulumi:pulumi:StackReference"], "staging")
    assert len([f for f in undeclared.violations if f.policy == "account-security-baseline"]) == 3


def test_staging_could_own_the_baseline_in_an_account_of_its_own(tmp_path):
    def own(settings):
        settings["observability"]["account_baseline"] = {"owner": True}

    plan = plan_modified(tmp_path, "staging", own)
    (lock,) = plan.of_type("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")
    assert lock.inputs["rule"]["defaultRetention"] == {"mode": "GOVERNANCE", "days": 90}
    assert plan.outputs["account_baseline"]["audit_bucket_lock_mode"] == "GOVERNANCE"  # what verify expects
    assert baseline_owner_references(plan) == []


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_services_send_traces_to_the_agent_and_may_reach_it_on_the_node_subnets(environment):
    plan = shipped_plan(environment)
    deployment = next(
        d
        for d in plan.of_type("kubernetes:apps/v1:Deployment")
        if d.name == f"mobile-{environment}-cluster-api-deployment"
    )
    # The service's own container (the api also runs the AppConfig Agent sidecar).
    container = next(c for c in deployment.inputs["spec"]["template"]["spec"]["containers"] if c["name"] == "api")
    env = {item["name"]: item["value"] for item in container["env"]}
    assert env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] == "http://cloudwatch-agent.amazon-cloudwatch:4316/v1/traces"
    assert env["OTEL_SERVICE_NAME"] == f"mobile-{environment}-api"
    assert env["BULKHEAD_LOG_FORMAT"] == "json"
    policy = next(
        p
        for p in plan.of_type("kubernetes:networking.k8s.io/v1:NetworkPolicy")
        if p.name == f"mobile-{environment}-cluster-api-allow"
    )
    agent_rules = [
        r for r in policy.inputs["spec"]["egress"] if r.get("ports") and r["ports"][0]["port"] in (4316, 2000)
    ]
    assert {r["ports"][0]["port"] for r in agent_rules} == {4316, 2000}
    sampling = {
        r.inputs["ruleName"] for r in plan.of_type("aws:xray/samplingRule:SamplingRule") if r.region == PRIMARY_REGION
    }
    assert sampling == {f"mobile-{environment}-api", f"mobile-{environment}-worker"}


@pytest.mark.parametrize(("environment", "slow_ms"), [("dev", "2000"), ("staging", "1000"), ("prod", "500")])
def test_aurora_loads_pgaudit_and_logs_no_bound_parameters(environment, slow_ms):
    plan = shipped_plan(environment)
    for group in plan.of_type("aws:rds/clusterParameterGroup:ClusterParameterGroup"):
        parameters = {p["name"]: p for p in group.inputs["parameters"]}
        assert parameters["shared_preload_libraries"]["value"] == "pg_stat_statements,pgaudit"
        assert parameters["shared_preload_libraries"]["applyMethod"] == "pending-reboot"
        assert parameters["pgaudit.role"]["value"] == "rds_pgaudit"
        assert parameters["pgaudit.log"]["value"] == "ddl,role"
        assert parameters["log_min_duration_statement"]["value"] == slow_ms
        assert parameters["pgaudit.log_parameter"]["value"] == "0"
        assert parameters["log_parameter_max_length"]["value"] == "0"
    assert plan.outputs["database_audit_sql"] == [
        "CREATE ROLE rds_pgaudit;",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON payments.payment_methods TO rds_pgaudit;",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON public.users TO rds_pgaudit;",
    ]


def test_backup_failures_are_routed_to_the_alerts_topic():
    plan = shipped_plan("prod")
    rules = {r.inputs["name"]: r for r in plan.of_type("aws:cloudwatch/eventRule:EventRule")}
    assert {
        "mobile-prod-page-backup-job-failed",
        "mobile-prod-page-backup-copy-failed",
        "mobile-prod-ticket-restore-test-failed",
    } <= set(rules)
    assert json.loads(rules["mobile-prod-page-backup-job-failed"].inputs["eventPattern"])["source"] == ["aws.backup"]


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_the_user_pools_risky_sign_ins_are_alarmed_in_its_region_by_its_id(environment):
    plan = shipped_plan(environment)
    (pool,) = plan.of_type("aws:cognito/userPool:UserPool")
    alarms = {
        a.inputs["name"]: a for a in plan.of_type(ALARM) if a.name.startswith(f"mobile-{environment}-sign-in-alarms")
    }
    prefix = f"mobile-{environment}"
    assert set(alarms) == {f"{prefix}-page-sign-in-takeover-wave", f"{prefix}-ticket-sign-in-compromised-credentials"}
    topic = alerts_topics(plan)[PRIMARY_REGION].outputs["arn"]
    for alarm in alarms.values():
        assert alarm.region == pool.region == PRIMARY_REGION
        assert alarm.inputs["alarmActions"] == alarm.inputs["okActions"] == [topic]
        (query,) = alarm.inputs["metricQueries"]
        assert f"UserPoolId = '{pool.outputs['id']}'" in query["expression"]
    takeover = alarms[f"{prefix}-page-sign-in-takeover-wave"].inputs["metricQueries"][0]["expression"]
    assert takeover.startswith('SELECT SUM(AccountTakeoverRisk) FROM "AWS/Cognito"')
    assert takeover.endswith("AND RiskLevel = 'high'")


def test_a_stack_without_a_user_pool_has_no_sign_in_alarms(tmp_path):
    def without_identity(settings):
        settings.pop("identity")
        for service in settings["services"]:
            service.get("needs", {}).pop("user_tokens", None)

    plan = plan_modified(tmp_path, "dev", without_identity)
    assert not plan.of_type("aws:cognito/userPool:UserPool")
    assert not [a for a in plan.of_type(ALARM) if a.name.startswith("mobile-dev-sign-in-alarms")]


def test_pages_only_subscription_reads_its_url_from_secrets_manager_and_keeps_it_secret():
    plan = shipped_plan("prod")
    subscriptions = [
        s for s in plan.of_type("aws:sns/topicSubscription:TopicSubscription") if s.inputs.get("filterPolicy")
    ]
    assert {s.region for s in subscriptions} == {PRIMARY_REGION, DR_REGION}
    assert all(s.inputs["endpoint"] == "[secret]" and s.inputs["protocol"] == "https" for s in subscriptions)


def test_dev_scales_the_thresholds_to_its_environment():
    dev = {a.inputs["name"]: a.inputs for a in shipped_plan("dev").of_type(ALARM)}
    prod = {a.inputs["name"]: a.inputs for a in shipped_plan("prod").of_type(ALARM)}
    assert dev["mobile-dev-page-db-cpu"]["threshold"] == 90 and prod["mobile-prod-page-db-cpu"]["threshold"] == 80
    assert "mobile-dev-ticket-db-replica-lag" not in dev  # a writer without readers
