"""No internet-facing application load balancer without a WAF web ACL in front of it."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.props import as_bool, get
from policies.support.stack import label, of_type, referenced

NAME = "lb-internet-facing-waf"
DESCRIPTION = "Every internet-facing application load balancer is associated with a WAF web ACL."
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("SH ELB.16", "CKV2_AWS_28")
ROWS = ("78",)
LOAD_BALANCERS = ("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
TYPES = frozenset({*LOAD_BALANCERS, ASSOCIATION})
REMEDIATION = "Add aws.wafv2.WebAclAssociation(resource_arn=<load balancer ARN>, web_acl_arn=<REGIONAL web ACL ARN>)."


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    associations = of_type(args.resources, ASSOCIATION)
    for balancer in of_type(args.resources, *LOAD_BALANCERS):
        internet_facing = as_bool(get(balancer.props, "internal")) is not True
        application = get(balancer.props, "loadBalancerType") in (None, "application")
        if not (internet_facing and application):
            continue
        if not any(referenced(a.props.get("resourceArn"), balancer) and a.props.get("webAclArn") for a in associations):
            report_violation(
                f"{label(balancer)} is internet-facing with no WebAclAssociation; put a WAF web ACL in front of it",
                balancer.urn,
            )
