"""The audit trail, the account baseline, Container Insights and trace sampling under recording mocks."""

import json

import pytest

from components.observability.account_baseline import AccountBaseline, AccountBaselineArgs
from components.observability.alarms import AlarmRoute
from components.observability.audit_trail import AuditTrail, AuditTrailArgs
from components.observability.container_insights import ContainerInsights, ContainerInsightsArgs
from components.observability.tracing import Sampling, SamplingArgs
from components.reference.cis_filters import CIS_FILTERS
from components.reference.security_hub import standards_arn
from components.support.telemetry import service_telemetry
from tests.support import ACCOUNT_ID, PRIMARY_REGION, in_provider, policy_document, provider, record

AUDIT_KEY = f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-audit"
LOGS_KEY = f"arn:aws:kms:{PRIMARY_REGION}:{ACCOUNT_ID}:key/mrk-logs"
ROUTE = AlarmRoute(topic_arn=f"arn:aws:sns:{PRIMARY_REGION}:{ACCOUNT_ID}:mobile-prod-alerts", name_prefix="mobile-prod")
TRAIL_ARN = f"arn:aws:cloudtrail:{PRIMARY_REGION}:{ACCOUNT_ID}:trail/mobile-prod-trail"
BUCKET = f"mobile-prod-audit-trail-{ACCOUNT_ID}"
CLUSTER_ARN = f"arn:aws:eks:{PRIMARY_REGION}:{ACCOUNT_ID}:cluster/mobile-prod-cluster"


def build_trail(**overrides):
    def build():
        fields = {
            "account_id": ACCOUNT_ID,
            "region": PRIMARY_REGION,
            "name_prefix": "mobile-prod",
            "kms_key_arn": AUDIT_KEY,
            "logs_kms_key_arn": LOGS_KEY,
            "route": ROUTE,
            **overrides,
        }
        AuditTrail("mobile-prod-audit", AuditTrailArgs(**fields), opts=in_provider(provider()))

    return record(build)


@pytest.fixture(scope="module")
def trail():
    return build_trail()


def test_trail_is_multi_region_validated_encrypted_and_feeds_its_log_group(trail):
    inputs = trail.one("aws:cloudtrail/trail:Trail").inputs
    assert inputs["isMultiRegionTrail"] and inputs["includeGlobalServiceEvents"]
    assert inputs["enableLogFileValidation"] and inputs["enableLogging"]
    assert inputs["kmsKeyId"] == AUDIT_KEY
    assert inputs["s3BucketName"] == BUCKET
    log_group = trail.one("aws:cloudwatch/logGroup:LogGroup")
    assert inputs["cloudWatchLogsGroupArn"] == f"{log_group.outputs['arn']}:*"
    assert log_group.inputs["kmsKeyId"] == LOGS_KEY and log_group.inputs["retentionInDays"] == 365


def test_trail_records_reads_of_its_own_bucket_but_not_its_own_deliveries(trail):
    management, bucket_access = trail.one("aws:cloudtrail/trail:Trail").inputs["advancedEventSelectors"]
    assert management["fieldSelectors"] == [{"field": "eventCategory", "equals": ["Management"]}]
    fields = {f["field"]: f for f in bucket_access["fieldSelectors"]}
    assert fields["resources.ARN"]["startsWiths"] == [f"arn:aws:s3:::{BUCKET}/"]
    assert fields["eventName"]["notEquals"] == ["PutObject"]


def test_dropping_secret_reads_keeps_write_management_events_only():
    recorded = build_trail(read_management_events=False, audit_bucket_data_events=False)
    (management,) = recorded.one("aws:cloudtrail/trail:Trail").inputs["advancedEventSelectors"]
    assert {"field": "readOnly", "equals": ["false"]} in management["fieldSelectors"]


