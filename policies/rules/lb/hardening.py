"""Load balancers span AZs, drop malformed headers and resist accidental deletion."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, require_true, setting, violation

NAME = "lb-hardening"
DESCRIPTION = (
    "Load balancers span >= 2 AZ subnets, drop invalid HTTP headers and use the strictest desync mitigation "
    "(ALB), and enable deletion protection where required."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("SH ELB.4", "SH ELB.6", "SH ELB.13", "CKV_AWS_131", "CKV_AWS_150")
ROWS = ("78",)
TYPES = frozenset({"aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"})
REMEDIATION = (
    "Pass subnets in >= 2 AZs, set drop_invalid_header_fields=True, desync_mitigation_mode='strictest' and "
    "enable_deletion_protection=True."
)
CONFIG = {
    "desyncMitigationModes": {
        "type": "array",
        "items": {"type": "string", "enum": ["monitor", "defensive", "strictest"]},
        "default": ["strictest"],
        "description": "accepted ALB desync mitigation modes (HTTP request smuggling)",
    },
    "requireDeletionProtection": {
        "type": "boolean",
        "default": True,
        "description": "require enable_deletion_protection",
    },
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    subnets = as_list(get(args.props, "subnets")) or as_list(get(args.props, "subnetMappings"))
    if len(subnets) < 2:
        report_violation(violation("subnets", get(args.props, "subnets"), "spread over >= 2 AZ subnets"))
    if get(args.props, "loadBalancerType") in (None, "application"):
        require_true(args.props, report_violation, "dropInvalidHeaderFields")
        mode = get(args.props, "desyncMitigationMode")  # absent: AWS's default, defensive
        if mode not in setting(args, CONFIG, "desyncMitigationModes"):
            allowed = setting(args, CONFIG, "desyncMitigationModes")
            report_violation(violation("desyncMitigationMode", mode, f"set it to one of {allowed}"))
    if setting(args, CONFIG, "requireDeletionProtection"):
        require_true(args.props, report_violation, "enableDeletionProtection")
