"""The Kubernetes API is private (dev may open it to listed CIDRs)."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, get, require_true, setting, violation

NAME = "eks-private-endpoint"
DESCRIPTION = "EKS clusters enable the private API endpoint and disable the public one (unless allowed)."
SEVERITY = "critical"
CATEGORY = "NET"
CONTROLS = ("SH EKS.1", "CKV_AWS_39", "NAG EKS1")
ROWS = ("34",)
TYPES = frozenset({"aws:eks/cluster:Cluster"})
REMEDIATION = "Set vpc_config.endpoint_private_access=True and endpoint_public_access=False."
CONFIG = {
    "allowPublicEndpoint": {
        "type": "boolean",
        "default": False,
        "description": "allow a public endpoint (restricted by eks-public-access-cidrs)",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    require_true(args.props, report_violation, "vpcConfig.endpointPrivateAccess")
    public = get(args.props, "vpcConfig.endpointPublicAccess")
    if as_bool(public) is not False and not setting(args, CONFIG, "allowPublicEndpoint"):
        report_violation(violation("vpcConfig.endpointPublicAccess", public, "set it to false (the default is true)"))
