"""A regional AWS WAF web ACL for a JSON API (behind a load balancer, or a Cognito user pool), with redacted logging.

Rules, in evaluation order: AWS IP reputation list, a per-client-IP rate limit, tighter per-IP limits
scoped to some requests (a user pool's sign-in and sign-up), a body size limit, then the managed common,
known-bad-inputs and SQL injection rule groups. Everything not blocked is allowed. Logs go to a
CMK-encrypted CloudWatch log group (WAF requires the `aws-waf-logs-` prefix) with the Authorization
and Cookie headers redacted: they carry the clients' credentials.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.reference.edge import (
    ALB_WAF_BODY_INSPECTION_BYTES,
    WAF_EVALUATION_WINDOWS_SECONDS,
    WAF_LOG_GROUP_PREFIX,
    WAF_RATE_LIMIT,
)
from components.support.logs import encrypted_log_group
from components.support.validation import require_between

REDACTED_HEADERS = ("authorization", "cookie")
# Managed groups, in priority order after the IP reputation list (which runs first: cheapest and
# drops known-bad sources before they count against the rate limit).
MANAGED_GROUPS_AFTER_LIMITS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
)
IP_REPUTATION_GROUP = "AWSManagedRulesAmazonIpReputationList"


@dataclass(frozen=True, kw_only=True)
class ScopedRateLimit:
    """A per-client-IP rate limit that counts only the requests `scope` matches.

    Attributes:
        name: Rule name, a DNS label such as `sign-in-per-ip`.
        limit: Matching requests one IP may send per window before it is blocked, 10-2,000,000,000.
        scope: A WAF statement (provider argument shape) selecting the requests counted.
    """

    name: str
    limit: int
    scope: Mapping[str, Any]

    def __post_init__(self) -> None:
        require_between(f"ScopedRateLimit.limit ({self.name})", self.limit, *WAF_RATE_LIMIT)


@dataclass(frozen=True, kw_only=True)
class WebAclArgs:
    """Inputs for `WebAcl`.

    Attributes:
        rate_limit: Requests one client IP may send per window before it is blocked, 10-2,000,000,000.
        logs_kms_key_arn: CMK of the WAF log group.
        log_retention_days: Retention of the WAF log group (a CloudWatch Logs value).
        rate_window_seconds: Evaluation window of the rate limit: 60 | 120 | 300 | 600. Default: 300
        max_body_bytes: Bodies larger than this are blocked, 1-8192. Default: 8192
        scoped_limits: Tighter limits on some requests, each no looser than `rate_limit`. Default: - none.
        protects: What the ACL is in front of, for its description. Default: JSON API front door
    """

    rate_limit: int
    logs_kms_key_arn: pulumi.Input[str]
    log_retention_days: int
    rate_window_seconds: int = 300
    max_body_bytes: int = ALB_WAF_BODY_INSPECTION_BYTES
    scoped_limits: Sequence[ScopedRateLimit] = ()
    protects: str = "JSON API front door"

    def __post_init__(self) -> None:
        require_between("WebAclArgs.rate_limit", self.rate_limit, *WAF_RATE_LIMIT)
        require_between("WebAclArgs.max_body_bytes", self.max_body_bytes, 1, ALB_WAF_BODY_INSPECTION_BYTES)
        if self.rate_window_seconds not in WAF_EVALUATION_WINDOWS_SECONDS:
            raise ValueError(
                f"WebAclArgs.rate_window_seconds: must be one of {list(WAF_EVALUATION_WINDOWS_SECONDS)} "
                f"(got {self.rate_window_seconds})"
            )
        for scoped in self.scoped_limits:
            if scoped.limit > self.rate_limit:
                raise ValueError(
                    f"WebAclArgs.scoped_limits: {scoped.name} must be <= rate_limit {self.rate_limit} "
                    f"(got {scoped.limit})"
                )


class WebAcl(pulumi.ComponentResource):
    """A REGIONAL web ACL (associate it with load balancers of the same region) and its logging."""

    arn: pulumi.Output[str]
    log_group_name: str

    def __init__(self, name: str, args: WebAclArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:edge:WebAcl", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        acl = aws.wafv2.WebAcl(
            f"{name}-acl",
            scope="REGIONAL",
            description=f"{name}: {args.protects}",
            default_action={"allow": {}},
            rules=web_acl_rules(name, args),
            visibility_config=_visibility(name),
            opts=child,
        )
        self.arn = acl.arn
        self.log_group_name = f"{WAF_LOG_GROUP_PREFIX}{name}"
        log_group = encrypted_log_group(
            f"{name}-logs",
            log_group_name=self.log_group_name,
            kms_key_arn=args.logs_kms_key_arn,
            retention_days=args.log_retention_days,
            parent=self,
        )
        aws.wafv2.WebAclLoggingConfiguration(
            f"{name}-logging",
            resource_arn=acl.arn,
            log_destination_configs=[log_group.arn],
            redacted_fields=[{"single_header": {"name": header}} for header in REDACTED_HEADERS],
            opts=child,
        )
        self.register_outputs({"arn": self.arn, "log_group_name": self.log_group_name})


def web_acl_rules(name: str, args: WebAclArgs) -> list[dict[str, Any]]:
    """The rules in priority order (exposed for tests)."""
    limits = [("rate-limit-per-ip", args.rate_limit, None)] + [
        (scoped.name, scoped.limit, scoped.scope) for scoped in args.scoped_limits
    ]
    rules = [_managed(name, IP_REPUTATION_GROUP, 0)]
    rules += [
        _rate_limit(name, rule_name, limit, args.rate_window_seconds, scope, priority)
        for priority, (rule_name, limit, scope) in enumerate(limits, start=1)
    ]
    after_limits = len(rules)
    rules += [
        {
            "name": "body-size-limit",
            "priority": after_limits,
            "action": {"block": {}},
            "statement": {
                "size_constraint_statement": {
                    # A body past the inspection limit counts as a match, so it is blocked too.
                    "field_to_match": {"body": {"oversize_handling": "MATCH"}},
                    "comparison_operator": "GT",
                    "size": args.max_body_bytes,
                    "text_transformations": [{"priority": 0, "type": "NONE"}],
                }
            },
            "visibility_config": _visibility(f"{name}-body-size-limit"),
        },
    ]
    rules += [
        _managed(name, group, after_limits + 1 + index) for index, group in enumerate(MANAGED_GROUPS_AFTER_LIMITS)
    ]
    return rules


def _rate_limit(
    name: str, rule_name: str, limit: int, window: int, scope: Mapping[str, Any] | None, priority: int
) -> dict[str, Any]:
    statement: dict[str, Any] = {"limit": limit, "evaluation_window_sec": window, "aggregate_key_type": "IP"}
    if scope is not None:
        statement["scope_down_statement"] = dict(scope)
    return {
        "name": rule_name,
        "priority": priority,
        "action": {"block": {}},
        "statement": {"rate_based_statement": statement},
        "visibility_config": _visibility(f"{name}-{rule_name}"),
    }


def _managed(name: str, group: str, priority: int) -> dict[str, Any]:
    return {
        "name": group,
        "priority": priority,
        "override_action": {"none": {}},  # the group's own block actions apply
        "statement": {"managed_rule_group_statement": {"name": group, "vendor_name": "AWS"}},
        "visibility_config": _visibility(f"{name}-{group}"),
    }


def _visibility(metric: str) -> dict[str, Any]:
    return {"cloudwatch_metrics_enabled": True, "metric_name": metric[:128], "sampled_requests_enabled": True}
