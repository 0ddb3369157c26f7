"""A CodeBuild project (the in-VPC runner) runs inside the VPC, without Docker privileges, not public."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, describe, get, require_false, require_set

NAME = "codebuild-project-isolated"
DESCRIPTION = (
    "CodeBuild projects run in a VPC (subnets and security groups set), with privileged mode off, "
    "private build visibility and no public build badge."
)
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH CodeBuild.5", "CKV_AWS_316", "custom: runner inside the cluster's VPC")
ROWS = ("72", "X12")
TYPES = frozenset({"aws:codebuild/project:Project"})
REMEDIATION = (
    "Set vpc_config={vpc_id, subnets: <private subnets>, security_group_ids: [<own group>]}, "
    "environment.privileged_mode=False, and leave project_visibility PRIVATE and badge_enabled off."
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    props = args.props
    require_set(props, report_violation, "vpcConfig.subnets", "the VPC's private subnets")
    require_set(props, report_violation, "vpcConfig.securityGroupIds", "a security group of its own")
    require_false(props, report_violation, "environment.privilegedMode")
    visibility = get(props, "projectVisibility")
    if visibility not in (None, "PRIVATE"):
        report_violation(f"projectVisibility is {describe(visibility)}; leave it PRIVATE (builds show logs)")
    if as_bool(get(props, "badgeEnabled")) is True:
        report_violation("badgeEnabled is true; turn it off (the badge URL is public)")
