"""Database and cache subnet groups contain only private or isolated subnets."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, as_list, setting
from policies.support.stack import label, of_type

NAME = "data-store-private-subnets"
DESCRIPTION = (
    "RDS and ElastiCache subnet groups list only subnets of this stack whose tier tag is isolated (or "
    "private) and that map no public IPs."
)
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH RDS.18", "SH ElastiCache.7", "custom: isolated data tier")
ROWS = ("5", "32")
SUBNET = "aws:ec2/subnet:Subnet"
GROUPS = ("aws:rds/subnetGroup:SubnetGroup", "aws:elasticache/subnetGroup:SubnetGroup")
TYPES = frozenset({SUBNET, *GROUPS})
REMEDIATION = "Build data-store subnet groups from the network component's isolated subnets only."
CONFIG = {
    "tierTag": {"type": "string", "default": "bulkhead:tier", "description": "tag naming a subnet's tier"},
    "allowedTiers": {
        "type": "array",
        "items": {"type": "string"},
        "default": ["isolated", "private"],
        "description": "tiers a data store may be placed in",
    },
}


def _problem(subnet, tag, allowed) -> str | None:
    if subnet is None:
        return "is not declared in this stack, so its tier cannot be verified"
    tier = (subnet.props.get("tags") or {}).get(tag)
    if tier not in allowed:
        return f"is in tier {tier!r} (tag {tag})"
    if as_bool(subnet.props.get("mapPublicIpOnLaunch")) is True:
        return "maps public IPs on launch"
    return None


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    subnets = {s.props.get("id"): s for s in of_type(args.resources, SUBNET) if s.props.get("id")}
    tag, allowed = setting(args, CONFIG, "tierTag"), setting(args, CONFIG, "allowedTiers")
    for group in of_type(args.resources, *GROUPS):
        for subnet_id in as_list(group.props.get("subnetIds")):
            problem = _problem(subnets.get(subnet_id), tag, allowed)
            if problem:
                report_violation(
                    f"{label(group)} subnetIds: {subnet_id!r} {problem}; use isolated subnets only", group.urn
                )
