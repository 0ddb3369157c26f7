"""Load balancer listeners speak TLS 1.3 (and 1.2 with strong ciphers); plain HTTP only redirects to HTTPS."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.edge_facts import TLS13_POLICIES
from policies.support.props import as_list, get, setting, violation

NAME = "lb-listener-tls"
DESCRIPTION = (
    "Load balancer listeners use HTTPS/TLS with a TLS 1.3 security policy; HTTP listeners only redirect to HTTPS."
)
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("SH ELB.1", "SH ELB.17", "CKV_AWS_2", "CKV_AWS_103", "NAG ELB2")
ROWS = ("78",)
TYPES = frozenset({"aws:lb/listener:Listener", "aws:alb/listener:Listener"})
REMEDIATION = "Set protocol='HTTPS' with ssl_policy='ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09' and a certificate."
CONFIG = {
    "sslPolicies": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "default": list(TLS13_POLICIES),
        "description": "accepted TLS security policies",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    protocol = get(args.props, "protocol")
    if protocol in ("HTTP", None):
        actions = as_list(get(args.props, "defaultActions"))
        if not actions or any(get(a, "type") != "redirect" or get(a, "redirect.protocol") != "HTTPS" for a in actions):
            report_violation(violation("protocol", protocol, "use HTTPS, or redirect every request to HTTPS"))
        return
    if protocol in ("HTTPS", "TLS"):
        allowed = setting(args, CONFIG, "sslPolicies")
        if get(args.props, "sslPolicy") not in allowed:
            report_violation(violation("sslPolicy", get(args.props, "sslPolicy"), f"set it to one of {allowed}"))
    else:
        report_violation(violation("protocol", protocol, "use HTTPS or TLS"))
