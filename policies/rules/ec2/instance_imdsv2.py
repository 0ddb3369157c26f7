"""Instances require IMDSv2 with a hop limit of 1, like the node launch templates."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.ec2 import imds_problems

NAME = "ec2-instance-imdsv2"
DESCRIPTION = "EC2 instances require IMDSv2 tokens with a response hop limit of 1."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("SH EC2.8", "CIS 5.7", "CKV_AWS_79", "NAG R5-EC2IMDSv2Enabled")
ROWS = ("X7",)
TYPES = frozenset({"aws:ec2/instance:Instance"})
REMEDIATION = "Set metadata_options={http_tokens: 'required', http_put_response_hop_limit: 1}."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type in TYPES:
        for problem in imds_problems(args.props, 1):
            report_violation(problem)