def test_bucket_is_locked_versioned_private_owner_enforced_and_encrypted(trail):
    bucket = trail.one("aws:s3/bucket:Bucket")
    assert bucket.inputs["objectLockEnabled"] is True and bucket.protect
    lock = trail.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").inputs
    assert lock["rule"]["defaultRetention"] == {"mode": "COMPLIANCE", "days": 365}
    versioning = trail.one("aws:s3/bucketVersioning:BucketVersioning")
    assert versioning.inputs["versioningConfiguration"] == {"status": "Enabled"}
    lock_record = trail.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")
    assert versioning.urn in lock_record.dependencies
    assert trail.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs["rule"] == {
        "objectOwnership": "BucketOwnerEnforced"
    }
    block = trail.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs
    assert all(
        block[flag] for flag in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    )
    (rule,) = trail.one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
    ).inputs["rules"]
    assert rule["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": AUDIT_KEY}


def test_only_this_trail_writes_to_the_bucket_and_only_over_tls(trail):
    check, write, deny = policy_document(trail.one("aws:s3/bucketPolicy:BucketPolicy"))["Statement"]
    assert check["Action"] == ["s3:GetBucketAcl"]
    assert check["Condition"] == {"StringEquals": {"aws:SourceArn": TRAIL_ARN}}
    assert write["Resource"] == [f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT_ID}/*"]
    assert write["Condition"]["StringEquals"] == {
        "aws:SourceArn": TRAIL_ARN,
        "s3:x-amz-acl": "bucket-owner-full-control",
    }
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    trail_record = trail.one("aws:cloudtrail/trail:Trail")
    assert trail.one("aws:s3/bucketPolicy:BucketPolicy").urn in trail_record.dependencies


def test_delivery_role_is_assumable_by_this_trail_only_and_writes_only_its_streams(trail):
    role = trail.one("aws:iam/role:Role")
    (trust,) = policy_document(role, "assumeRolePolicy")["Statement"]
    assert trust["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
    assert trust["Condition"] == {"StringEquals": {"aws:SourceArn": TRAIL_ARN}}
    (write,) = policy_document(trail.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]
    assert write["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert write["Resource"][0].endswith(f":log-stream:{ACCOUNT_ID}_CloudTrail_*")


def test_every_cis_activity_has_a_metric_filter_and_an_alarm(trail):
    filters = {
        f.inputs["metricTransformation"]["name"]
        for f in trail.of_type("aws:cloudwatch/logMetricFilter:LogMetricFilter")
    }
    assert filters == {cis.key for cis in CIS_FILTERS}
    alarms = {a.inputs["metricName"]: a.inputs for a in trail.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")}
    assert set(alarms) == filters
    assert alarms["root-account-usage"]["name"] == "mobile-prod-page-cis-root-account-usage"
    assert all(a["treatMissingData"] == "notBreaching" for a in alarms.values())


def test_governance_lock_and_short_expiry_skip_the_archive_tier():
    recorded = build_trail(lock_mode="GOVERNANCE", retention_days=30, expire_after_days=90)
    assert recorded.one("aws:s3/bucket:Bucket").protect is False
    (rule,) = recorded.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs["rules"]
    assert rule["expiration"] == {"days": 90} and not rule.get("transitions")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"expire_after_days": 30}, "AuditTrailArgs.expire_after_days: must be >= retention_days 365 (got 30)"),
        ({"lock_mode": "LEGAL"}, "AuditTrailArgs.lock_mode: must be COMPLIANCE or GOVERNANCE (got 'LEGAL')"),
    ],
)
def test_bad_trail_args_are_refused(overrides, message):
    fields = {
        "account_id": ACCOUNT_ID,
        "region": PRIMARY_REGION,
        "name_prefix": "mobile-prod",
        "kms_key_arn": AUDIT_KEY,
        "logs_kms_key_arn": LOGS_KEY,
        "route": ROUTE,
        **overrides,
    }
    with pytest.raises(ValueError) as caught:
        AuditTrailArgs(**fields)
    assert str(caught.value) == message


@pytest.fixture(scope="module")
def baseline():
    return record(
        lambda: AccountBaseline(
            "mobile-prod-account-baseline",
            AccountBaselineArgs(
                account_id=ACCOUNT_ID,
                region=PRIMARY_REGION,
                route=ROUTE,
                logs_kms_key_arn=LOGS_KEY,
                log_retention_days=365,
                repository_prefix="mobile",
            ),
            opts=in_provider(provider()),
        )
    )


def test_guardduty_watches_eks_audit_logs_runtime_rds_logins_and_malware(baseline):
    features = {f.inputs["name"]: f.inputs for f in baseline.of_type("aws:guardduty/detectorFeature:DetectorFeature")}
    assert set(features) == {
        "EKS_AUDIT_LOGS",
        "RUNTIME_MONITORING",
        "RDS_LOGIN_EVENTS",
        "S3_DATA_EVENTS",
        "EBS_MALWARE_PROTECTION",
    }
    assert all(f["status"] == "ENABLED" for f in features.values())
    assert features["RUNTIME_MONITORING"]["additionalConfigurations"] == [
        {"name": "EKS_ADDON_MANAGEMENT", "status": "ENABLED"}
    ]
    detector = baseline.one("aws:guardduty/detector:Detector").inputs
    assert detector["enable"] is True and "datasources" not in detector


def test_security_hub_runs_fsbp_and_cis_and_nothing_aws_picks(baseline):
    hub = baseline.one("aws:securityhub/account:Account").inputs
    assert hub["enableDefaultStandards"] is False and hub["controlFindingGenerator"] == "SECURITY_CONTROL"
    arns = sorted(
        s.inputs["standardsArn"]
        for s in baseline.of_type("aws:securityhub/standardsSubscription:StandardsSubscription")
    )
    assert arns == [
        f"arn:aws:securityhub:{PRIMARY_REGION}::standards/aws-foundational-security-best-practices/v/1.0.0",
        f"arn:aws:securityhub:{PRIMARY_REGION}::standards/cis-aws-foundations-benchmark/v/3.0.0",
    ]


def test_cis_1_2_keeps_its_region_less_ruleset_arn():
    assert standards_arn("cis", region="eu-west-1", cis_version="1.2.0") == (
        "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
    )
    with pytest.raises(ValueError, match="unknown CIS benchmark version '2.0.0'"):
        standards_arn("cis", region="eu-west-1", cis_version="2.0.0")


def test_images_are_scanned_continuously_by_inspector(baseline):
    scanning = baseline.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")
    assert scanning.inputs["scanType"] == "ENHANCED"
    continuous, on_push = scanning.inputs["rules"]
    assert continuous["scanFrequency"] == "CONTINUOUS_SCAN"
    assert continuous["repositoryFilters"] == [{"filter": "mobile/*", "filterType": "WILDCARD"}]
    assert on_push["scanFrequency"] == "SCAN_ON_PUSH"
    enabler = baseline.one("aws:inspector2/enabler:Enabler")
    assert enabler.inputs == {"accountIds": [ACCOUNT_ID], "resourceTypes": ["ECR"]}
    assert enabler.urn in scanning.dependencies


def test_traces_are_encrypted_with_the_logs_key_and_findings_reach_the_topic(baseline):
    assert baseline.one("aws:xray/encryptionConfig:EncryptionConfig").inputs == {"type": "KMS", "keyId": LOGS_KEY}
    signals = baseline.one("aws:cloudwatch/logGroup:LogGroup").inputs
    assert signals["name"] == "/aws/application-signals/data" and signals["kmsKeyId"] == LOGS_KEY
    rules = {
        r.inputs["name"]: json.loads(r.inputs["eventPattern"])
        for r in baseline.of_type("aws:cloudwatch/eventRule:EventRule")
    }
    assert rules["mobile-prod-page-guardduty-finding"]["detail"] == {"severity": [{"numeric": [">=", 7]}]}
    assert set(rules) == {
        "mobile-prod-page-guardduty-finding",
        "mobile-prod-ticket-securityhub-finding",
        "mobile-prod-ticket-inspector-finding",
    }


@pytest.fixture(scope="module")
def insights():
    return record(
        lambda: ContainerInsights(
            "mobile-prod-container-insights",
            ContainerInsightsArgs(
                cluster_name="mobile-prod-cluster",
                cluster_arn=CLUSTER_ARN,
                account_id=ACCOUNT_ID,
                region=PRIMARY_REGION,
                addon_version="v6.2.0-eksbuild.1",
                logs_kms_key_arn=LOGS_KEY,
                log_retention_days=90,
                application_signals_log_group="/aws/application-signals/data",
            ),
            opts=in_provider(provider()),
        )
    )


def test_addon_log_groups_exist_encrypted_before_the_addon(insights):
    groups = insights.of_type("aws:cloudwatch/logGroup:LogGroup")
    assert sorted(g.inputs["name"] for g in groups) == [
        f"/aws/containerinsights/mobile-prod-cluster/{kind}"
        for kind in ("application", "dataplane", "host", "performance")
    ]
    assert all(g.inputs["kmsKeyId"] == LOGS_KEY and g.inputs["retentionInDays"] == 90 for g in groups)
    addon = insights.one("aws:eks/addon:Addon")
    assert {g.urn for g in groups} <= set(addon.dependencies)
    assert addon.inputs["addonName"] == "amazon-cloudwatch-observability"


def test_agent_runs_on_pod_identity_and_writes_only_to_the_pre_created_groups(insights):
    addon = insights.one("aws:eks/addon:Addon").inputs
    role = insights.one("aws:iam/role:Role")
    assert addon["podIdentityAssociations"] == [{"roleArn": role.outputs["arn"], "serviceAccount": "cloudwatch-agent"}]
    (trust,) = policy_document(role, "assumeRolePolicy")["Statement"]
    assert trust["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-namespace"] == "amazon-cloudwatch"
    statements = {s["Sid"]: s for s in policy_document(insights.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]}
    logs = statements["WriteToThePreCreatedLogGroups"]
    assert "logs:CreateLogGroup" not in logs["Action"]
    assert all(
        "/aws/containerinsights/mobile-prod-cluster/" in r or "/aws/application-signals/data" in r
        for r in logs["Resource"]
    )
    metrics = statements["PublishContainerInsightsMetrics"]
    assert metrics["Condition"]["StringEquals"]["cloudwatch:namespace"] == ["ContainerInsights", "ApplicationSignals"]
    config = json.loads(addon["configurationValues"])
    assert config["agent"]["config"]["traces"]["traces_collected"] == {"application_signals": {}}


def test_addon_versions_before_pod_identity_are_refused():
    with pytest.raises(ValueError, match=r"must be >= v3.1.0 for EKS Pod Identity \(got 'v2.6.0-eksbuild.1'\)"):
        ContainerInsightsArgs(
            cluster_name="c",
            cluster_arn=CLUSTER_ARN,
            account_id=ACCOUNT_ID,
            region=PRIMARY_REGION,
            addon_version="v2.6.0-eksbuild.1",
            logs_kms_key_arn=LOGS_KEY,
            log_retention_days=90,
            application_signals_log_group="/aws/application-signals/data",
        )


def test_services_send_traces_to_the_node_local_agent_and_log_json_with_trace_ids():
    telemetry = service_telemetry(prefix="mobile-prod", app="mobile", environment="prod", service="api")
    env = telemetry.env
    assert env["OTEL_SERVICE_NAME"] == "mobile-prod-api"
    assert env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] == "http://cloudwatch-agent.amazon-cloudwatch:4316/v1/traces"
    assert env["OTEL_TRACES_SAMPLER"] == "xray"
    assert env["OTEL_TRACES_SAMPLER_ARG"] == "endpoint=http://cloudwatch-agent.amazon-cloudwatch:2000"
    assert "xray" in env["OTEL_PROPAGATORS"].split(",")
    assert (env["BULKHEAD_LOG_FORMAT"], env["BULKHEAD_LOG_TRACE_FIELDS"]) == ("json", "trace_id,span_id")
    assert tuple(telemetry.collector_ports) == (4316, 2000)


def test_sampling_rules_carry_the_rate_from_settings():
    recorded = record(
        lambda: Sampling(
            "sampling",
            SamplingArgs(service_names=["mobile-prod-api"], fixed_rate_percent=5, reservoir_per_second=1),
            opts=in_provider(provider()),
        )
    )
    rule = recorded.one("aws:xray/samplingRule:SamplingRule").inputs
    assert (rule["ruleName"], rule["serviceName"], rule["fixedRate"], rule["reservoirSize"]) == (
        "mobile-prod-api",
        "mobile-prod-api",
        0.05,
        1,
    )
    with pytest.raises(ValueError, match="at most 32 characters"):
        SamplingArgs(service_names=["x" * 33], fixed_rate_percent=5, reservoir_per_second=1)
