"""Sign-in and sign-up are what attackers hammer: a WAF web ACL sits in front of every user pool."""

from pulumi_policy import StackValidationArgs

from policies.rule import ReportViolation
from policies.support.stack import label, linked, of_type

NAME = "cognito-user-pool-waf"
DESCRIPTION = "Every Cognito user pool is associated with a REGIONAL WAF web ACL of its region."
SEVERITY = "high"
CATEGORY = "NET"
CONTROLS = ("custom: WAF in front of Cognito user pools",)
ROWS = ("X14",)
USER_POOL = "aws:cognito/userPool:UserPool"
ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
TYPES = frozenset({USER_POOL, ASSOCIATION})
REMEDIATION = "Add aws.wafv2.WebAclAssociation(resource_arn=<user pool ARN>, web_acl_arn=<REGIONAL web ACL ARN>)."


def validate_stack(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    associations = of_type(args.resources, ASSOCIATION)
    for pool in of_type(args.resources, USER_POOL):
        if not any(
            linked(association, association.props.get("resourceArn"), pool) and association.props.get("webAclArn")
            for association in associations
        ):
            report_violation(f"{label(pool)} has no WebAclAssociation; put a WAF web ACL in front of it", pool.urn)
