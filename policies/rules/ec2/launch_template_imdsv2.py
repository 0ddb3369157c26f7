"""Nodes require IMDSv2 with a hop limit of 1, so pods cannot borrow the node's credentials."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.ec2 import imds_problems
from policies.support.props import setting

NAME = "ec2-launch-template-imdsv2"
DESCRIPTION = "Launch templates require IMDSv2 tokens with a response hop limit of 1."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = (
    "SH EC2.170",
    "SH AutoScaling.3",
    "CIS 5.7",
    "CKV_AWS_79",
    "CKV_AWS_341",
    "NAG R5-EC2IMDSv2Enabled",
)
ROWS = ("44",)
TYPES = frozenset({"aws:ec2/launchTemplate:LaunchTemplate"})
REMEDIATION = (
    "Set metadata_options={http_tokens: 'required', http_put_response_hop_limit: 1, http_endpoint: 'enabled'}."
)
CONFIG = {
    "maxHopLimit": {
        "type": "integer",
        "minimum": 1,
        "maximum": 2,
        "default": 1,
        "description": "largest allowed IMDS response hop limit",
    }
}


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in TYPES:
        return
    for problem in imds_problems(args.props, setting(args, CONFIG, "maxHopLimit")):
        report_violation(problem)
