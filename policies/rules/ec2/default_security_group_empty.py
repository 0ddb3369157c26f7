"""The VPC default security group allows nothing, so nothing can fall back on it."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, get, violation

NAME = "ec2-default-security-group-empty"
DESCRIPTION = "Adopted VPC default security groups have no ingress and no egress rules."
SEVERITY = "medium"
CATEGORY = "NET"
CONTROLS = ("SH EC2.2", "CIS 5.5", "CKV2_AWS_12")
ROWS = ("71",)
TYPES = frozenset({"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"})
REMEDIATION = "Adopt the default group with aws.ec2.DefaultSecurityGroup(vpc_id=...) and no ingress/egress."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    # Adopting the group with no rule lists removes every rule, which is what we want.
    for path in ("ingress", "egress"):
        if as_list(get(args.props, path)):
            report_violation(violation(path, get(args.props, path), "remove every rule"))
