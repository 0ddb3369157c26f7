"""Only public-tier subnets hand out public IPs."""

from fnmatch import fnmatchcase

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, get, setting, violation

NAME = "ec2-subnet-no-public-ip"
DESCRIPTION = "Private and isolated subnets do not map public IPs on launch."
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH EC2.15", "CKV_AWS_130")
ROWS = ("72",)
TYPES = frozenset({"aws:ec2/subnet:Subnet"})
REMEDIATION = "Set map_public_ip_on_launch=False on private/isolated subnets (it is only for the public tier)."
CONFIG = {
    "publicSubnetNames": {
        "type": "array",
        "items": {"type": "string"},
        "default": ["*public*"],
        "description": "resource-name globs of the public tier",
    },
    "tierTag": {"type": "string", "default": "bulkhead:tier", "description": "tag naming a subnet's tier"},
}


def _is_public(args) -> bool:
    """Public tier by tag (bulkhead:tier=public) or, for untagged subnets, by resource name."""
    tier = (get(args.props, "tags") or {}).get(setting(args, CONFIG, "tierTag"))
    if tier is not None:
        return tier == "public"
    return any(fnmatchcase(args.name, pattern) for pattern in setting(args, CONFIG, "publicSubnetNames"))


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES or _is_public(args):
        return
    # Absent is the AWS default (false); only an explicit true exposes instances.
    if as_bool(get(args.props, "mapPublicIpOnLaunch")) is True:
        report_violation(violation("mapPublicIpOnLaunch", True, "set it to false on non-public subnets"))
