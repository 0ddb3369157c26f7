"""No security group admits the whole internet (except HTTPS to a public load balancer, if allowed)."""

from fnmatch import fnmatchcase

from policies.support.props import as_list, get, setting, violation

NAME = "ec2-no-public-ingress"
DESCRIPTION = (
    "Security groups and ingress rules do not admit 0.0.0.0/0 or ::/0 (TCP 443, and 80 to redirect, only for "
    "listed public load balancers)."
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
TYPES = frozenset(
    {
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "aws:ec2/securityGroupRule:SecurityGroupRule",
    }
)
REMEDIATION = "Admit a source security group (or a specific internal CIDR) instead of the internet."
CONFIG = {
    "publicHttps": {
        "type": "array",
        "items": {"type": "string"},
        "default": [],
        "description": "resource-name globs (security groups or ingress rules of public load balancers) that "
        "may admit the internet on exactly TCP 443",
    },
    "publicHttpRedirect": {
        "type": "array",
        "items": {"type": "string"},
        "default": [],
        "description": "resource-name globs (ingress rules of public load balancers whose HTTP listener only "
        "redirects to HTTPS, checked by lb-listener-tls) that may admit the internet on exactly TCP 80",
    },
}
OPEN = ("0.0.0.0/0", "::/0")


def _single_tcp_port(rule, port: int) -> bool:
    return (
        rule.get("fromPort") == port
        and rule.get("toPort") == port
        and rule.get("protocol", rule.get("ipProtocol")) in ("tcp", "6")
    )


def _check(rule, cidr_paths, where, allowed_ports, report_violation):
    cidrs = [c for path in cidr_paths for c in as_list(rule.get(path))]
    open_cidrs = [c for c in cidrs if c in OPEN]
    if open_cidrs and not any(_single_tcp_port(rule, port) for port in allowed_ports):
        report_violation(violation(where, open_cidrs, "admit a source security group instead of the internet"))


def validate(args, report_violation):
    allowed_ports = [
        port
        for port, key in ((443, "publicHttps"), (80, "publicHttpRedirect"))
        if any(fnmatchcase(args.name, pattern) for pattern in setting(args, CONFIG, key))
    ]
    props = args.props
    if args.resource_type == "aws:ec2/securityGroup:SecurityGroup":
        for index, rule in enumerate(as_list(get(props, "ingress"))):
            _check(
                rule,
                ("cidrBlocks", "ipv6CidrBlocks"),
                f"ingress[{index}].cidrBlocks",
                allowed_ports,
                report_violation,
            )
    elif args.resource_type == "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
        _check(props, ("cidrIpv4", "cidrIpv6"), "cidrIpv4", allowed_ports, report_violation)
    elif args.resource_type in TYPES and props.get("type") == "ingress":
        _check(props, ("cidrBlocks", "ipv6CidrBlocks"), "cidrBlocks", allowed_ports, report_violation)
