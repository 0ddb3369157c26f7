"""A public API endpoint, where allowed at all, is open only to a few listed networks."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.network import parse, union_size
from policies.support.props import as_bool, as_list, get, setting, violation

NAME = "eks-public-access-cidrs"
DESCRIPTION = (
    "An EKS public endpoint lists valid CIDRs whose union (parsed as networks, overlaps counted once) "
    "covers at most maxAddresses IPv4 addresses and no more than a /48 of IPv6: never the internet, "
    "however it is spelled or split (0.0.0.0/1 + 128.0.0.0/1)."
)
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("CKV_AWS_38",)
ROWS = ("35",)
TYPES = frozenset({"aws:eks/cluster:Cluster"})
REMEDIATION = "Set vpc_config.public_access_cidrs to the office/VPN CIDRs, or turn the public endpoint off."
CONFIG = {
    "maxAddresses": {
        "type": "integer",
        "minimum": 1,
        "default": 65536,
        "description": "largest number of IPv4 addresses the public endpoint may admit",
    }
}
IPV6_LIMIT = 2**80  # a /48


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    # The provider default for endpointPublicAccess is true, so absent counts as public.
    if as_bool(get(args.props, "vpcConfig.endpointPublicAccess")) is False:
        return
    cidrs = get(args.props, "vpcConfig.publicAccessCidrs")
    values = as_list(cidrs)
    limit = setting(args, CONFIG, "maxAddresses")
    invalid = [v for v in values if parse(v) is None]
    if not values or invalid or union_size(values, 4) > limit or union_size(values, 6) > IPV6_LIMIT:
        report_violation(
            violation(
                "vpcConfig.publicAccessCidrs",
                cidrs,
                f"list a few valid office/VPN CIDRs (at most {limit} IPv4 addresses; AWS defaults to 0.0.0.0/0)",
            )
        )
