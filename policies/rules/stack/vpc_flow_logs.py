"""Every VPC records all its traffic."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.stack import label, linked, of_type

NAME = "ec2-vpc-flow-logs"
DESCRIPTION = "Every VPC has a flow log capturing ALL traffic."
SEVERITY = "medium"
CATEGORY = "LOG"
CONTROLS = ("SH EC2.6", "CIS 3.7", "CKV2_AWS_11", "NAG VPC7")
ROWS = ("70",)
VPC = "aws:ec2/vpc:Vpc"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
TYPES = frozenset({VPC, FLOW_LOG})
REMEDIATION = "Add aws.ec2.FlowLog(vpc_id=..., traffic_type='ALL', log_destination=<encrypted log group>)."


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    logs = of_type(args.resources, FLOW_LOG)
    for vpc in of_type(args.resources, VPC):
        mine = [f for f in logs if linked(f, f.props.get("vpcId"), vpc)]
        if not any(f.props.get("trafficType") == "ALL" for f in mine):
            report_violation(
                f"{label(vpc)} has no flow log with trafficType ALL (found "
                f"{[f.props.get('trafficType') for f in mine]}); add one",
                vpc.urn,
            )
