"""A public API endpoint, where allowed at all, is open only to listed networks."""

from policies.support.props import as_bool, as_list, get, violation

NAME = "eks-public-access-cidrs"
DESCRIPTION = "An EKS public endpoint is restricted to explicit CIDRs, never 0.0.0.0/0."
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("CKV_AWS_38",)
ROWS = ("35",)
TYPES = frozenset({"aws:eks/cluster:Cluster"})
REMEDIATION = "Set vpc_config.public_access_cidrs to the office/VPN CIDRs, or turn the public endpoint off."
OPEN = ("0.0.0.0/0", "::/0")


def validate(args, report_violation):
    if args.resource_type not in TYPES:
        return
    # The provider default for endpointPublicAccess is true, so absent counts as public.
    if as_bool(get(args.props, "vpcConfig.endpointPublicAccess")) is False:
        return
    cidrs = get(args.props, "vpcConfig.publicAccessCidrs")
    if not as_list(cidrs) or any(c in OPEN for c in as_list(cidrs)):
        report_violation(
            violation("vpcConfig.publicAccessCidrs", cidrs, "list specific CIDRs (AWS defaults to 0.0.0.0/0)")
        )
