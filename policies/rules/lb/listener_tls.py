"""Load balancer listeners speak TLS 1.2+ (plain HTTP only to redirect to HTTPS)."""

from policies.support.props import as_list, get, setting, violation

NAME = "lb-listener-tls"
DESCRIPTION = "Load balancer listeners use HTTPS/TLS with a TLS 1.2+ policy; HTTP listeners only redirect to HTTPS."
SEVERITY = "high"
CATEGORY = "EiT"
CONTROLS = ("SH ELB.1", "SH ELB.17", "CKV_AWS_2", "CKV_AWS_103", "NAG ELB2")
ROWS = ("78",)
TYPES = frozenset({"aws:lb/listener:Listener", "aws:alb/listener:Listener"})
REMEDIATION = "Set protocol='HTTPS' with ssl_policy='ELBSecurityPolicy-TLS13-1-2-2021-06' and a certificate."
CONFIG = {
    "sslPolicies": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "default": [
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-TLS-1-2-2017-01",
            "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        ],
        "description": "accepted TLS security policies",
    }
}


def validate(args, report_violation):
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
