"""No security group admits the internet (except HTTPS to a listed public load balancer)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.network import public_part
from policies.support.props import as_int, as_list, get, setting, violation

NAME = "ec2-no-public-ingress"
DESCRIPTION = (
    "Security groups and ingress rules admit no internet address: every source range is parsed as a "
    "network (IPv4 and IPv6, any spelling) and must lie in private space; only security groups listed by "
    "exact name in publicHttps may admit the internet, on exactly TCP 443 (and those in publicHttpRedirect "
    "on exactly TCP 80, for an HTTP listener that only redirects)."
)
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = (
    "SH EC2.13",
    "SH EC2.14",
    "SH EC2.18",
    "SH EC2.19",
    "CIS 5.3",
    "CIS 5.4",
    "CKV_AWS_24",
    "CKV_AWS_25",
    "CKV_AWS_260",
    "CKV_AWS_277",
    "NAG EC23",
)
ROWS = ("72", "6")
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
TYPES = frozenset({SECURITY_GROUP, INGRESS_RULE, LEGACY_RULE})
REMEDIATION = "Admit a source security group (or a private CIDR) instead of internet addresses."
CONFIG = {
    "publicHttps": {
        "type": "array",
        "items": {"type": "string", "pattern": "^[^*?\\[\\]]+$"},
        "default": [],
        "description": "exact resource names (security groups or ingress rules of public load balancers) that "
        "may admit the internet on exactly TCP 443",
    },
    "publicHttpRedirect": {
        "type": "array",
        "items": {"type": "string", "pattern": "^[^*?\\[\\]]+$"},
        "default": [],
        "description": "exact resource names (ingress rules of public load balancers whose HTTP listener only "
        "redirects to HTTPS, checked by lb-listener-tls) that may admit the internet on exactly TCP 80",
    },
}
CIDR_KEYS = ("cidrBlocks", "ipv6CidrBlocks", "cidrIpv4", "cidrIpv6")


def _single_tcp_port(rule, port: int) -> bool:
    protocol = str(rule.get("protocol", rule.get("ipProtocol", ""))).lower()
    return protocol in ("tcp", "6") and as_int(rule.get("fromPort")) == port and as_int(rule.get("toPort")) == port


def _check(rule, where, allowed_ports, report_violation):
    ranges = [c for key in CIDR_KEYS for c in as_list(rule.get(key))]
    public, invalid = public_part(ranges)
    if invalid:
        report_violation(violation(where, invalid, "use valid CIDR notation for a private range"))
    if public and not any(_single_tcp_port(rule, port) for port in allowed_ports):
        report_violation(violation(where, public, "admit a source security group instead of internet addresses"))


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    allowed_ports = [
        port
        for port, key in ((443, "publicHttps"), (80, "publicHttpRedirect"))
        if args.name in setting(args, CONFIG, key)
    ]
    props = args.props
    if args.resource_type == SECURITY_GROUP:
        for index, rule in enumerate(as_list(get(props, "ingress"))):
            _check(rule, f"ingress[{index}]", allowed_ports, report_violation)
    elif args.resource_type == INGRESS_RULE or (args.resource_type == LEGACY_RULE and props.get("type") == "ingress"):
        _check(props, "sourceRanges", allowed_ports, report_violation)
