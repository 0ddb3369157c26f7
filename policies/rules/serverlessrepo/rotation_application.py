"""Serverless applications are AWS's published rotation functions, pinned, deployed inside the VPC."""

import re

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_list, describe, get

NAME = "serverlessrepo-rotation-application"
DESCRIPTION = (
    "Serverless Application Repository stacks deploy only the Secrets Manager rotation applications AWS "
    "publishes, at a pinned version, with no capability beyond IAM and resource policies, in VPC subnets."
)
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: AWS-published rotation function, pinned and in the VPC", "SH SecretsManager.1")
ROWS = ("54",)
TYPES = frozenset({"aws:serverlessrepository/cloudFormationStack:CloudFormationStack"})
REMEDIATION = (
    "Use application_id arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManager...Rotation..., "
    "set semantic_version, capabilities CAPABILITY_IAM and CAPABILITY_RESOURCE_POLICY only, and parameters "
    "vpcSubnetIds and vpcSecurityGroupIds."
)
AWS_ROTATION_APPLICATION = re.compile(
    r"^arn:aws[a-z-]*:serverlessrepo:[a-z0-9-]+:(297356227824|193023089310|023102451235):applications/"
    r"SecretsManager[A-Za-z0-9]+Rotation(SingleUser|MultiUser)$"
)
ALLOWED_CAPABILITIES = frozenset({"CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"})


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    props = args.props
    application = get(props, "applicationId")
    if not isinstance(application, str) or not AWS_ROTATION_APPLICATION.match(application):
        report_violation(
            f"applicationId is {describe(application)}; deploy only a Secrets Manager rotation application "
            "AWS publishes"
        )
    if not get(props, "semanticVersion"):
        report_violation("semanticVersion is <absent>; pin the application version (absent deploys the latest)")
    extra = sorted(set(as_list(get(props, "capabilities"))) - ALLOWED_CAPABILITIES)
    if extra:
        report_violation(f"capabilities {extra} go beyond {sorted(ALLOWED_CAPABILITIES)}; drop them")
    for parameter in ("vpcSubnetIds", "vpcSecurityGroupIds"):
        if not get(props, f"parameters.{parameter}"):
            report_violation(f"parameters.{parameter} is <absent>; run the function in the database's VPC")
