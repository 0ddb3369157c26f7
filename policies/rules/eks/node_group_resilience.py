"""Node groups span AZs, keep a floor of nodes and roll gently."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_int, as_list, get, setting, violation

NAME = "eks-node-group-resilience"
DESCRIPTION = (
    "EKS managed node groups span >= 2 subnets (AZs), keep the environment's minimum size and "
    "replace at most 33% of nodes at a time."
)
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("SH AutoScaling.2 analogue", "custom: node group update config")
ROWS = ("42",)
TYPES = frozenset({"aws:eks/nodeGroup:NodeGroup"})
REMEDIATION = (
    "Pass private subnets in >= 2 AZs, scaling_config.min_size >= the minimum and "
    "update_config.max_unavailable_percentage <= 33."
)
CONFIG = {
    "minSize": {"type": "integer", "minimum": 1, "default": 2, "description": "minimum nodes"},
    "minSubnets": {"type": "integer", "minimum": 1, "default": 2, "description": "minimum subnets (AZs)"},
    "maxUnavailablePercentage": {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 33,
        "description": "largest share of nodes replaced at once",
    },
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    props = args.props
    subnets, min_subnets = get(props, "subnetIds"), setting(args, CONFIG, "minSubnets")
    if len(as_list(subnets)) < min_subnets:
        report_violation(violation("subnetIds", subnets, f"spread over >= {min_subnets} AZ subnets"))
    size, min_size = get(props, "scalingConfig.minSize"), setting(args, CONFIG, "minSize")
    if as_int(size) is None or size < min_size:
        report_violation(violation("scalingConfig.minSize", size, f"set it to >= {min_size}"))
    limit = setting(args, CONFIG, "maxUnavailablePercentage")
    percentage = get(props, "updateConfig.maxUnavailablePercentage")
    if as_int(percentage) is None or percentage > limit:
        report_violation(violation("updateConfig.maxUnavailablePercentage", percentage, f"set it to <= {limit}"))
