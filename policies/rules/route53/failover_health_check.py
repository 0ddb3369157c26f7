"""Records that fail over are gated by a health check, and that check sees the endpoint from several places."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "route53-failover-health-check"
DESCRIPTION = (
    "Route 53 PRIMARY failover records carry a health check; health checks probe over HTTPS with a resource path, "
    "from at least 3 checker regions when regions are listed."
)
SEVERITY = "high"
CATEGORY = "AV"
CONTROLS = ("custom: DNS failover is health-checked",)
ROWS = ("78",)
RECORD = "aws:route53/record:Record"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
TYPES = frozenset({RECORD, HEALTH_CHECK})
REMEDIATION = (
    "Give the PRIMARY record health_check_id=<health check>; create the check with type='HTTPS', resource_path="
    "<readiness path> and regions=[3+ checker regions]."
)
MIN_REGIONS = 3
ENDPOINT_TYPES = ("HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    props = args.props
    if args.resource_type == RECORD:
        failover = [get(policy, "type") for policy in as_list(get(props, "failoverRoutingPolicies"))]
        if "PRIMARY" in failover and not get(props, "healthCheckId"):
            report_violation(violation("healthCheckId", None, "gate the PRIMARY failover record with a health check"))
    elif args.resource_type == HEALTH_CHECK:
        kind = get(props, "type")
        if kind not in ENDPOINT_TYPES:
            return  # calculated / CloudWatch-alarm / recovery-control checks probe nothing themselves
        if not kind.startswith("HTTPS"):
            report_violation(violation("type", kind, "probe over HTTPS, the way clients connect"))
        if kind != "TCP" and not get(props, "resourcePath"):
            report_violation(violation("resourcePath", None, "probe the service's readiness path"))
        regions = as_list(get(props, "regions"))
        if regions and len(set(regions)) < MIN_REGIONS:
            report_violation(violation("regions", regions, f"list at least {MIN_REGIONS} checker regions"))
