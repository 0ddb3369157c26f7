"""What AWS accepts for the front door: load balancers, WAF, Route 53 health checks, ACM.

Each value names its source (AWS documentation, checked 2026-11); docs/deployability.md lists the same
facts with the test or rule that backs each. Pure values: settings, components and tooling import
this module, so it imports no provider SDK.
"""

from __future__ import annotations

# The facts the policy pack enforces live in its own folder (it is published alone); re-exported here.
from policies.support.edge_facts import (  # noqa: F401
    ALB_ACCESS_LOG_SSE_ALGORITHM,
    ELB_LOG_DELIVERY_ACCOUNTS,
    ELB_LOG_DELIVERY_SERVICE_PRINCIPAL,
    TLS13_POLICIES,
)

# --- Application Load Balancer ---------------------------------------------------------------------
# The one AWS recommends (TLS 1.3 and 1.2 with strong ciphers, post-quantum key exchange offered).
DEFAULT_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"

# ELB API reference, LoadBalancerAttribute `routing.http.desync_mitigation_mode`: monitor | defensive
# (default) | strictest. `strictest` answers 400 to every request that is not RFC 7230 compliant.
DESYNC_MITIGATION_MODES = ("monitor", "defensive", "strictest")
STRICTEST_DESYNC_MITIGATION = "strictest"

# TargetGroupAttribute `deregistration_delay.timeout_seconds`: 0-3600 (default 300);
# `slow_start.duration_seconds`: 30-900, or 0 to turn slow start off.
DEREGISTRATION_DELAY_SECONDS = (0, 3600)
SLOW_START_SECONDS = (30, 900)
# Target group health checks (ELB API reference, CreateTargetGroup): interval 5-300 s, timeout 2-120 s
# and below the interval, healthy / unhealthy thresholds 2-10.
TARGET_HEALTH_INTERVAL_SECONDS = (5, 300)
TARGET_HEALTH_THRESHOLD = (2, 10)
# Kubernetes' default NodePort range (kube-apiserver --service-node-port-range); EKS keeps the default.
NODE_PORT_RANGE = (30000, 32767)
# Listener rule priorities (ELB API reference, CreateRule).
LISTENER_RULE_PRIORITY = (1, 50000)

# Route 53 alias records to a load balancer answer with the load balancer's own TTL: 60 s.
ALB_DNS_TTL_SECONDS = 60

# --- AWS WAF ---------------------------------------------------------------------------------------
# WAF Developer Guide, "Rate-based rule high-level settings": the limit is at least 10 (API maximum
# 2,000,000,000); the evaluation window is 60, 120, 300 (default) or 600 seconds.
WAF_RATE_LIMIT = (10, 2_000_000_000)
WAF_EVALUATION_WINDOWS_SECONDS = (60, 120, 300, 600)
# WAF Developer Guide, "Body inspection size limits": an ALB forwards at most the first 8 KB of a body
# to WAF; past that only the oversize handling applies.
ALB_WAF_BODY_INSPECTION_BYTES = 8 * 1024
# WAF Developer Guide, "Sending web ACL traffic logs to CloudWatch Logs": the log group name must start
# with this prefix. Redactable fields (LoggingConfiguration.RedactedFields): a single header, the URI
# path, the query string, the HTTP method; cookies travel in the `cookie` header.
WAF_LOG_GROUP_PREFIX = "aws-waf-logs-"
WAF_REDACTABLE_FIELDS = ("single_header", "uri_path", "query_string", "method")
# Managed rule groups for a JSON API (WAF Developer Guide, "AWS Managed Rules rule groups list").
WAF_MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesSQLiRuleSet",
)

# --- Route 53 health checks ------------------------------------------------------------------------
# Route 53 API reference, HealthCheckConfig: RequestInterval 10 or 30 s (fixed after creation),
# FailureThreshold 1-10, Regions: at least 3 of the checker regions below when set.
HEALTH_CHECK_INTERVALS_SECONDS = (10, 30)
HEALTH_CHECK_FAILURE_THRESHOLD = (1, 10)
MIN_HEALTH_CHECK_REGIONS = 3
HEALTH_CHECK_REGIONS = (
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
)
# Route 53 Developer Guide, "How Route 53 determines whether a health check is healthy": healthy when
# more than 18% of the checkers report healthy.
HEALTHY_CHECKER_FRACTION = 0.18


def elb_log_delivery_principal(region: str) -> dict[str, str]:
    """The principal that writes a region's ALB access logs, as a bucket policy `Principal`."""
    account = ELB_LOG_DELIVERY_ACCOUNTS.get(region)
    if account is not None:
        return {"AWS": f"arn:aws:iam::{account}:root"}
    return {"Service": ELB_LOG_DELIVERY_SERVICE_PRINCIPAL}
