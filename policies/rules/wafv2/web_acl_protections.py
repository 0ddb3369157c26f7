"""Web ACLs carry the managed rule groups a JSON API needs, a per-IP rate limit and a body size limit."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, setting, violation

NAME = "wafv2-web-acl-protections"
DESCRIPTION = (
    "WAF web ACLs include the required AWS managed rule groups (not overridden to count), a rate-based rule "
    "per client IP, and a size constraint on the request body."
)
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH WAF.10", "CKV_AWS_192", "custom: rate limit per client IP")
ROWS = ("78",)
TYPES = frozenset({"aws:wafv2/webAcl:WebAcl"})
REMEDIATION = (
    "Add managed_rule_group_statement rules (vendor AWS) for each required group with override_action none, a "
    "rate_based_statement with aggregate_key_type IP, and a size_constraint_statement on the body."
)
CONFIG = {
    "requiredManagedGroups": {
        "type": "array",
        "items": {"type": "string"},
        "default": [
            "AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesKnownBadInputsRuleSet",
            "AWSManagedRulesAmazonIpReputationList",
            "AWSManagedRulesSQLiRuleSet",
        ],
        "description": "AWS managed rule groups every web ACL must use",
    },
    "maxRateLimit": {
        "type": "integer",
        "minimum": 10,
        "default": 100000,
        "description": "highest per-IP rate limit accepted",
    },
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    rules = as_list(get(args.props, "rules"))
    enforced_groups = {
        get(rule, "statement.managedRuleGroupStatement.name")
        for rule in rules
        if get(rule, "statement.managedRuleGroupStatement.vendorName") == "AWS"
        and get(rule, "overrideAction.count") is None
    }
    for group in setting(args, CONFIG, "requiredManagedGroups"):
        if group not in enforced_groups:
            report_violation(violation("rules", f"no enforced {group}", f"add the {group} managed rule group"))
    limits = [
        get(rule, "statement.rateBasedStatement.limit")
        for rule in rules
        if get(rule, "statement.rateBasedStatement.aggregateKeyType") == "IP" and get(rule, "action.block") is not None
    ]
    highest = setting(args, CONFIG, "maxRateLimit")
    if not any(isinstance(limit, int | float) and limit <= highest for limit in limits):
        report_violation(
            violation("rules", limits or None, f"add a blocking rate_based_statement per IP with limit <= {highest}")
        )
    if not any(get(rule, "statement.sizeConstraintStatement.fieldToMatch.body") is not None for rule in rules):
        report_violation(violation("rules", None, "add a blocking size_constraint_statement on the body"))
