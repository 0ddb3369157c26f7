"""A security group egress rule opens one protocol and port to one destination; the internet only on HTTPS."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.network import public_part
from policies.support.props import as_int, get, violation

NAME = "ec2-egress-rule-scoped"
DESCRIPTION = (
    "Security group egress rules (aws.vpc.SecurityGroupEgressRule, used by the in-VPC runner and the "
    "rotation functions) name one protocol and one port, never all traffic; a destination range that "
    "holds internet addresses is allowed on TCP 443 only (AWS APIs and the state backend through NAT)."
)
SEVERITY = "medium"
CATEGORY = "NET"
CONTROLS = ("CKV_AWS_382", "custom: egress limited to what the workload calls")
ROWS = ("X13",)
TYPES = frozenset({"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"})
REMEDIATION = (
    "Give ip_protocol='tcp' (or 'udp') with from_port == to_port, and a destination security group "
    "(referenced_security_group_id) where the peer is in the VPC; cidr_ipv4='0.0.0.0/0' only with port 443."
)
_ALL_TRAFFIC = ("-1", "all")
HTTPS = 443


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    props = args.props
    protocol = get(props, "ipProtocol")
    if str(protocol).lower() in _ALL_TRAFFIC or protocol is None:
        report_violation(violation("ipProtocol", protocol, "name one protocol (tcp or udp) and one port"))
        return
    low, high = as_int(get(props, "fromPort")), as_int(get(props, "toPort"))
    if low is None or high is None or low != high:
        report_violation(violation("fromPort..toPort", [get(props, "fromPort"), get(props, "toPort")], "open one port"))
        return
    destinations = [get(props, key) for key in ("cidrIpv4", "cidrIpv6")]
    public, invalid = public_part(d for d in destinations if d is not None)
    for value in invalid:
        report_violation(violation("cidr", value, "give a CIDR block AWS reads as written"))
    if public and not (str(protocol).lower() in ("tcp", "6") and low == HTTPS):
        report_violation(
            violation("cidr", public, f"internet destinations only on TCP {HTTPS}; name the peer's security group")
        )
